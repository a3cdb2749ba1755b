"""Run the real Telegram Application in a test, against the fake Bot API server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from telegram.ext import Application

from bot.app import Runtime
from bot.channels.telegram.application import TelegramChannel
from bot.clock import ManualClock
from tests.chat_driver import PAUSE
from tests.fake_bot_api import ApiCall, FakeBotApi


@dataclass
class RunningBot:
    channel: TelegramChannel
    application: Application
    api: FakeBotApi

    async def say(self, chat_id: int, text: str, **options: object) -> list[ApiCall]:
        """Send a message as the survivor; return the bot's messages sent in reply."""
        return await self._replies(chat_id, lambda: self.api.send_text(chat_id, text, **options))

    async def press(self, chat_id: int, data: str) -> list[ApiCall]:
        return await self._replies(chat_id, lambda: self.api.press(chat_id, data))

    async def _replies(self, chat_id: int, act: Callable[[], object]) -> list[ApiCall]:
        clock = self.channel.services.clock
        if isinstance(clock, ManualClock):
            clock.advance(PAUSE)  # people take a moment between messages
        before = len(self.api.calls_to("sendMessage", chat_id))
        act()
        await self.settled()
        return self.api.calls_to("sendMessage", chat_id)[before:]

    async def settled(self) -> None:
        """Wait until every pushed update has been fetched and handled."""
        if not await asyncio.to_thread(self.api.wait_until, self.api.all_updates_fetched, 10.0):
            raise AssertionError("the bot did not fetch its updates in time")
        await self.application.update_queue.join()


@asynccontextmanager
async def running_bot(runtime: Runtime, api: FakeBotApi) -> AsyncIterator[RunningBot]:
    channel = TelegramChannel(runtime.telegram_services())
    application = channel.build_application()
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield RunningBot(channel, application, api)
        finally:
            await application.updater.stop()
            await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
