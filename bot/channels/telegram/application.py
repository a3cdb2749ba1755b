"""The Telegram application: survivors' updates in, the conversation's replies out.

Survivors talk to the bot in private chats only. Anything from another group gets one polite
line and the bot leaves; nothing about it is stored.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy.exc import OperationalError
from telegram import (
    Bot,
    BotCommand,
    Chat,
    ChatMember,
    ChatMemberUpdated,
    Update,
)
from telegram import Message as TelegramMessage
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import logs, texts
from bot.channels.telegram.markup import keyboard
from bot.channels.telegram.outbox import OutboxCourier
from bot.channels.telegram.pacing import PriorityRateLimiter
from bot.channels.telegram.reminders import ReminderSender
from bot.channels.telegram.services import TelegramServices
from bot.channels.telegram.staff import (
    CASE_BUTTONS,
    READY_BUTTONS,
    RELAY_BUTTONS,
    CaseworkerDesk,
)
from bot.chat_keys import Channel, chat_key, telegram_chat_id
from bot.conversation import Outcome
from bot.engine.events import COMMANDS, Command, Event, Location, Press, Start, Text, Unsupported
from bot.engine.replies import ClearChat, DeleteMessages, Message
from bot.i18n.translator import Translator
from bot.retention import WARNING as RETENTION_WARNING
from bot.retention import Retention

logger = logging.getLogger(__name__)

DELETE_BATCH = 100  # the most message ids deleteMessages takes at once
SWEEP_EVERY = 3600  # seconds between looks for survivors silent too long
CONTENT_WATCH_EVERY = 5  # seconds between looks for content published from the web console
DATABASE_RETRY_PAUSES = (0.2, 0.5, 1.0)
NETWORK_RETRY_PAUSES = (0.5, 1.0, 2.0)


def file_base_url(api_base_url: str) -> str:
    """The file endpoint beside the Bot API one (``.../bot`` -> ``.../file/bot``)."""
    root = api_base_url.removesuffix("/bot")
    return f"{root}/file/bot"


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates (public) and where the bot listens for them (local)."""

    url: str
    host: str
    port: int

    @classmethod
    def parse(cls, url: str, listen: str) -> Webhook:
        parsed = urlsplit(url)
        if parsed.scheme != "https" or not parsed.hostname:
            raise ValueError(f"--webhook-url must be a public https:// address, not {url!r}")
        host, _, port = listen.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"--listen must be HOST:PORT, such as 127.0.0.1:8443, not {listen!r}")
        return cls(url, host, int(port))

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


