"""Turning due reminder rows into messages, and recording what became of each.

Transport-agnostic: a channel asks for what is due (`collect`), sends it, and reports back
(`delivered`, `blocked`, `retry`, `undeliverable`). A row is marked sent only once the channel
says the message was accepted, in the same transaction that notes its message id for quick exit.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.engine.replies import ButtonView, Message, shaped
from bot.i18n.translator import Translations, formatting_locale, render
from bot.reminders import wording
from bot.reminders.actions import REMINDER_BUTTONS
from bot.reminders.plan import AFTER
from bot.reminders.repository import (
    BLOCKED,
    FAILED,
    LATE,
    SUMMARISED,
    DueMessage,
    ReminderRepository,
)
from bot.storage.database import Database
from bot.storage.survivors import SentMessage, SurvivorRepository
from bot.texts import N_

logger = logging.getLogger(__name__)

ROUND = 200
"""The most rows one `collect` hands out, so a storm goes out in steady batches."""
MAX_ATTEMPTS = 8

CHECKIN_ASK = N_("Are you safe? Please tap a button.")
HOW_DID_IT_GO = N_("How did it go on {when}?")
I_AM_SAFE = N_("I am safe")
I_WENT = N_("I went")
I_COULD_NOT_GO = N_("I could not go")
I_NEED_HELP = N_("I need help")
OFFLINE = N_("I was offline for a while, so I could not remind you on time of:")
SEE_ALL = N_("Send /reminders to see all your reminders.")


@dataclass(frozen=True)
class Outgoing:
    """One message to one survivor, covering one or more reminder rows."""

    chat_key: str
    survivor_id: int
    message: Message
    rows: tuple[int, ...]
    summary: bool = False
    checkin: bool = False


class ReminderCourier:
    def __init__(
        self,
        database: Database,
        clock: Clock,
        translations: Callable[[], Translations],
        grace: timedelta,
        answer_within: timedelta,
    ) -> None:
        self.database = database
        self.clock = clock
        self.translations = translations
        self.grace = grace
        self.answer_within = answer_within

    def collect(self, limit: int = ROUND) -> list[Outgoing]:
        """Plan what has fallen due and hand out the messages to send now, oldest first.

        Messages that fell due while the bot was down are sent if still useful; the others are
        set aside and reach each survivor as one short "while I was offline" summary.
        """
        now = self.clock.now()
        with self.database.transaction() as session:
            reminders = ReminderRepository(session)
            reminders.plan_due(now)
            outgoing, late = [], []
            for due in reminders.due(now, limit):
                if self._still_useful(due, now):
                    outgoing.append(self._word(due, now))
                else:
                    late.append(due.id)
            reminders.set_status(late, LATE)
            outgoing += self._summaries(reminders.due(now, limit, status=LATE))
        return outgoing

    def delivered(self, outgoing: Outgoing, message_id: int | None) -> None:
        now = self.clock.now()
        with self.database.transaction() as session:
            reminders = ReminderRepository(session)
            if outgoing.summary:
                reminders.set_status(list(outgoing.rows), SUMMARISED)
            else:
                answer_by = now + self.answer_within if outgoing.checkin else None
                for row in outgoing.rows:
                    reminders.sent(row, now, answer_by)
            if message_id is not None:
                SurvivorRepository(session).remember_messages(
                    [SentMessage(outgoing.chat_key, message_id, now)]
                )

    def blocked(self, outgoing: Outgoing) -> None:
        """The survivor blocked the bot: their reminders pause rather than fail again and
        again. They are shown as paused in /reminders if the survivor comes back."""
        with self.database.transaction() as session:
            reminders = ReminderRepository(session)
            reminders.pause(outgoing.survivor_id, None, BLOCKED)
            reminders.set_status(list(outgoing.rows), FAILED)
        logger.info("a survivor blocked the bot: their reminders are paused")

    def retry(self, outgoing: Outgoing, after: timedelta) -> None:
        """Try again later; a message that keeps failing is given up, not retried forever."""
        now = self.clock.now()
        with self.database.transaction() as session:
            reminders = ReminderRepository(session)
            for row in outgoing.rows:
                if reminders.retry_at(row, now + after) >= MAX_ATTEMPTS:
                    reminders.set_status([row], FAILED)
                    logger.warning("a reminder was given up after %d attempts", MAX_ATTEMPTS)

    def undeliverable(self, outgoing: Outgoing) -> None:
        with self.database.transaction() as session:
            ReminderRepository(session).set_status(list(outgoing.rows), FAILED)

    def next_due(self) -> datetime | None:
        with self.database.transaction() as session:
            return ReminderRepository(session).next_due()

    # wording

    def _still_useful(self, due: DueMessage, now: datetime) -> bool:
        if due.purpose == AFTER:
            window = self.grace
            if due.draft.checkin_after is not None:
                # A late safety check-in is still worth asking.
                window = max(self.grace, self.answer_within)
            return due.due_at >= now - window
        return due.due_at >= now - self.grace and due.occurrence_at > now

    def _word(self, due: DueMessage, now: datetime) -> Outgoing:
        t = self.translations().translator(due.language)
        locale = formatting_locale(due.language or "en")
        data = f"{REMINDER_BUTTONS}{{}}:{due.id}"
        checkin = due.purpose == AFTER and due.draft.checkin_after is not None
        if checkin:
            message = Message(
                t(CHECKIN_ASK),
                (
                    ButtonView(t(I_AM_SAFE), data.format("safe")),
                    ButtonView(t(I_COULD_NOT_GO), data.format("missed")),
                    ButtonView(t(I_NEED_HELP), data.format("help")),
                ),
            )
        elif due.purpose == AFTER:
            when = wording.short_when(due.occurrence_at, locale)
            message = Message(
                render(t, HOW_DID_IT_GO, when=when),
                (
                    ButtonView(t(I_WENT), data.format("went")),
                    ButtonView(t(I_COULD_NOT_GO), data.format("missed")),
                ),
            )
        elif due.full_wording:
            what = wording.what(due.draft, t)
            when = wording.when(due.occurrence_at, locale, now)
            if due.draft.place:
                text = render(t, wording.NOTICE_FULL, what=what, when=when, place=due.draft.place)
            else:
                text = render(t, wording.NOTICE_FULL_NO_PLACE, what=what, when=when)
            message = Message(text)
        else:
            when = wording.short_when(due.occurrence_at, locale)
            message = Message(
                render(t, wording.NOTICE_DISCREET, when=when),
                (ButtonView(t(wording.SHOW_DETAILS), data.format("show")),),
            )
        return Outgoing(due.chat_key, due.survivor_id, shaped(message), (due.id,), checkin=checkin)

    def _summaries(self, late: list[DueMessage]) -> list[Outgoing]:
        """One short message per survivor, listing only days and times (it is a preview too)."""
        by_survivor: dict[int, list[DueMessage]] = defaultdict(list)
        for due in late:
            by_survivor[due.survivor_id].append(due)
        summaries = []
        for survivor_id, missed in by_survivor.items():
            first = missed[0]
            t = self.translations().translator(first.language)
            locale = formatting_locale(first.language or "en")
            moments = sorted({due.occurrence_at for due in missed})
            lines = [t(OFFLINE), *(f"• {wording.short_when(m, locale)}" for m in moments)]
            lines.append(t(SEE_ALL))
            rows = tuple(due.id for due in missed)
            message = shaped(Message("\n".join(lines)))
            summaries.append(Outgoing(first.chat_key, survivor_id, message, rows, summary=True))
        return summaries
