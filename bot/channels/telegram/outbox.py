"""Delivering the outbox on Telegram: case alerts to the group, and the caseworker-survivor line.

Every message to staff, and every relayed message, is a row in the outbox written in the same
transaction as what caused it. A background task sends them, urgent first, and marks each
delivered only once Telegram has accepted it; errors reschedule it, so a crash or an outage
loses nothing. Relayed messages are copied from where they were written, so no message text
waits in the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from telegram import Bot, Message, MessageId
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.channels.telegram.outbox_plans import (
    Delivery,
    NotYet,
    OutboxPlanner,
    Undeliverable,
)
from bot.channels.telegram.services import TelegramServices
from bot.escalation import cases as kinds
from bot.escalation.cases import CaseRepository
from bot.escalation.staff import StaffRepository
from bot.storage.models import OutboxMessage

logger = logging.getLogger(__name__)

ROUND = 100  # the most messages one round sends before it looks for new work
IDLE_WAKE = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=5)


class OutboxCourier:
    def __init__(self, services: TelegramServices) -> None:
        self.database = services.database
        self.clock = services.clock
        self.conversation = services.conversation
        self.caseworker_chat_id = services.settings.caseworker_chat_id
        self.supervisor_chat_id = services.settings.supervisor_chat_id
        self.urgent_claim_within = services.settings.urgent_claim_within
        self.planner = OutboxPlanner(services, self._group_chat)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

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
            self._wake.clear()
            try:
                self.realert_unclaimed()
                await self.deliver_due(bot)
                idle = self._idle_seconds()
            except Exception:  # a database or network fault must not end delivery for good
                logger.exception("outbox round failed; trying again shortly")
                idle = IDLE_WAKE.total_seconds()
            await self._sleep(idle)

    async def _sleep(self, seconds: float) -> None:
        """Until woken or `seconds` pass, whichever comes first; stop() cancels it cleanly."""
        woken = asyncio.ensure_future(self._wake.wait())
        try:
            await asyncio.wait({woken}, timeout=seconds)
        finally:
            woken.cancel()

    def realert_unclaimed(self) -> list[int]:
        """Nothing waits forever: urgent cases unclaimed for too long are alerted again."""
        with self.database.transaction() as session:
            cases = CaseRepository(session).realert_unclaimed(
                self.clock.now(), self.urgent_claim_within, self.supervisor_chat_id
            )
        if cases:
            logger.warning("%d urgent case(s) unclaimed for too long: alerting again", len(cases))
        return cases

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
                    Delivery(
                        row.id,
                        row.case_id,
                        row.kind,
                        row.chat_id,
                        row.source_chat_id,
                        row.source_message_id,
                        row.edits_outbox_id,
                    )
                    for row in CaseRepository(session).outbox.due(self.clock.now(), 1 + len(tried))
                    if row.id not in tried
                ]
            if not due:
                break
            tried.add(due[0].outbox_id)
            delivered += await self._deliver(bot, due[0])
        return delivered

    async def _deliver(self, bot: Bot, delivery: Delivery) -> int:
        try:
            plan = self.planner.plan(delivery)
        except Undeliverable as error:
            self._give_up(delivery, str(error))
            return 0
        except NotYet as error:
            self._reschedule(delivery, IDLE_WAKE, str(error))
            return 0
        try:
            sent = await plan.send(bot)
        except ChatMigrated as error:
            self.follow_migration(plan.chat_id, error.new_chat_id)
            self._reschedule(delivery, timedelta(0), "the group moved; following it")
            return 0
        except RetryAfter as error:
            self._reschedule(delivery, _seconds(error.retry_after), "Telegram asked to slow down")
            return 0
        except (Forbidden, BadRequest) as error:
            if delivery.kind in kinds.GROUP_CARDS:
                self._cannot_reach_group(delivery, plan.chat_id, error)
            elif delivery.kind == kinds.TO_CASEWORKER_CARD:
                self._card_refused(delivery, error)
            else:
                self._give_up(delivery, f"Telegram refused it ({type(error).__name__})")
            return 0
        except TelegramError as error:
            self._reschedule(delivery, _backoff(self._attempts(delivery)), type(error).__name__)
            return 0
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.sent_at, row.attempts = self.clock.now(), row.attempts + 1
            # Kept for group cards only, which may be edited later: where a message to a
            # survivor landed would link their chat to asking for help (SECURITY.md).
            if delivery.kind in kinds.GROUP_CARDS and isinstance(sent, Message | MessageId):
                row.delivered_chat_id, row.delivered_message_id = plan.chat_id, sent.message_id
            if delivery.kind == kinds.TO_CASEWORKER_CARD:
                CaseRepository(session).card_delivered(delivery.case_id, self.clock.now())
        if delivery.kind == kinds.TO_CASEWORKER_CARD:
            self.wake()  # the survivor's notice and the group edits are due now
        if plan.survivor_key is not None:
            self.conversation.remember_sent(plan.survivor_key, [sent.message_id])
        return 1

    # staff chats

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

    # after a failure

    def _attempts(self, delivery: Delivery) -> int:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            return row.attempts if row else 0

    def _reschedule(self, delivery: Delivery, after: timedelta, why: str) -> None:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.next_attempt_at = self.clock.now() + after
            row.last_error = why[:200]
        logger.info("a message for case #%d will be retried: %s", delivery.case_id, why)

    def _give_up(self, delivery: Delivery, why: str) -> None:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.failed_at, row.last_error = self.clock.now(), why[:200]
        logger.warning(
            "a %s message for case #%d was dropped: %s", delivery.kind, delivery.case_id, why
        )

    def _card_refused(self, delivery: Delivery, error: TelegramError) -> None:
        """The caseworker has no private chat with the bot: their web claim is undone, as a
        claim on Telegram would be, so the case does not wait on someone who cannot see it."""
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None and delivery.chat_id is not None
            row.attempts += 1
            row.failed_at, row.last_error = now, f"Telegram refused it ({type(error).__name__})"
            CaseRepository(session).card_refused(delivery.case_id, delivery.chat_id, now)
        logger.warning("a case card could not reach its caseworker; the claim was undone")

    def _cannot_reach_group(self, delivery: Delivery, chat_id: int, error: TelegramError) -> None:
        """A group that will not take alerts: tell operators, and use the supervisor chat."""
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


def _seconds(value: int | timedelta) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_BACKOFF)
