"""Deleting survivors' data after a long silence, after one discreet warning.

A survivor counts as active while they write, while they have an open case, or while they have
reminders to come (a paused reminder is not to come). Channels deliver the warning; this decides
who gets one and who is erased.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, exists, or_, select

from bot.clock import Clock
from bot.engine import tallies
from bot.escalation.cases import ACTIVE
from bot.escalation.survivor_cases import SurvivorCases
from bot.storage.counts import DailyCounts
from bot.storage.database import Database
from bot.storage.models import Case, Reminder, Survivor
from bot.storage.survivor_data import SurvivorData
from bot.texts import N_

WARN_BEFORE = timedelta(days=7)
WARNING = N_(
    "Hello from Waypost. If you want me to keep your information, send me any message "
    "in the next 7 days. If not, I will delete it."
)


@dataclass(frozen=True)
class ToWarn:
    chat_key: str
    language: str | None


class Retention:
    def __init__(self, database: Database, clock: Clock, keep_for: timedelta) -> None:
        self.database = database
        self.clock = clock
        self.keep_for = keep_for

    def to_warn(self) -> list[ToWarn]:
        """Survivors whose data will be deleted within a week, not yet told."""
        cutoff = self.clock.now() - (self.keep_for - WARN_BEFORE)
        with self.database.transaction() as session:
            rows = session.execute(
                select(Survivor.chat_key, Survivor.language).where(
                    Survivor.last_seen_at <= cutoff,
                    Survivor.retention_warned_at.is_(None),
                    ~_is_active(),
                )
            ).all()
        return [ToWarn(chat_key, language) for chat_key, language in rows]

    def warned(self, chat_key: str) -> None:
        with self.database.transaction() as session:
            row = session.scalars(select(Survivor).where(Survivor.chat_key == chat_key)).first()
            if row is not None:
                row.retention_warned_at = self.clock.now()

    def erase_expired(self) -> int:
        """Erase those silent past the limit who were warned at least a week ago."""
        now = self.clock.now()
        with self.database.transaction() as session:
            expired = session.scalars(
                select(Survivor.id).where(
                    Survivor.last_seen_at <= now - self.keep_for,
                    Survivor.retention_warned_at <= now - WARN_BEFORE,
                    ~_is_active(),
                )
            ).all()
            survivors = SurvivorData(session, SurvivorCases)
            counts = DailyCounts(session)
            for survivor_id in expired:
                counts.add_for_survivor(tallies.RETENTION_DELETED, now, survivor_id)
                survivors.erase_survivor(survivor_id)
        return len(expired)


def _is_active() -> ColumnElement[bool]:
    open_case = exists().where(Case.survivor_id == Survivor.id, Case.status.in_(ACTIVE))
    reminder_to_come = exists().where(
        Reminder.survivor_id == Survivor.id,
        Reminder.next_due_at.is_not(None),
        Reminder.paused.is_(None),
    )
    return or_(open_case, reminder_to_come)
