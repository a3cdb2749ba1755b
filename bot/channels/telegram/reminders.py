"""Sending reminders on Telegram, on time, once, within Telegram's limits.

Why not one APScheduler job per reminder: python-telegram-bot's jobs hold the Application and
cannot be pickled into APScheduler's SQLAlchemyJobStore, its default misfire grace of one second
silently drops jobs that run late, and jobs without fixed ids are added again at every restart.
So the reminders table is the source of truth (bot/reminders/repository.py) and the scheduler
holds just two jobs with fixed ids, replaced rather than duplicated, that never misfire: a
steady tick, and one timed for the next moment anything is due. Each run asks the database what
is due, so 100,000 reminders cost no scheduler memory and a restart loses nothing.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Any

from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import ContextTypes, JobQueue

from bot.channels.telegram.markup import keyboard
from bot.channels.telegram.outbox import OutboxCourier
from bot.channels.telegram.pacing import BULK
from bot.channels.telegram.services import TelegramServices
from bot.chat_keys import telegram_chat_id
from bot.escalation.silent_checkins import escalate_silent_checkins
from bot.reminders.courier import Outgoing, ReminderCourier

logger = logging.getLogger(__name__)

TICK = timedelta(seconds=30)
IN_FLIGHT = 16
"""Messages sent at once: enough to keep Telegram's 30 a second busy over a slow network."""
TICK_JOB, NEXT_JOB = "waypost-reminders-tick", "waypost-reminders-next"
# Misfires never drop a run (None: run however late), and runs that piled up become one.
JOB_OPTIONS: dict[str, Any] = {
    "misfire_grace_time": None,
    "coalesce": True,
    "replace_existing": True,
}


class ReminderSender:
    def __init__(self, services: TelegramServices, outbox: OutboxCourier) -> None:
        self.courier = ReminderCourier(
            services.database,
            services.clock,
            lambda: services.content().translations,
            services.settings.reminder_grace,
            services.settings.checkin_answer_within,
        )
        self.database = services.database
        self.clock = services.clock
        self.outbox = outbox
        self._round = asyncio.Lock()
        self._job_queue: JobQueue[Any] | None = None

    def start(self, job_queue: JobQueue[Any]) -> None:
        """At start-up: a first run at once sends what fell due while the bot was down."""
        self._job_queue = job_queue
        job_queue.run_repeating(
            self._job,
            interval=TICK,
            first=0,
            name=TICK_JOB,
            job_kwargs={"id": TICK_JOB, **JOB_OPTIONS},
        )

    def reschedule(self) -> None:
        """Time the next run for the next moment anything is due, when that comes before the
        tick (asked after each run, not after each survivor's message: off the hot path)."""
        if self._job_queue is None:
            return
        due = self.courier.next_due()
        if due is None:
            return
        delay = max((due - self.clock.now()).total_seconds(), 0.0)
        if delay >= TICK.total_seconds():
            return  # the tick comes first
        self._job_queue.run_once(
            self._job, when=delay, name=NEXT_JOB, job_kwargs={"id": NEXT_JOB, **JOB_OPTIONS}
        )

    async def _job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.deliver_due(context.bot)
        self.reschedule()

    async def deliver_due(self, bot: Bot) -> int:
        """Send everything due now; return how many messages Telegram accepted."""
        async with self._round:  # the tick and the timed run never overlap
            if escalate_silent_checkins(self.database, self.clock):
                self.outbox.wake()
            accepted = 0
            while batch := self.courier.collect():
                slots = asyncio.Semaphore(IN_FLIGHT)
                results = await asyncio.gather(*(self._send(bot, o, slots) for o in batch))
                accepted += sum(results)
                if not any(results):
                    break  # nothing got through: leave the rest to the next run
            return accepted

    async def _send(self, bot: Bot, outgoing: Outgoing, slots: asyncio.Semaphore) -> bool:
        chat_id = telegram_chat_id(outgoing.chat_key)
        if chat_id is None:  # a console survivor: there is no one to send to
            self.courier.undeliverable(outgoing)
            return False
        async with slots:
            try:
                sent = await bot.send_message(
                    chat_id,
                    outgoing.message.text,
                    reply_markup=keyboard(outgoing.message),
                    rate_limit_args=BULK,
                )
            except Forbidden:
                self.courier.blocked(outgoing)
                return False
            except RetryAfter as error:  # still told to wait after the limiter's own retries
                wait = error.retry_after
                self.courier.retry(outgoing, wait if isinstance(wait, timedelta) else TICK)
                return False
            except BadRequest as error:
                logger.warning("a reminder was refused by Telegram: %s", type(error).__name__)
                self.courier.undeliverable(outgoing)
                return False
            except NetworkError as error:  # timeouts too; try again at the next run
                logger.warning("a reminder could not be sent (%s); retrying", type(error).__name__)
                self.courier.retry(outgoing, TICK)
                return False
        self.courier.delivered(outgoing, sent.message_id)
        return True
