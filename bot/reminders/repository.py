"""Reminders in the database: the survivors' rules, and every message planned from them.

The database is the source of truth. Planning turns the next occurrence of each due reminder
into rows of `reminder_messages`, one per message, each unique by (reminder, occurrence,
purpose): planning again after a restart finds them there, and a row marked sent is never sent
again. So a restart loses nothing and sends nothing twice, and a scheduler holds no reminders.

What the survivor told, and the time, purpose and answer of each message, are sealed: the rows
keep in clear only what the scheduler queries (due times, status, ids), as SECURITY.md lists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.engine import tallies
from bot.reminders.plan import ReminderDraft, planned_messages
from bot.reminders.schedule import Notice, QuietHours, Repeat, Rule
from bot.storage.counts import DailyCounts
from bot.storage.models import Reminder, ReminderMessage, Survivor
from bot.storage.sealing import Keyring, SealingError

LOOK_BACK = timedelta(days=7)
"""Occurrences older than this when the bot comes back are not planned at all."""
PENDING, SENT, LATE, SUMMARISED, FAILED = "pending", "sent", "late", "summarised", "failed"
BY_SURVIVOR, BLOCKED = "survivor", "blocked"
# A planned message with its reminder and survivor: everything needed to word and send it.
_WITH_SURVIVOR = (
    select(ReminderMessage, Reminder, Survivor)
    .join(Reminder, ReminderMessage.reminder_id == Reminder.id)
    .join(Survivor, Reminder.survivor_id == Survivor.id)
)


@dataclass(frozen=True)
class SavedReminder:
    id: int
    draft: ReminderDraft
    paused: str | None
    next_occurrence: datetime | None


@dataclass(frozen=True)
class MissedCheckin:
    """A reporting whose safety check-in went unanswered: where and when the survivor was."""

    occurrence_at: datetime
    draft: ReminderDraft


@dataclass(frozen=True)
class DueMessage:
    """A planned message with what is needed to word it; what and where are opened here."""

    id: int
    reminder_id: int
    survivor_id: int
    chat_key: str
    language: str | None
    full_wording: bool
    purpose: str
    occurrence_at: datetime
    due_at: datetime
    attempts: int
    draft: ReminderDraft


class ReminderRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        keyring = session.info.get("keyring")
        if keyring is None:
            raise SealingError("WAYPOST_SECRET_KEY is needed to read or write reminders")
        self.keyring: Keyring = keyring

    # the survivor's reminders

    def add(self, survivor_id: int, draft: ReminderDraft, now: datetime) -> SavedReminder:
        row = Reminder(survivor_id=survivor_id, created_at=now, timing=0)
        self._write(row, draft)
        self.session.add(row)
        self.session.flush()
        self._replan(row, now)
        DailyCounts(self.session).add_for_survivor(
            tallies.REMINDER_SET, now, survivor_id, draft.kind
        )
        return self._saved(row, now)

    def change(
        self, survivor_id: int, reminder_id: int, draft: ReminderDraft, now: datetime
    ) -> SavedReminder | None:
        row = self._own(survivor_id, reminder_id)
        if row is None:
            return None
        self._write(row, draft)
        self._replan(row, now)
        return self._saved(row, now)

    def of_survivor(self, survivor_id: int, now: datetime) -> list[SavedReminder]:
        rows = self.session.scalars(
            select(Reminder).where(Reminder.survivor_id == survivor_id).order_by(Reminder.id)
        )
        return [self._saved(row, now) for row in rows]

    def find(self, survivor_id: int, reminder_id: int, now: datetime) -> SavedReminder | None:
        row = self._own(survivor_id, reminder_id)
        return None if row is None else self._saved(row, now)

    def delete(self, survivor_id: int, reminder_id: int) -> bool:
        row = self._own(survivor_id, reminder_id)
        if row is None:
            return False
        self.session.delete(row)
        return True

    def pause(self, survivor_id: int, reminder_id: int | None, why: str) -> int:
        """Pause one reminder (or all, with None); unsent messages are withdrawn."""
        rows = self._rows(survivor_id, reminder_id)
        for row in rows:
            row.paused, row.next_due_at = why, None
            self._withdraw_pending(row.id)
        return len(rows)

    def resume(self, survivor_id: int, reminder_id: int | None, now: datetime) -> int:
        rows = [row for row in self._rows(survivor_id, reminder_id) if row.paused]
        for row in rows:
            row.paused = None
            self._replan(row, now)
        return len(rows)

    def set_quiet_hours(self, survivor_id: int, quiet_hours: str | None, now: datetime) -> None:
        """New quiet hours, and every active reminder planned again around them."""
        survivor = self.session.get(Survivor, survivor_id)
        if survivor is None:
            return
        survivor.quiet_hours = quiet_hours
        for row in self._rows(survivor_id, None):
            if not row.paused:
                self._replan(row, now)

    # planning and delivery

    def plan_due(self, now: datetime, limit: int = 1000) -> int:
        """Plan the messages of every occurrence whose first message is due; return how many
        reminders were planned."""
        rows = self.session.scalars(
            select(Reminder)
            .where(Reminder.next_due_at <= now, Reminder.paused.is_(None))
            .order_by(Reminder.next_due_at)
            .limit(limit)
        ).all()
        quiet = self._quiet_hours({row.survivor_id for row in rows})
        for row in rows:
            draft = self._draft(row)
            while row.next_due_at is not None and row.next_due_at <= now:
                assert row.next_index is not None
                if draft.rule.occurrence(row.next_index) >= now - LOOK_BACK:
                    self._materialise(row, draft, row.next_index, quiet.get(row.survivor_id), None)
                self._advance(row, draft, row.next_index + 1, quiet.get(row.survivor_id))
        return len(rows)

    def next_due(self) -> datetime | None:
        """The earliest moment anything about reminders must happen, for the scheduler."""
        moments = [
            self.session.scalar(select(func.min(Reminder.next_due_at))),
            self.session.scalar(
                select(func.min(ReminderMessage.due_at)).where(ReminderMessage.status == PENDING)
            ),
            self.session.scalar(
                select(func.min(ReminderMessage.answer_by)).where(
                    ReminderMessage.has_answer.is_(False), ReminderMessage.escalated_at.is_(None)
                )
            ),
        ]
        return min((m for m in moments if m is not None), default=None)

    def due(self, now: datetime, limit: int, status: str = PENDING) -> list[DueMessage]:
        rows = self.session.execute(
            _WITH_SURVIVOR.where(ReminderMessage.status == status, ReminderMessage.due_at <= now)
            .order_by(ReminderMessage.due_at, ReminderMessage.id)
            .limit(limit)
        ).all()
        return [self._due(message, reminder, survivor) for message, reminder, survivor in rows]

    def message(self, survivor_id: int, message_id: int) -> DueMessage | None:
        """One of this survivor's reminder messages; None for anyone else's."""
        found = self.session.execute(
            _WITH_SURVIVOR.where(
                ReminderMessage.id == message_id, Reminder.survivor_id == survivor_id
            )
        ).first()
        return None if found is None else self._due(*found)

    def set_status(self, message_ids: list[int], status: str) -> None:
        for message_id in message_ids:
            row = self.session.get(ReminderMessage, message_id)
            if row is not None:
                row.status = status

    def sent(self, message_id: int, now: datetime, answer_by: datetime | None) -> None:
        row = self.session.get(ReminderMessage, message_id)
        if row is not None:
            row.status, row.sent_at, row.answer_by = SENT, now, answer_by
            row.attempts += 1
            reminder = self.session.get(Reminder, row.reminder_id)
            if reminder is not None:
                purpose = str(self._opened(row).get("purpose", ""))
                DailyCounts(self.session).add_for_survivor(
                    tallies.REMINDER_DELIVERED, now, reminder.survivor_id, purpose
                )

    def retry_at(self, message_id: int, at: datetime) -> int:
        """Try again at `at`; return how many attempts have been made."""
        row = self.session.get(ReminderMessage, message_id)
        if row is None:
            return 0
        row.attempts += 1
        row.due_at = max(row.due_at, at)
        return row.attempts

    def answer(self, message_id: int, answer: str, now: datetime) -> bool:
        """Record the survivor's answer after a reporting; False if it was answered already."""
        row = self.session.get(ReminderMessage, message_id)
        if row is None or row.has_answer:
            return False
        row.has_answer = True
        row.sealed = self.keyring.seal({**self.keyring.open(row.sealed), "answer": answer})
        reminder = self.session.get(Reminder, row.reminder_id)
        if reminder is not None:
            DailyCounts(self.session).add_for_survivor(
                tallies.CHECKIN_ANSWERED, now, reminder.survivor_id, answer
            )
        return True

    def silent_checkins(self, now: datetime) -> list[DueMessage]:
        """Safety check-ins sent, not answered in time, not yet brought to a caseworker."""
        rows = self.session.execute(
            _WITH_SURVIVOR.where(
                ReminderMessage.answer_by <= now,
                ReminderMessage.has_answer.is_(False),
                ReminderMessage.escalated_at.is_(None),
            )
        ).all()
        return [self._due(*found) for found in rows]

    def missed_checkins(self, survivor_id: int, since: datetime) -> list[MissedCheckin]:
        """Safety check-ins of this survivor brought to a caseworker since then, oldest first."""
        rows = self.session.execute(
            _WITH_SURVIVOR.where(
                Reminder.survivor_id == survivor_id, ReminderMessage.escalated_at >= since
            )
        ).all()
        missed = [
            MissedCheckin(_occurrence_at(self._opened(m)), self._draft(r)) for m, r, _ in rows
        ]
        return sorted(missed, key=lambda checkin: checkin.occurrence_at)

    def escalated(self, message_id: int, now: datetime) -> None:
        row = self.session.get(ReminderMessage, message_id)
        if row is not None:
            row.escalated_at = now

    def reseal_all(self) -> int:
        """Seal every reminder and planned message again with the newest key."""
        count = 0
        for model in (Reminder, ReminderMessage):
            rows = self.session.scalars(select(model).where(model.sealed != "")).all()
            for row in rows:
                row.sealed = self.keyring.reseal(row.sealed)
            count += len(rows)
        return count

    # inside

    def _own(self, survivor_id: int, reminder_id: int) -> Reminder | None:
        row = self.session.get(Reminder, reminder_id)
        return row if row is not None and row.survivor_id == survivor_id else None

    def _rows(self, survivor_id: int, reminder_id: int | None) -> list[Reminder]:
        if reminder_id is not None:
            row = self._own(survivor_id, reminder_id)
            return [row] if row else []
        return list(
            self.session.scalars(select(Reminder).where(Reminder.survivor_id == survivor_id))
        )

    def _write(self, row: Reminder, draft: ReminderDraft) -> None:
        if row.sealed and _timing(self._draft(row)) != _timing(draft):
            row.timing += 1
        checkin = draft.checkin_after
        row.sealed = self.keyring.seal(
            {
                "kind": draft.kind,
                "first_day": draft.rule.first_day.isoformat(),
                "at": draft.rule.at.strftime("%H:%M"),
                "repeat": draft.rule.repeat.value,
                "notices": [notice.value for notice in draft.notices],
                "checkin_after": None if checkin is None else int(checkin.total_seconds() // 60),
                "what": draft.what,
                "place": draft.place,
            }
        )

    def _draft(self, row: Reminder) -> ReminderDraft:
        told = self.keyring.open(row.sealed)
        return ReminderDraft(
            kind=told["kind"],
            rule=Rule(
                date.fromisoformat(told["first_day"]),
                time.fromisoformat(told["at"]),
                Repeat(told["repeat"]),
            ),
            notices=tuple(Notice(code) for code in told["notices"]),
            checkin_after=None
            if told["checkin_after"] is None
            else timedelta(minutes=told["checkin_after"]),
            what=told.get("what"),
            place=told.get("place"),
        )

    def _opened(self, message: ReminderMessage) -> dict[str, Any]:
        opened: dict[str, Any] = self.keyring.open(message.sealed)
        return opened

    def _saved(self, row: Reminder, now: datetime) -> SavedReminder:
        draft = self._draft(row)
        index = draft.rule.next_index(now)
        upcoming = None if index is None else draft.rule.occurrence(index)
        return SavedReminder(row.id, draft, row.paused, upcoming)

    def _replan(self, row: Reminder, now: datetime) -> None:
        """Plan from `now` on: unsent messages withdrawn, the next occurrence planned now."""
        self._withdraw_pending(row.id)
        draft = self._draft(row)
        quiet = self._quiet_hours({row.survivor_id}).get(row.survivor_id)
        index = draft.rule.next_index(now)
        if index is None:
            row.next_index, row.next_due_at = None, None
            return
        self._materialise(row, draft, index, quiet, skip_before=now)
        self._advance(row, draft, index + 1, quiet)

    def _advance(
        self, row: Reminder, draft: ReminderDraft, index: int, quiet: QuietHours | None
    ) -> None:
        """Point the reminder at occurrence `index`: due when its first message is."""
        if draft.rule.repeat is Repeat.ONCE and index > 0:
            row.next_index, row.next_due_at = index, None
            return
        occurrence = draft.rule.occurrence(index)
        planned = planned_messages(draft, occurrence, quiet)
        row.next_index = index
        row.next_due_at = min((p.due_at for p in planned), default=occurrence)

    def _materialise(
        self,
        row: Reminder,
        draft: ReminderDraft,
        index: int,
        quiet: QuietHours | None,
        skip_before: datetime | None,
    ) -> None:
        """Add the messages of occurrence `index` that are not there yet."""
        existing = set(
            self.session.scalars(
                select(ReminderMessage.position).where(
                    ReminderMessage.reminder_id == row.id,
                    ReminderMessage.timing == row.timing,
                    ReminderMessage.occurrence == index,
                )
            )
        )
        occurrence = draft.rule.occurrence(index)
        for position, planned in enumerate(planned_messages(draft, occurrence, quiet)):
            if position in existing:
                continue
            if skip_before is not None and planned.due_at < skip_before:
                continue
            self.session.add(
                ReminderMessage(
                    reminder_id=row.id,
                    timing=row.timing,
                    occurrence=index,
                    position=position,
                    sealed=self.keyring.seal(
                        {"at": occurrence.isoformat(), "purpose": planned.purpose}
                    ),
                    due_at=planned.due_at,
                    status=PENDING,
                    attempts=0,
                )
            )

    def _withdraw_pending(self, reminder_id: int) -> None:
        self.session.execute(
            delete(ReminderMessage).where(
                ReminderMessage.reminder_id == reminder_id, ReminderMessage.status == PENDING
            )
        )

    def _quiet_hours(self, survivor_ids: set[int]) -> dict[int, QuietHours]:
        if not survivor_ids:
            return {}
        rows = self.session.execute(
            select(Survivor.id, Survivor.quiet_hours).where(
                Survivor.id.in_(survivor_ids), Survivor.quiet_hours.is_not(None)
            )
        )
        return {survivor_id: QuietHours.parse(text) for survivor_id, text in rows}

    def _due(self, message: ReminderMessage, reminder: Reminder, survivor: Survivor) -> DueMessage:
        opened = self._opened(message)
        return DueMessage(
            id=message.id,
            reminder_id=reminder.id,
            survivor_id=survivor.id,
            chat_key=survivor.chat_key,
            language=survivor.language,
            full_wording=bool(survivor.full_reminders),
            purpose=opened["purpose"],
            occurrence_at=_occurrence_at(opened),
            due_at=message.due_at,
            attempts=message.attempts,
            draft=self._draft(reminder),
        )


def _timing(draft: ReminderDraft) -> tuple[object, ...]:
    """What decides when a reminder's messages fall (quiet hours aside)."""
    return (draft.kind, draft.rule, draft.notices, draft.checkin_after)


def _occurrence_at(opened: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(opened["at"])
