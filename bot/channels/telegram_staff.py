"""The caseworkers' side on Telegram: delivering alerts from the outbox, Claim and Resolve.

Alerts are rows in the outbox, written with the case. A background task sends them, urgent
first, and marks each delivered only once Telegram has accepted it; errors reschedule it, so a
crash or an outage loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.ext import ContextTypes

from bot.app import Runtime
from bot.escalation.cards import claimed_card, full_card, short_card
from bot.escalation.cases import CaseRepository, ClaimOutcome
from bot.escalation.staff import StaffRepository
from bot.storage.models import Caseworker, OutboxMessage

logger = logging.getLogger(__name__)

ROUND = 100  # the most messages one round sends before it looks for new work
IDLE_WAKE = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=5)
CLAIM, RESOLVE = "case:claim:", "case:resolve:"
CALLBACK_PATTERN = r"^case:(claim|resolve):\d+$"


@dataclass(frozen=True)
class _Delivery:
    outbox_id: int
    case_id: int
    kind: str
    chat_id: int | None
    attempts: int


class StaffDesk:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.database = runtime.database
        self.clock = runtime.clock
        self.caseworker_chat_id = runtime.settings.caseworker_chat_id
        self.supervisor_chat_id = runtime.settings.supervisor_chat_id
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    # the outbox

    def wake(self) -> None:
        """Something may have been added to the outbox: look now rather than at the next tick."""
        self._wake.set()

    async def start(self, bot: Bot) -> None:
        self._task = asyncio.create_task(self._deliver_forever(bot), name="waypost-outbox")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _deliver_forever(self, bot: Bot) -> None:
        while True:
            try:
                await self.deliver_due(bot)
            except Exception:  # keep delivering whatever one round ran into
                logger.exception("outbox round failed; trying again shortly")
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._idle_seconds())

    def _idle_seconds(self) -> float:
        with self.database.transaction() as session:
            next_at = CaseRepository(session).outbox.next_attempt_at()
        if next_at is None:
            return IDLE_WAKE.total_seconds()
        wait = (next_at - self.clock.now()).total_seconds()
        return min(max(wait, 0.05), IDLE_WAKE.total_seconds())

    async def deliver_due(self, bot: Bot) -> int:
        """Send what is due, urgent first; return how many messages Telegram accepted.

        One message is picked at a time, so an urgent alert that arrives while a queue of
        normal ones is going out (at about 20 a minute per group) goes next, not last.
        """
        delivered, tried = 0, set()
        for _ in range(ROUND):
            with self.database.transaction() as session:
                due = [
                    _Delivery(row.id, row.case_id, row.kind, row.chat_id, row.attempts)
                    for row in CaseRepository(session).outbox.due(self.clock.now(), 1 + len(tried))
                    if row.id not in tried
                ]
            if not due:
                break
            tried.add(due[0].outbox_id)
            delivered += await self._deliver(bot, due[0])
        return delivered

    async def _deliver(self, bot: Bot, delivery: _Delivery) -> int:
        chat_id = delivery.chat_id if delivery.chat_id is not None else self._group_chat()
        if chat_id is None:
            self._reschedule(delivery, IDLE_WAKE, "no caseworker chat is configured")
            return 0
        with self.database.transaction() as session:
            case = CaseRepository(session).get(delivery.case_id)
            assert case is not None
            text = short_card(case, self.clock.now())
        try:
            message = await bot.send_message(chat_id, text, reply_markup=_claim_button(case.id))
        except ChatMigrated as error:
            self.follow_migration(chat_id, error.new_chat_id)
            self._reschedule(delivery, timedelta(0), "the group moved; following it")
            return 0
        except RetryAfter as error:
            self._reschedule(delivery, _seconds(error.retry_after), "Telegram asked to slow down")
            return 0
        except (Forbidden, BadRequest) as error:
            self._cannot_reach(delivery, chat_id, error)
            return 0
        except TelegramError as error:
            self._reschedule(delivery, _backoff(delivery.attempts), type(error).__name__)
            return 0
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            case = CaseRepository(session).get(delivery.case_id)
            assert row is not None and case is not None
            row.sent_at, row.attempts = self.clock.now(), row.attempts + 1
            case.alert_chat_id, case.alert_message_id = chat_id, message.message_id
        return 1

    def _group_chat(self) -> int | None:
        if self.caseworker_chat_id is None:
            return None
        with self.database.transaction() as session:
            return StaffRepository(session).current_chat(self.caseworker_chat_id)

    def is_staff_chat(self, chat_id: int) -> bool:
        configured = [c for c in (self.caseworker_chat_id, self.supervisor_chat_id) if c]
        if chat_id in configured:
            return True
        with self.database.transaction() as session:
            staff = StaffRepository(session)
            return any(staff.current_chat(c) == chat_id for c in configured)

    def follow_migration(self, old_chat_id: int, new_chat_id: int) -> None:
        """A staff group became a supergroup: alerts follow it to its new id."""
        configured = [c for c in (self.caseworker_chat_id, self.supervisor_chat_id) if c]
        with self.database.transaction() as session:
            staff = StaffRepository(session)
            for chat in configured:
                if old_chat_id in (chat, staff.current_chat(chat)):
                    staff.move_chat(chat, new_chat_id, self.clock.now())
        logger.warning("a staff group became a supergroup; alerts now go to its new id")

    def _reschedule(self, delivery: _Delivery, after: timedelta, why: str) -> None:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.next_attempt_at = self.clock.now() + after
            row.last_error = why[:200]
        logger.info("alert for case #%d will be retried: %s", delivery.case_id, why)

    def _cannot_reach(self, delivery: _Delivery, chat_id: int, error: TelegramError) -> None:
        """A chat that will not take messages: tell operators, and use the supervisor chat."""
        now = self.clock.now()
        fallback = self.supervisor_chat_id if chat_id != self.supervisor_chat_id else None
        message = (
            f"cannot post to chat {chat_id} ({type(error).__name__}): "
            + ("alerts go to the supervisor chat" if fallback else "alerts are waiting")
            + "; add the bot back to the caseworker group or fix WAYPOST_CASEWORKER_CHAT_ID"
        )
        with self.database.transaction() as session:
            StaffRepository(session).alert_operators(message, now)
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.last_error = message[:200]
            if fallback is not None:
                row.chat_id, row.next_attempt_at = fallback, now
            else:
                row.next_attempt_at = now + MAX_BACKOFF
        logger.error("operator alert: %s", message)

    # claim and resolve

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Claim (in the group) or Resolve (in private), by registered caseworkers only."""
        query = update.callback_query
        user = update.effective_user
        assert query is not None and query.data is not None and user is not None
        action, case_id = query.data.rsplit(":", 1)[0] + ":", int(query.data.rsplit(":", 1)[1])
        now = self.clock.now()
        with self.database.transaction() as session:
            caseworker = StaffRepository(session).caseworker(user.id)
        if caseworker is None:
            await query.answer("You are not authorised to act on cases.", show_alert=True)
            logger.warning("an unregistered user pressed a case button")
            return
        if action == CLAIM:
            await self._claim(query, case_id, caseworker, context.bot, now)
        else:
            await self._resolve(query, case_id, caseworker, now)

    async def _claim(
        self, query: CallbackQuery, case_id: int, caseworker: Caseworker, bot: Bot, now: datetime
    ) -> None:
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            outcome = cases.claim(case_id, caseworker, now)
            case = cases.get(case_id)
            card = full_card(case, cases.events(case_id), now) if case else ""
            group_text = claimed_card(case, now, caseworker.name) if case else ""
        if outcome is not ClaimOutcome.CLAIMED:
            await query.answer(f"Case #{case_id} is {outcome.value}.", show_alert=True)
            return
        try:
            await bot.send_message(
                caseworker.telegram_user_id, card, reply_markup=_resolve_button(case_id)
            )
        except (Forbidden, BadRequest):
            with self.database.transaction() as session:
                cases = CaseRepository(session)
                cases.release(cases.get(case_id), caseworker, now, "no private chat")
            await query.answer(
                "I cannot message you yet. Open a private chat with me, press Start, "
                "then claim again.",
                show_alert=True,
            )
            return
        await query.answer(f"Case #{case_id} is yours. The details are in our private chat.")
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(group_text)

    async def _resolve(
        self, query: CallbackQuery, case_id: int, caseworker: Caseworker, now: datetime
    ) -> None:
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            case = cases.get(case_id)
            if case is None or case.claimed_by != caseworker.telegram_user_id:
                allowed = False
            else:
                allowed = case.status != "resolved"
                if allowed:
                    cases.resolve(case, caseworker, now)
        if not allowed:
            await query.answer("Only the caseworker who claimed an open case can resolve it.")
            return
        await query.answer(f"Case #{case_id} is resolved.")
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(None)


def _claim_button(case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Claim", callback_data=f"{CLAIM}{case_id}")]]
    )


def _resolve_button(case_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Resolve", callback_data=f"{RESOLVE}{case_id}")]]
    )


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_BACKOFF)
