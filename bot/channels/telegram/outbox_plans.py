"""What each outbox message is and how it goes out: to the group, to a caseworker, or to a
survivor. Planned from the database just before sending, so the text is built when it is sent
and nothing sensitive waits in the outbox."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId
from telegram.constants import MessageLimit

from bot import texts
from bot.channels.telegram.services import TelegramServices
from bot.chat_keys import telegram_chat_id
from bot.engine.engine import Content
from bot.escalation import cases as kinds
from bot.escalation.cards import case_card, claimed_card, short_card
from bot.escalation.staff import StaffRepository
from bot.storage.models import Case, OutboxMessage, Survivor


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


async def send_case_card(bot: Bot, chat_id: int, case_id: int, card: str) -> Message:
    """The full card, in as many messages as Telegram's length limit needs (a long story, or
    much typed while the request waited), with the case's buttons under the last."""
    *first, last = in_parts(card)
    for part in first:
        await bot.send_message(chat_id, part)
    return await bot.send_message(chat_id, last, reply_markup=case_card_buttons(case_id))


def in_parts(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Text in pieces no longer than one message: cut between lines where it can be, and
    inside a line only when the line alone is longer than a message."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        joined = f"{current}\n{line}" if current else line
        if len(joined) <= limit:
            current = joined
            continue
        if current:
            parts.append(current)
        while len(line) > limit:
            parts.append(line[:limit])
            line = line[limit:]
        current = line
    return [*parts, current] if current else parts


def topic_titles(content: Content) -> dict[str, str]:
    """The topics a survivor read, as titles on the case card."""
    return {key: flow.title for key, flow in content.flows.flows.items()}


@dataclass(frozen=True)
class Delivery:
    outbox_id: int
    case_id: int
    kind: str
    chat_id: int | None
    source_chat_id: int | None
    source_message_id: int | None
    edits_outbox_id: int | None


@dataclass(frozen=True)
class Plan:
    chat_id: int
    send: Callable[[Bot], Awaitable[Message | MessageId | bool]]
    survivor_key: str | None = None
    """Set when the message goes to a survivor, so a quick exit can delete it too."""


class Undeliverable(Exception):
    """The message can never be delivered (its case was closed, or its survivor erased)."""


class NotYet(Exception):
    """The message cannot go out yet (no caseworker chat configured, or the card an edit
    changes is not sent yet): it is tried again shortly."""


class OutboxPlanner:
    def __init__(self, services: TelegramServices, group_chat: Callable[[], int | None]) -> None:
        self.database = services.database
        self.clock = services.clock
        self.content = services.content
        self._group_chat = group_chat

    def plan(self, delivery: Delivery) -> Plan:
        """Who gets this message and how it is sent."""
        with self.database.transaction() as session:
            case = session.get(Case, delivery.case_id)
            assert case is not None
            survivor = session.get(Survivor, case.survivor_id) if case.survivor_id else None
            card = short_card(case, self.clock.now())
            claimed_by, status, language = case.claimed_by, case.status, case.language
            # Checked at the last moment: a removed caseworker gets nothing more of a case.
            if claimed_by is not None and StaffRepository(session).caseworker(claimed_by) is None:
                claimed_by = None
            survivor_chat = telegram_chat_id(survivor.chat_key) if survivor else None
            survivor_key = survivor.chat_key if survivor else None
            if survivor is not None:
                language = survivor.language
        t = self.content().translations.translator(language)
        case_id = delivery.case_id
        if delivery.kind in kinds.GROUP_CARDS:
            chat = delivery.chat_id if delivery.chat_id is not None else self._group_chat()
            if chat is None:
                raise NotYet("no caseworker chat is configured")
            if delivery.kind != kinds.ALERT and status != "open":
                raise Undeliverable("the case was claimed meanwhile")
            if delivery.kind == kinds.REALERT:
                card = f"Still not claimed: {card}"
            elif delivery.kind == kinds.RELEASED:
                card = f"Waiting again, its caseworker was removed: {card}"
            claim = button("Claim", f"case:claim:{case_id}")
            return Plan(chat, lambda bot: bot.send_message(chat, card, reply_markup=claim))
        if delivery.kind == kinds.TO_CASEWORKER_CARD:
            return self._plan_case_card(delivery, claimed_by, status)
        if delivery.kind == kinds.CARD_CLAIMED:
            return self._plan_card_claimed(delivery)
        if delivery.kind in (kinds.TO_CASEWORKER_COPY, kinds.TO_CASEWORKER_ENDED):
            if claimed_by is None:
                raise Undeliverable("nobody registered as a caseworker holds the case")
            if delivery.kind == kinds.TO_CASEWORKER_ENDED:
                text = f"Case #{case_id}: the survivor ended the conversation. It is resolved."
                return Plan(claimed_by, lambda bot: bot.send_message(claimed_by, text))
            if status != "claimed" or survivor_chat is None:
                raise Undeliverable("the conversation has ended")
            reply = button(f"Reply to case #{case_id}", f"case:reply:{case_id}")
            message_id = delivery.source_message_id
            return Plan(
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
            return Plan(
                survivor_chat,
                lambda bot: bot.send_message(survivor_chat, notice, reply_markup=keyboard),
                survivor_key,
            )
        closing = delivery.kind == kinds.TO_SURVIVOR_RESOLVED
        text = t(texts.CASE_CLOSED if closing else texts.CASE_CLAIMED)
        return Plan(survivor_chat, lambda bot: bot.send_message(survivor_chat, text), survivor_key)

    def _plan_case_card(self, delivery: Delivery, claimed_by: int | None, status: str) -> Plan:
        """The full card for a claim made in the web console, as a claim on Telegram sends it."""
        chat = delivery.chat_id
        if chat is None or claimed_by != chat or status != "claimed":
            raise Undeliverable("the claim was undone or the case resolved before it went out")
        now = self.clock.now()
        with self.database.transaction() as session:
            case = session.get(Case, delivery.case_id)
            assert case is not None
            card = case_card(session, case, now, topic_titles(self.content()))
        return Plan(chat, lambda bot: send_case_card(bot, chat, delivery.case_id, card))

    def _plan_card_claimed(self, delivery: Delivery) -> Plan:
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
        return Plan(
            chat, lambda bot: bot.edit_message_text(text, chat_id=chat, message_id=message_id)
        )