class TelegramChannel:
    def __init__(self, services: TelegramServices) -> None:
        self.services = services
        self.conversation = services.conversation
        self.courier = OutboxCourier(services)
        self.retention = Retention(
            services.database, services.clock, services.settings.keep_inactive_for
        )
        self.desk = CaseworkerDesk(services, self.courier)
        self.reminders = ReminderSender(services, self.courier)

    def run(self, webhook: Webhook | None) -> None:
        """Serve until stopped: long polling, or a webhook behind a reverse proxy."""
        application = self.build_application()
        if webhook is None:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
            return
        # A fresh secret at every start: Telegram sends it back in a header with each update,
        # and python-telegram-bot refuses any request without it.
        application.run_webhook(
            listen=webhook.host,
            port=webhook.port,
            url_path=webhook.path,
            webhook_url=webhook.url,
            secret_token=secrets.token_urlsafe(32),
            allowed_updates=Update.ALL_TYPES,
        )

    def build_application(
        self, request: BaseRequest | None = None, rate_limited: bool = True
    ) -> Application:
        """The bot. Benchmarks replace the HTTP transport (`request`) and leave out the rate
        limiter, to measure Waypost's own cost rather than Telegram's 30 messages a second."""
        settings = self.services.settings
        logs.quieten_libraries()
        if settings.telegram_token is None:
            raise ValueError("TELEGRAM_BOT_TOKEN is needed to build the Telegram application")
        builder = (
            ApplicationBuilder()
            .token(settings.telegram_token)
            .base_url(settings.telegram_api_base_url)
            .base_file_url(file_base_url(settings.telegram_api_base_url))
            .post_init(self._started)
            .post_stop(self._stopping)
        )
        if rate_limited:
            builder = builder.rate_limiter(PriorityRateLimiter())
        if request is not None:
            builder = builder.request(request).get_updates_request(request)
        application = builder.build()
        private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
        application.add_handler(
            ChatMemberHandler(self._added_to_chat, ChatMemberHandler.MY_CHAT_MEMBER)
        )
        application.add_handler(MessageHandler(~filters.ChatType.PRIVATE, self._not_private))
        application.add_handler(CallbackQueryHandler(self.desk.on_case_button, CASE_BUTTONS))
        application.add_handler(CallbackQueryHandler(self.desk.on_relay_button, RELAY_BUTTONS))
        application.add_handler(CallbackQueryHandler(self.desk.on_ready_button, READY_BUTTONS))
        application.add_handler(CallbackQueryHandler(self._button))
        caseworkers = _Caseworkers(self.desk)
        application.add_handler(
            MessageHandler(private & caseworkers, self.desk.on_caseworker_message)
        )
        application.add_handler(MessageHandler(private & filters.COMMAND, self._command))
        application.add_handler(MessageHandler(private & filters.TEXT, self._text))
        application.add_handler(MessageHandler(private & filters.LOCATION, self._location))
        application.add_handler(MessageHandler(private, self._unsupported))
        edited = filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE
        application.add_handler(MessageHandler(edited & filters.TEXT, self._edited))
        application.add_error_handler(self._error)
        return application

    # survivors

    async def _command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A /command in a private chat."""
        message = update.effective_message
        assert message is not None and message.text is not None
        name = message.text.split()[0][1:].split("@")[0].lower()
        if name == "start":
            await self._turn(update, context, Start(_language_code(update)))
        else:
            await self._turn(update, context, Command(name if name in COMMANDS else "unknown"))

    async def _text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Free text in a private chat."""
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._turn(update, context, Text(message.text))

    async def _edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An edited message: screened for danger words, otherwise left alone."""
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._turn(update, context, Text(message.text, edited=True))

    async def _location(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A shared location in a private chat."""
        message = update.effective_message
        assert message is not None and message.location is not None
        location = message.location
        await self._turn(update, context, Location(location.latitude, location.longitude))

    async def _unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A sticker, photo, voice note or file: the bot says kindly that it cannot read it."""
        message = update.effective_message
        assert message is not None
        kind = message.effective_attachment.__class__.__name__
        await self._turn(update, context, Unsupported(kind, caption=message.caption))

    async def _button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button press; stale or forged data is handled by the engine, kindly."""
        query = update.callback_query
        assert query is not None
        await query.answer()
        chat = update.effective_chat
        if chat is None or chat.type != Chat.PRIVATE or query.data is None:
            return
        await self._turn(update, context, Press(query.data))

    async def _turn(self, update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
        chat = update.effective_chat
        assert chat is not None
        incoming = update.message.message_id if update.message else None
        key = chat_key(Channel.TELEGRAM, chat.id)
        outcome = await self._handle_patiently(key, event, incoming, update.update_id)
        # What happened, never what was said or by whom.
        logger.debug("%s handled: %d replies", type(event).__name__, len(outcome.replies))
        await self._deliver(chat.id, outcome, context)
        # After the survivor's own replies: in danger, what to do now reaches them first.
        self.courier.wake()

    async def _handle_patiently(
        self, key: str, event: Event, incoming: int | None, update_id: int
    ) -> Outcome:
        """A database that is briefly unreachable costs a survivor a moment, not their message."""
        for pause in DATABASE_RETRY_PAUSES:
            try:
                return self.conversation.handle(key, event, incoming, update_id)
            except OperationalError:
                logger.warning("the database did not answer; trying again in %.1f s", pause)
                await asyncio.sleep(pause)
        return self.conversation.handle(key, event, incoming, update_id)

    async def _deliver(
        self, chat_id: int, outcome: Outcome, context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        sent: list[int] = []
        for reply in outcome.replies:
            if isinstance(reply, ClearChat):
                await self._delete(chat_id, outcome.delete_message_ids, context)
            elif isinstance(reply, DeleteMessages):
                await self._delete(chat_id, list(reply.message_ids), context)
            elif isinstance(reply, Message):
                message = await _send_patiently(context.bot, chat_id, reply)
                sent.append(message.message_id)
        self.conversation.remember_sent(chat_key(Channel.TELEGRAM, chat_id), sent)

    async def _delete(
        self, chat_id: int, message_ids: list[int], context: ContextTypes.DEFAULT_TYPE
    ) -> None:
        for start in range(0, len(message_ids), DELETE_BATCH):
            batch = message_ids[start : start + DELETE_BATCH]
            try:
                await context.bot.delete_messages(chat_id, batch)
            except TelegramError as error:
                # Too old or already gone: the survivor still gets their answer.
                logger.warning("could not delete %d message(s): %s", len(batch), error)

    # other chats

    async def _added_to_chat(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The bot was added to a group or channel: one polite line, then leave."""
        change: ChatMemberUpdated | None = update.my_chat_member
        if change is None or change.chat.type == Chat.PRIVATE:
            return
        joined = change.new_chat_member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR)
        if self.courier.is_staff_chat(change.chat.id) or not joined:
            return
        await self._leave(change.chat, context, _language_code(update))

    async def _not_private(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A message in a group or channel: staff chats are served elsewhere, others are left."""
        chat, message = update.effective_chat, update.effective_message
        if chat is None:
            return
        if (
            message is not None
            and message.migrate_to_chat_id
            and self.courier.is_staff_chat(chat.id)
        ):
            self.courier.follow_migration(chat.id, message.migrate_to_chat_id)
            return
        if not self.courier.is_staff_chat(chat.id):
            await self._leave(chat, context, _language_code(update))

    async def _leave(
        self, chat: Chat, context: ContextTypes.DEFAULT_TYPE, hint: str | None
    ) -> None:
        translator = self._translator(hint)
        try:
            if chat.type != Chat.CHANNEL:
                await context.bot.send_message(chat.id, translator(texts.PRIVATE_CHATS_ONLY))
            await context.bot.leave_chat(chat.id)
        except TelegramError as error:
            logger.warning("could not leave a %s chat: %s", chat.type, error)

    # set-up and errors

    async def _started(self, application: Application) -> None:
        await self._announce_commands(application)
        await self.courier.start(application.bot)
        assert application.job_queue is not None
        application.job_queue.run_repeating(
            self._sweep_job, interval=SWEEP_EVERY, first=SWEEP_EVERY, name="retention"
        )
        self.reminders.start(application.job_queue)
        application.job_queue.run_repeating(
            self._watch_content, interval=CONTENT_WATCH_EVERY, name="content-watch"
        )

    async def _watch_content(self, _context: ContextTypes.DEFAULT_TYPE) -> None:
        """Content published from the web console is served within seconds, no restart."""
        self.services.watch_content()

    async def _sweep_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.sweep_retention(context.bot)

    async def sweep_retention(self, bot: Bot) -> None:
        """Warn survivors silent for long, once, discreetly; erase those warned a week ago."""
        for person in self.retention.to_warn():
            chat_id = telegram_chat_id(person.chat_key)
            if chat_id is None:
                continue
            translate = self.services.content().translations.translator(person.language)
            try:
                sent = await bot.send_message(chat_id, translate(RETENTION_WARNING))
                self.conversation.remember_sent(person.chat_key, [sent.message_id])
            except Forbidden:
                logger.info("a survivor who blocked the bot could not be warned before deletion")
            except TelegramError as error:
                logger.warning("retention warning not sent (%s); next sweep", type(error).__name__)
                continue
            self.retention.warned(person.chat_key)
        self.conversation.prune()
        erased = self.retention.erase_expired()
        if erased:
            logger.info("erased %d survivor(s) after a long silence", erased)

    async def _stopping(self, _application: Application) -> None:
        await self.courier.stop()
        self.conversation.write_sent()

    async def _announce_commands(self, application: Application) -> None:
        """Fill Telegram's command menu, in each language Waypost speaks."""
        translations = self.services.content().translations
        for language in translations.languages:
            translate = translations.translator(language)
            commands = [
                BotCommand(name, translate(description))
                for name, description in texts.COMMAND_DESCRIPTIONS.items()
            ]
            code = None if language == translations.languages[0] else language
            await application.bot.set_my_commands(commands, language_code=code)

    async def _error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything unexpected: log it without the survivor's words, and apologise kindly."""
        logger.error(
            "handling an update failed: %s",
            type(context.error).__name__,
            exc_info=context.error,
        )
        if not isinstance(update, Update) or update.effective_chat is None:
            return
        chat = update.effective_chat
        if chat.type != Chat.PRIVATE:
            return
        translator = self._translator(self._survivor_language(chat.id) or _language_code(update))
        try:
            await context.bot.send_message(chat.id, translator(texts.SOMETHING_WRONG))
        except TelegramError as error:
            logger.error("could not send the apology either: %s", type(error).__name__)

    def _survivor_language(self, chat_id: int) -> str | None:
        try:
            return self.conversation.language_of(chat_key(Channel.TELEGRAM, chat_id))
        except Exception:  # the database may be why we are here at all
            logger.warning("could not read the survivor's language for an apology")
            return None

    def _translator(self, language: str | None) -> Translator:
        translations = self.services.content().translations
        return translations.translator(translations.best_match(language))


class _Caseworkers(filters.MessageFilter):
    """Messages from registered caseworkers, which go to their cases, not to the menus."""

    def __init__(self, desk: CaseworkerDesk) -> None:
        super().__init__(name="caseworkers")
        self.desk = desk

    def filter(self, message: TelegramMessage) -> bool:
        return message.from_user is not None and self.desk.is_caseworker(message.from_user.id)


async def _send_patiently(bot: Bot, chat_id: int, reply: Message) -> TelegramMessage:
    """Timeouts and dropped connections are retried; Telegram's refusals are not."""
    for pause in NETWORK_RETRY_PAUSES:
        try:
            return await bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))
        except NetworkError as error:  # includes timeouts; BadRequest is a refusal, not a fault
            if isinstance(error, BadRequest):
                raise
            logger.warning("sending failed (%s); trying again", type(error).__name__)
            await asyncio.sleep(pause)
    return await bot.send_message(chat_id, reply.text, reply_markup=keyboard(reply))


def _language_code(update: Update) -> str | None:
    user = update.effective_user
    return user.language_code if user else None
