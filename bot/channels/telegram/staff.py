"""The caseworkers' side on Telegram: Claim, Reply and Resolve, and the line to a survivor.

Only registered caseworkers can act on a case; anyone else is told so and nothing changes.
A caseworker writes to a survivor in their own private chat with the bot; the survivor reads
it behind a discreet "You have a new message" notice.
"""

from __future__ import annotations

import contextlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.channels.telegram.outbox import OutboxCourier
from bot.channels.telegram.outbox_plans import send_case_card, topic_titles
from bot.channels.telegram.services import TelegramServices
from bot.chat_keys import telegram_chat_id
from bot.escalation.cards import case_card, claimed_card
from bot.escalation.cases import NO_PRIVATE_CHAT, TO_SURVIVOR_COPY, CaseRepository, ClaimOutcome
from bot.escalation.ready_replies import CONTEXT as READY_CONTEXT
from bot.escalation.staff import StaffRepository
from bot.i18n.translator import Translator
from bot.storage.models import Case, Caseworker, OutboxMessage, Survivor

logger = logging.getLogger(__name__)

# Case numbers of at most nine digits: a bigger one (forged) names no case and matches nothing.
CASE_BUTTONS = r"^case:(claim|reply|replies|resolve):\d{1,9}$"
READY_BUTTONS = r"^ready:\d{1,9}:[a-z][a-z0-9_]*$"
RELAY_BUTTONS = r"^relay:(show|end):\d{1,9}$"
NOT_AUTHORISED = "You are not authorised to act on cases."
CASEWORKERS_REFRESH = 30.0  # seconds
NOT_YOURS = "You can only do that for an open case you claimed."


