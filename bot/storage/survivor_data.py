"""Everything kept about one survivor, as the engine's SurvivorStore for one transaction.

Their own rows (state, message ids, reminders) are storage's; their cases are the escalation
feature's, reached through the `Cases` it implements and bot/app.py hands in, so storage imports
no feature and `/mydata` and `/forget` still cover every table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.engine.actions import StoredAbout
from bot.storage.counts import DailyCounts
from bot.storage.models import ChatMessage, Reminder, Survivor

Repository = TypeVar("Repository")


class Cases(Protocol):
    """What the core needs of the escalation feature about one survivor's cases."""

    def claimed_case(self, survivor_id: int) -> int | None: ...

    def relay_to_caseworker(self, case_id: int, message_ref: int, now: datetime) -> None: ...

    def add_to_waiting_case(self, survivor_id: int, text: str, now: datetime) -> bool: ...

    def listed(self, survivor_id: int) -> list[tuple[int, str, datetime]]:
        """Their cases, oldest first: number, status and when it opened."""
        ...

    def notes_count(self, survivor_id: int) -> int:
        """How many messages they added to a request while it waited."""
        ...

    def let_go(self, survivor_id: int) -> int:
        """Before their row is deleted: their cases stay, but keep nothing of them (neither
        their words nor their chat). Returns how many of the cases are still open."""
        ...


CasesOn = Callable[[Session], Cases]
"""Builds the escalation feature's `Cases` on a transaction's session."""


class SurvivorData:
    """Implements the engine's SurvivorStore inside one transaction."""

    def __init__(self, session: Session, cases: CasesOn) -> None:
        self.session = session
        self.cases = cases(session)

    def claimed_case(self, survivor_id: int) -> int | None:
        return self.cases.claimed_case(survivor_id)

    def relay_to_caseworker(self, case_id: int, message_ref: int, now: datetime) -> None:
        self.cases.relay_to_caseworker(case_id, message_ref, now)

    def add_to_waiting_case(self, survivor_id: int, text: str, now: datetime) -> bool:
        return self.cases.add_to_waiting_case(survivor_id, text, now)

    def count(
        self, metric: str, key: str, language: str | None, nation: str | None, now: datetime
    ) -> None:
        DailyCounts(self.session).add(metric, now, key, language, nation)

    def repository(self, build: Callable[[Session], Repository]) -> Repository:
        return build(self.session)

    def stored_about(self, survivor_id: int) -> StoredAbout:
        message_ids = self.session.scalar(
            select(func.count()).where(ChatMessage.survivor_id == survivor_id)
        )
        return StoredAbout(
            self.cases.listed(survivor_id),
            self.cases.notes_count(survivor_id),
            message_ids or 0,
            self._reminders(survivor_id),
        )

    def erase_survivor(self, survivor_id: int) -> dict[str, int]:
        """Delete the survivor and all that hangs off them; open cases are kept, anonymised,
        without the words they added to them. Nothing left holds their chat id or the id of a
        message in their chat (tests/test_forget_leaves_nothing.py reads every column)."""
        open_cases = self.cases.let_go(survivor_id)
        reminders = self._reminders(survivor_id)
        self.session.execute(delete(ChatMessage).where(ChatMessage.survivor_id == survivor_id))
        # Their reminders and every message planned from them go with them (ON DELETE CASCADE).
        self.session.execute(delete(Survivor).where(Survivor.id == survivor_id))
        return {"cases_anonymised": open_cases, "reminders": reminders}

    def _reminders(self, survivor_id: int) -> int:
        count = self.session.scalar(select(func.count()).where(Reminder.survivor_id == survivor_id))
        return count or 0
