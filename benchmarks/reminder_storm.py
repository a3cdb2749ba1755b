"""A reminder storm: N survivors with a reminder due in the same minute, sent through the real
python-telegram-bot stack (our rate limiter included) over loopback HTTP to the fake Bot API
server, which answers 429 to anything over Telegram's 30 messages a second."""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from bot.app import build_runtime
from bot.channels.telegram.application import TelegramChannel
from bot.clock import ManualClock
from bot.config import Operator, Settings
from bot.reminders.plan import APPOINTMENT, ReminderDraft
from bot.reminders.repository import ReminderRepository
from bot.reminders.schedule import Notice, Rule
from bot.storage.database import Database
from bot.storage.sealing import Keyring
from bot.storage.survivors import SurvivorRepository
from tests.fake_bot_api import TOKEN, FakeBotApi

TELEGRAM_LIMIT = 30  # messages a second, overall
FIRST_CHAT = 20_000
NINE = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Storm:
    survivors: int
    delivered: int
    duplicates: int
    lost: int
    throttled: int
    seconds: float

    @property
    def floor_seconds(self) -> float:
        return self.survivors / TELEGRAM_LIMIT

    @property
    def ratio(self) -> float:
        return self.seconds / self.floor_seconds


async def storm(survivors: int) -> Storm:
    api = FakeBotApi(limit_per_second=TELEGRAM_LIMIT).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            return await _storm(survivors, api, Path(folder))
    finally:
        api.stop()


async def _storm(survivors: int, api: FakeBotApi, folder: Path) -> Storm:
    clock = ManualClock(NINE - timedelta(hours=1))
    settings = Settings(
        database_url=f"sqlite:///{folder / 'storm.db'}",
        telegram_token=TOKEN,
        telegram_api_base_url=api.base_url,
        caseworker_chat_id=-100,
        operator=Operator("Benchmark", "bench@example.org"),
        secret_key=Keyring.new_key(),
    )
    runtime = build_runtime(settings, clock)
    try:
        _everyone_has_a_reminder_at_nine(runtime.database, survivors, clock.now())
        clock.set(NINE)
        channel = TelegramChannel(runtime.telegram_services())
        application = channel.build_application()
        async with application:
            started = time.perf_counter()
            await channel.reminders.deliver_due(application.bot)
            seconds = time.perf_counter() - started
    finally:
        runtime.close()
    per_chat = Counter(call.chat_id for call in api.accepted("sendMessage"))
    return Storm(
        survivors=survivors,
        delivered=sum(per_chat.values()),
        duplicates=sum(count - 1 for count in per_chat.values()),
        lost=survivors - len(per_chat),
        throttled=api.throttled,
        seconds=seconds,
    )


def _everyone_has_a_reminder_at_nine(database: Database, survivors: int, now: datetime) -> None:
    """An appointment at 11:00 London time (GMT in November) with a notice two hours before."""
    draft = ReminderDraft(
        APPOINTMENT, Rule(date(2026, 11, 24), clock_time(11, 0)), (Notice.TWO_HOURS,)
    )
    with database.transaction() as session:
        people = SurvivorRepository(session)
        reminders = ReminderRepository(session)
        for person in range(survivors):
            state = people.load_or_create(f"telegram:{FIRST_CHAT + person}", now)
            reminders.add(state.survivor_id, draft, now)
