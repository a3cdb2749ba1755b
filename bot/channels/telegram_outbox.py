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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot import texts
from bot.app import Runtime
from bot.escalation import cases as kinds
from bot.escalation.cards import case_card, claimed_card, short_card
from bot.escalation.cases import CaseRepository
from bot.escalation.staff import StaffRepository
from bot.storage.models import Case, OutboxMessage, Survivor

logger = logging.getLogger(__name__)

ROUND = 100  # the most messages one round sends before it looks for new work
IDLE_WAKE = timedelta(seconds=5)
MAX_BACKOFF = timedelta(minutes=5)


def survivor_chat_id(chat_key: str) -> int | None:
    channel, _, chat_id = chat_key.partition(":")
    return int(chat_id) if channel == "telegram" else None


def button(label: str, data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data)]])


def case_card_buttons(case_id: int) -> InlineKeyboardMarkup:
    """Under the full card in a caseworker's private chat, however the case was claimed."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Reply", callback_data=f"case:reply:{case_id}")],
            [InlineKeyboardButton("Ready replies", callback_data=f"case:replies:{case_id}")],
            [InlineKeyboardButton("Resolve", callback_data=f"case:resolve:{case_id}")],
        ]
    )


def topic_titles(runtime: Runtime) -> dict[str, str]:
    """The topics a survivor read, as titles on the case card."""
    return {key: flow.title for key, flow in runtime.engine.content.flows.flows.items()}


@dataclass(frozen=True)
class _Delivery:
    outbox_id: int
    case_id: int
    kind: str
    chat_id: int | None
    source_chat_id: int | None
    source_message_id: int | None
    edits_outbox_id: int | None


@dataclass(frozen=True)
class _Plan:
    chat_id: int
    send: Callable[[Bot], Awaitable[Message | MessageId | bool]]
    survivor_key: str | None = None
    """Set when the message goes to a survivor, so a quick exit can delete it too."""


class Undeliverable(Exception):
    """The message can never be delivered (its case was closed, or its survivor erased)."""


class NotYet(Exception):
    """The message cannot go out yet (no caseworker chat configured, or the card an edit
    changes is not sent yet): it is tried again shortly."""


class OutboxCourier:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.database = runtime.database
        self.clock = runtime.clock
        self.caseworker_chat_id = runtime.settings.caseworker_chat_id
        self.supervisor_chat_id = runtime.settings.supervisor_chat_id
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
                self.clock.now(), self.runtime.settings.urgent_claim_within, self.supervisor_chat_id
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
                    _Delivery(
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

    async def _deliver(self, bot: Bot, delivery: _Delivery) -> int:
        try:
            plan = self._plan(delivery)
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
            if delivery.kind in (kinds.ALERT, kinds.REALERT):
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
            if isinstance(sent, Message | MessageId):
                row.delivered_chat_id, row.delivered_message_id = plan.chat_id, sent.message_id
            if delivery.kind == kinds.TO_CASEWORKER_CARD:
                CaseRepository(session).card_delivered(delivery.case_id, self.clock.now())
        if delivery.kind == kinds.TO_CASEWORKER_CARD:
            self.wake()  # the survivor's notice and the group edits are due now
        if plan.survivor_key is not None:
            self.runtime.conversation.remember_sent(plan.survivor_key, [sent.message_id])
        return 1

    def _plan(self, delivery: _Delivery) -> _Plan:
        """Who gets this message and how it is sent."""
        with self.database.transaction() as session:
            case = session.get(Case, delivery.case_id)
            assert case is not None
            survivor = session.get(Survivor, case.survivor_id) if case.survivor_id else None
            card = short_card(case, self.clock.now())
            claimed_by, status, language = case.claimed_by, case.status, case.language
            survivor_chat = survivor_chat_id(survivor.chat_key) if survivor else None
            survivor_key = survivor.chat_key if survivor else None
            if survivor is not None:
                language = survivor.language
        t = self.runtime.engine.content.translations.translator(language)
        case_id = delivery.case_id
        if delivery.kind in (kinds.ALERT, kinds.REALERT):
            chat = delivery.chat_id if delivery.chat_id is not None else self._group_chat()
            if chat is None:
                raise NotYet("no caseworker chat is configured")
            if delivery.kind == kinds.REALERT:
                if status != "open":
                    raise Undeliverable("the case was claimed meanwhile")
                card = f"Still not claimed: {card}"
            claim = button("Claim", f"case:claim:{case_id}")
            return _Plan(chat, lambda bot: bot.send_message(chat, card, reply_markup=claim))
        if delivery.kind == kinds.TO_CASEWORKER_CARD:
            return self._plan_case_card(delivery, claimed_by, status)
        if delivery.kind == kinds.CARD_CLAIMED:
            return self._plan_card_claimed(delivery)
        if delivery.kind in (kinds.TO_CASEWORKER_COPY, kinds.TO_CASEWORKER_ENDED):
            if claimed_by is None:
                raise Undeliverable("nobody has claimed the case")
            if delivery.kind == kinds.TO_CASEWORKER_ENDED:
                text = f"Case #{case_id}: the survivor ended the conversation. It is resolved."
                return _Plan(claimed_by, lambda bot: bot.send_message(claimed_by, text))
            if status != "claimed" or survivor_chat is None:
                raise Undeliverable("the conversation has ended")
            reply = button(f"Reply to case #{case_id}", f"case:reply:{case_id}")
            message_id = delivery.source_message_id
            return _Plan(
                claimed_by,
                lambda bot: bot.copy_message(
                    claimed_by, survivor_chat, message_id, reply_markup=reply
                ),
            )
        if survivor_chat is None:
            raise Undeliverable("the survivor's data was erased")
        if delivery.kind == kinds.TO_SURVIVOR_COPY:
            # The notification preview shows only this line; the words appear on a tap.
            show = InlineKeyboardButton(
                t(texts.SHOW_MESSAGE), callback_data=f"relay:show:{delivery.outbox_id}"
            )
            end = InlineKeyboardButton(
                t(texts.END_CONVERSATION), callback_data=f"relay:end:{case_id}"
            )
            keyboard = InlineKeyboardMarkup([[show], [end]])
            notice = t(texts.NEW_MESSAGE)
            return _Plan(
                survivor_chat,
                lambda bot: bot.send_message(survivor_chat, notice, reply_markup=keyboard),
                survivor_key,
            )
        closing = delivery.kind == kinds.TO_SURVIVOR_RESOLVED
        text = t(texts.CASE_CLOSED if closing else texts.CASE_CLAIMED)
        return _Plan(survivor_chat, lambda bot: bot.send_message(survivor_chat, text), survivor_key)

    def _plan_case_card(self, delivery: _Delivery, claimed_by: int | None, status: str) -> _Plan:
        """The full card for a claim made in the web console, as a claim on Telegram sends it."""
        chat = delivery.chat_id
        if chat is None or claimed_by != chat or status != "claimed":
            raise Undeliverable("the claim was undone or the case resolved before it went out")
        now = self.clock.now()
        with self.database.transaction() as session:
            case = session.get(Case, delivery.case_id)
            assert case is not None
            card = case_card(session, case, now, topic_titles(self.runtime))
        buttons = case_card_buttons(delivery.case_id)
        return _Plan(chat, lambda bot: bot.send_message(chat, card, reply_markup=buttons))

    def _plan_card_claimed(self, delivery: _Delivery) -> _Plan:
        """A group card edited to "Claimed by …", once the card itself has been sent."""
        with self.database.transaction() as session:
            card = session.get(OutboxMessage, delivery.edits_outbox_id)
            case = session.get(Case, delivery.case_id)
            assert card is not None and case is not None
            if card.failed_at is not None:
                raise Undeliverable("the card it changes was never sent")
            if card.delivered_chat_id is None or card.delivered_message_id is None:
                raise NotYet("the card it changes is not sent yet")
            if case.claimed_by is None:
                raise Undeliverable("the claim was undone")
            who = StaffRepository(session).caseworker(case.claimed_by)
            text = claimed_card(case, self.clock.now(), who.name if who else "a caseworker")
            chat, message_id = card.delivered_chat_id, card.delivered_message_id
        return _Plan(
            chat, lambda bot: bot.edit_message_text(text, chat_id=chat, message_id=message_id)
        )

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

    def _attempts(self, delivery: _Delivery) -> int:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            return row.attempts if row else 0

    def _reschedule(self, delivery: _Delivery, after: timedelta, why: str) -> None:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.next_attempt_at = self.clock.now() + after
            row.last_error = why[:200]
        logger.info("a message for case #%d will be retried: %s", delivery.case_id, why)

    def _give_up(self, delivery: _Delivery, why: str) -> None:
        with self.database.transaction() as session:
            row = session.get(OutboxMessage, delivery.outbox_id)
            assert row is not None
            row.attempts += 1
            row.failed_at, row.last_error = self.clock.now(), why[:200]
        logger.warning(
            "a %s message for case #%d was dropped: %s", delivery.kind, delivery.case_id, why
        )

    def _card_refused(self, delivery: _Delivery, error: TelegramError) -> None:
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

    def _cannot_reach_group(self, delivery: _Delivery, chat_id: int, error: TelegramError) -> None:
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
