"""Updates per second and latency per update, Waypost beside a bare echo bot, in-process."""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    MessageHandler,
    filters,
)

from benchmarks.transport import InProcessRequest, message, press
from bot.app import build_runtime
from bot.channels.telegram.application import TelegramChannel
from bot.config import DEFAULT_API_BASE_URL, Operator, Settings
from bot.storage.sealing import Keyring

TOKEN = "1:BENCH"
FREE_TEXT = ["hello", "Përshëndetje", "مرحبا", "xin chào", "what now?", "سلام"]


@dataclass(frozen=True)
class Result:
    updates: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.updates / self.seconds

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def mixed_updates(survivors: int) -> list[dict[str, Any]]:
    """First contacts, consent, menu presses and free text in several languages."""
    updates: list[dict[str, Any]] = []
    for person in range(survivors):
        chat = 10_000 + person
        steps = [
            ("text", "/start"),
            ("press", "start/en"),
            ("press", "consent/agree"),
            ("press", "nation/england_wales"),
            ("press", "menu/nrm_intro"),
            ("press", "nrm_intro/nrm_stages"),
            ("text", FREE_TEXT[person % len(FREE_TEXT)]),
            ("press", "~menu"),
        ]
        for kind, value in steps:
            update_id = len(updates) + 1
            if kind == "text":
                updates.append(message(update_id, chat, value))
            else:
                updates.append(press(update_id, chat, value))
    return updates


async def measure(application: Application, updates: list[dict[str, Any]]) -> Result:
    latencies: list[float] = []
    async with application:
        parsed = [Update.de_json(data, application.bot) for data in updates]
        started = time.perf_counter()
        for update in parsed:
            before = time.perf_counter()
            await application.process_update(update)
            latencies.append((time.perf_counter() - before) * 1000)
        seconds = time.perf_counter() - started
    return Result(len(updates), seconds, latencies)


def echo_bot(base_url: str | None = None, token: str = TOKEN) -> Application:
    """The baseline: python-telegram-bot doing the least a bot can do with the same updates.
    With `base_url`, over python-telegram-bot's default HTTPX request to that Bot API."""
    builder = ApplicationBuilder().token(token)
    if base_url is None:
        request = InProcessRequest()
        builder = builder.request(request).get_updates_request(request)
    else:
        builder = builder.base_url(base_url)
    application = builder.build()

    async def echo(update: Update, _context: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    async def answer(update: Update, _context: Any) -> None:
        assert update.callback_query is not None
        await update.callback_query.answer()
        await update.callback_query.get_bot().send_message(
            update.callback_query.from_user.id, update.callback_query.data or ""
        )

    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(answer))
    return application


def waypost_bot(
    folder: Path, base_url: str | None = None, token: str = TOKEN
) -> tuple[Application, Any]:
    """Waypost on a new SQLite database; with `base_url`, over HTTP to that Bot API."""
    settings = Settings(
        database_url=f"sqlite:///{folder / 'bench.sqlite3'}",
        telegram_token=token,
        caseworker_chat_id=-1,
        operator=Operator("Bench", "bench@example.org"),
        secret_key=Keyring.new_key(),
        telegram_api_base_url=base_url or DEFAULT_API_BASE_URL,
    )
    runtime = build_runtime(settings)
    request = InProcessRequest() if base_url is None else None
    application = TelegramChannel(runtime.telegram_services()).build_application(
        request, rate_limited=False
    )
    return application, runtime


async def compare(survivors: int) -> tuple[Result, Result]:
    updates = mixed_updates(survivors)
    baseline = await measure(echo_bot(), updates)
    with tempfile.TemporaryDirectory() as folder:
        application, runtime = waypost_bot(Path(folder))
        try:
            ours = await measure(application, updates)
        finally:
            runtime.close()
    return baseline, ours


def median(values: list[float]) -> float:
    return statistics.median(values)