class CaseworkerDesk:
    def __init__(self, services: TelegramServices, courier: OutboxCourier) -> None:
        self.database = services.database
        self.clock = services.clock
        self.office_hours = services.settings.office_hours
        self.conversation = services.conversation
        self.content = services.content
        self.courier = courier
        self._caseworker_ids: frozenset[int] = frozenset()
        self._caseworkers_loaded_at = -CASEWORKERS_REFRESH

    def is_caseworker(self, telegram_user_id: int) -> bool:
        """Asked of every private message, so answered from a list refreshed every half minute
        (`waypost caseworkers add` takes effect within it); acting on a case checks the database."""
        if time.monotonic() - self._caseworkers_loaded_at > CASEWORKERS_REFRESH:
            try:
                with self.database.transaction() as session:
                    people = StaffRepository(session).caseworkers()
                self._caseworker_ids = frozenset(p.telegram_user_id for p in people)
                self._caseworkers_loaded_at = time.monotonic()
            except OperationalError:
                logger.warning("caseworker list not refreshed: the database did not answer")
        return telegram_user_id in self._caseworker_ids

    # buttons on case cards

    async def on_case_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Claim (in the group), Reply and Resolve (in private): registered caseworkers only."""
        query, user = update.callback_query, update.effective_user
        assert query is not None and query.data is not None and user is not None
        _, action, number = query.data.split(":")
        case_id, now = int(number), self.clock.now()
        with self.database.transaction() as session:
            caseworker = StaffRepository(session).caseworker(user.id)
        if caseworker is None:
            await query.answer(NOT_AUTHORISED, show_alert=True)
            logger.warning("an unregistered user pressed a case button")
            return
        if action == "claim":
            await self._claim(query, case_id, caseworker, context.bot, now)
        elif action == "reply":
            await self._choose(query, case_id, caseworker)
        elif action == "replies":
            await self._offer_ready_replies(query, case_id, caseworker)
        else:
            await self._resolve(query, case_id, caseworker, now)

    async def _claim(
        self, query: CallbackQuery, case_id: int, caseworker: Caseworker, bot: Bot, now: datetime
    ) -> None:
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            # Not merged back from the press's first look: a caseworker removed since then must
            # not be written back into the database.
            outcome = cases.claim(case_id, caseworker, now, self.office_hours)
            case = cases.get(case_id)
            card = case_card(session, case, now, topic_titles(self.content())) if case else ""
            group_text = claimed_card(case, now, caseworker.name) if case else ""
        if outcome is not ClaimOutcome.CLAIMED:
            await query.answer(f"Case #{case_id} is {outcome.value}.", show_alert=True)
            return
        try:
            await send_case_card(bot, caseworker.telegram_user_id, case_id, card)
        except (Forbidden, BadRequest):
            with self.database.transaction() as session:
                cases = CaseRepository(session)
                cases.release(cases.get(case_id), caseworker, now, NO_PRIVATE_CHAT)
            await query.answer(
                "I cannot message you yet. Open a private chat with me, press Start, "
                "then claim again.",
                show_alert=True,
            )
            return
        with self.database.transaction() as session:
            CaseRepository(session).tell_survivor_claimed(case_id, now)
        self.courier.wake()
        await query.answer(f"Case #{case_id} is yours. The details are in our private chat.")
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(group_text)

    async def _choose(self, query: CallbackQuery, case_id: int, caseworker: Caseworker) -> None:
        with self.database.transaction() as session:
            current = StaffRepository(session).caseworker(caseworker.telegram_user_id)
            mine = current is not None and _is_claimed_by(session.get(Case, case_id), current)
            if current is not None and mine:
                current.writing_to_case_id = case_id
        if not mine:
            await query.answer(NOT_YOURS, show_alert=True)
            return
        await query.answer(f"Now writing to case #{case_id}. Send your message.")

    async def _offer_ready_replies(
        self, query: CallbackQuery, case_id: int, caseworker: Caseworker
    ) -> None:
        with self.database.transaction() as session:
            mine = _is_claimed_by(session.get(Case, case_id), caseworker)
        replies = self.content().ready_replies
        if not mine or not replies:
            await query.answer(NOT_YOURS if not mine else "There are no ready replies.")
            return
        await query.answer()
        keyboard = InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(text[:60], callback_data=f"ready:{case_id}:{reply_id}")]
                for reply_id, text in replies.items()
            ]
        )
        assert query.message is not None
        await query.message.reply_text(
            f"Send a ready reply to case #{case_id} (in their language):", reply_markup=keyboard
        )

    async def on_ready_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A ready reply chosen: it reaches the survivor in their language."""
        query, user = update.callback_query, update.effective_user
        assert query is not None and query.data is not None and user is not None
        _, number, reply_id = query.data.split(":")
        case_id = int(number)
        known = reply_id in self.content().ready_replies
        with self.database.transaction() as session:
            caseworker = StaffRepository(session).caseworker(user.id)
            case = session.get(Case, case_id)
            allowed = caseworker is not None and _is_claimed_by(case, caseworker) and known
            if allowed:
                CaseRepository(session).send_ready_reply(
                    case, caseworker, reply_id, self.clock.now()
                )
        if not allowed:
            await query.answer(NOT_AUTHORISED if caseworker is None else NOT_YOURS, show_alert=True)
            return
        self.courier.wake()
        await query.answer(f"Sent to case #{case_id}.")

    async def _resolve(
        self, query: CallbackQuery, case_id: int, caseworker: Caseworker, now: datetime
    ) -> None:
        with self.database.transaction() as session:
            cases = CaseRepository(session)
            case = cases.get(case_id)
            allowed = (
                case is not None
                and case.claimed_by == caseworker.telegram_user_id
                and case.status != "resolved"
            )
            if allowed:
                cases.resolve(case, caseworker, now)
        if not allowed:
            await query.answer("Only the caseworker who claimed an open case can resolve it.")
            return
        self.courier.wake()
        await query.answer(f"Case #{case_id} is resolved. The survivor has been told.")
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(None)

    # a caseworker writing in their private chat

    async def on_caseworker_message(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        """Anything a caseworker sends the bot goes to the survivor of the case they chose."""
        message, user = update.effective_message, update.effective_user
        assert message is not None and user is not None
        is_command = (message.text or "").startswith("/")
        with self.database.transaction() as session:
            caseworker = StaffRepository(session).caseworker(user.id)
            cases = CaseRepository(session)
            claimed = cases.claimed_by(caseworker) if caseworker else []
            writing_to = caseworker.writing_to_case_id if caseworker else None
            target = next((c for c in claimed if c.id == writing_to), None)
            if target is None and len(claimed) == 1:
                target = claimed[0]
            if caseworker is not None and target is not None and not is_command:
                cases.relay_from_caseworker(
                    target, caseworker, message.message_id, self.clock.now()
                )
            choices = [case.id for case in claimed]
            target_id = target.id if target else None
        if caseworker is None:  # removed since the list of caseworkers was last read
            await message.reply_text(NOT_AUTHORISED)
            return
        if target_id is None or is_command:
            await message.reply_text(_desk_help(choices), reply_markup=_reply_buttons(choices))
            return
        self.courier.wake()
        await message.reply_text(f"Sent to case #{target_id}.")

    # the survivor's side of the line

    async def on_relay_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Show a caseworker's message, or end the conversation: the case's survivor only."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and query.data is not None and chat is not None
        _, action, number = query.data.split(":")
        with self.database.transaction() as session:
            found = _survivors_case(session, action, int(number), chat.id)
            if found is not None and action == "end" and found.case.status == "claimed":
                CaseRepository(session).end_by_survivor(found.case, self.clock.now())
        if found is None:
            # Forged, stale, or another survivor's: nothing is shown and nothing changes.
            await query.answer(self._translator(None)(texts.STALE_BUTTON))
            return
        t = self._translator(found.language)
        await query.answer()
        if action == "end":
            self.courier.wake()
            sent = await context.bot.send_message(chat.id, t(texts.YOU_ENDED))
            self.conversation.remember_sent(found.chat_key, [sent.message_id])
            return
        with contextlib.suppress(TelegramError):
            await query.edit_message_text(t(texts.FROM_CASEWORKER))
        ready = self.content().ready_replies
        if found.ready_reply is not None:
            text = t(ready.get(found.ready_reply, texts.STALE_BUTTON), READY_CONTEXT)
            shown = await context.bot.send_message(chat.id, text)
        else:
            assert found.source_chat_id is not None and found.source_message_id is not None
            shown = await context.bot.copy_message(
                chat.id, found.source_chat_id, found.source_message_id
            )
        self.conversation.remember_sent(found.chat_key, [shown.message_id])

    def _translator(self, language: str | None) -> Translator:
        return self.content().translations.translator(language)


@dataclass(frozen=True)
class _SurvivorsCase:
    case: Case
    chat_key: str
    language: str | None
    source_chat_id: int | None
    source_message_id: int | None
    ready_reply: str | None


def _survivors_case(
    session: Session, action: str, number: int, chat_id: int
) -> _SurvivorsCase | None:
    """The case (and relayed message) a survivor's button refers to, if it is theirs."""
    row = session.get(OutboxMessage, number) if action == "show" else None
    if action == "show" and (row is None or row.kind != TO_SURVIVOR_COPY):
        return None
    case = session.get(Case, row.case_id if row else number)
    survivor = session.get(Survivor, case.survivor_id) if case and case.survivor_id else None
    if case is None or survivor is None or telegram_chat_id(survivor.chat_key) != chat_id:
        return None
    return _SurvivorsCase(
        case,
        survivor.chat_key,
        survivor.language,
        row.source_chat_id if row else None,
        row.source_message_id if row else None,
        row.ready_reply if row else None,
    )


def _is_claimed_by(case: Case | None, caseworker: Caseworker) -> bool:
    return (
        case is not None
        and case.status == "claimed"
        and case.claimed_by == caseworker.telegram_user_id
    )


def _reply_buttons(case_ids: list[int]) -> InlineKeyboardMarkup | None:
    if not case_ids:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(f"Write to case #{n}", callback_data=f"case:reply:{n}")]
            for n in case_ids
        ]
    )


def _desk_help(case_ids: list[int]) -> str:
    if not case_ids:
        return (
            "You are a Waypost caseworker. Claim a case in the caseworker group; "
            "its details then come here, and what you write here goes to that survivor."
        )
    return "Which case are you writing to? Choose one, then send your message again."
