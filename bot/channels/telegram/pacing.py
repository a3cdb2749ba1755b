"""Pacing requests to Telegram: under its flood limits, and answers before reminders.

Telegram lets a bot send about 30 messages a second overall, 20 a minute to each group and
about one a second to each private chat; beyond that it answers "retry after N" and stops the
whole bot for N seconds. PTB's AIORateLimiter keeps to the limits but serves requests in the
order they came, so a survivor in danger writing during a 9am storm of 2,000 reminders would
wait behind all of them. Here one pacing task hands out the overall slots, answers first.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

logger = logging.getLogger(__name__)

BULK: dict[str, Any] = {"priority": "bulk"}
"""`rate_limit_args` for a message nobody is waiting for (a reminder): it yields to answers."""

GROUP_WINDOW = 60.0  # seconds: Telegram counts the messages to a group per minute
PRUNE_EVERY = 60.0  # seconds between sweeps of send times too old to matter

Answer = bool | dict[str, Any] | list[dict[str, Any]]


@dataclass
class _Ticket:
    """A request waiting for the pacing task to give it an overall slot."""

    chat: int | str | None
    group: bool
    bulk: bool
    granted: asyncio.Future[None]


class PriorityRateLimiter(BaseRateLimiter[dict[str, Any]]):
    """Evenly spaced requests within Telegram's limits; interactive ones go before `BULK` ones.

    ExtBot never passes `getUpdates` to a rate limiter, so a long poll never holds a slot.
    """

    def __init__(
        self,
        per_second: float = 29,
        group_per_minute: int = 20,
        bulk_interval: float = 1.0,
        max_retries: int = 5,
    ) -> None:
        # 29, not 30: a little jitter on the way must not put 31 requests in Telegram's second.
        self._spacing = 1 / per_second
        self._group_per_minute = group_per_minute
        self._bulk_interval = bulk_interval
        self._max_retries = max_retries
        self._interactive: deque[_Ticket] = deque()
        self._bulk: deque[_Ticket] = deque()
        self._arrived = asyncio.Event()
        self._next_slot = 0.0  # loop time
        self._paused_until = 0.0  # loop time when Telegram's flood control lets the bot go on
        self._group_sent: dict[int | str, deque[float]] = {}  # the last `group_per_minute`
        self._private_sent: dict[int | str, float] = {}
        self._pruned_at = 0.0
        self._pacer: asyncio.Task[None] | None = None

    async def initialize(self) -> None:
        """Nothing to set up: the pacing task starts with the first request, in its loop."""

    async def shutdown(self) -> None:
        """Stop pacing; requests still waiting for a slot are cancelled, not left hanging."""
        if self._pacer is not None:
            self._pacer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pacer
            self._pacer = None
        for ticket in (*self._interactive, *self._bulk):
            ticket.granted.cancel()
        self._interactive.clear()
        self._bulk.clear()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Answer]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> Answer:
        """Wait for a slot, then call Telegram; told to slow down, pause everything and retry."""
        chat = _chat_key(data.get("chat_id"))
        # A str is "@name", which only channels and supergroups have.
        group = isinstance(chat, str) or (chat is not None and chat < 0)
        bulk = rate_limit_args is not None and rate_limit_args.get("priority") == BULK["priority"]
        loop = asyncio.get_running_loop()
        retries = 0
        while True:
            await self._slot(_Ticket(chat, group, bulk, loop.create_future()))
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if retries == self._max_retries:
                    raise
                retries += 1
                self._pause(_seconds(error))

    def _pause(self, seconds: float) -> None:
        """Flood control stops the whole bot, so every request waits, not just this one."""
        logger.warning("Telegram asked to slow down: all requests wait %.1f s", seconds)
        resume = asyncio.get_running_loop().time() + seconds
        self._paused_until = max(self._paused_until, resume)

    async def _slot(self, ticket: _Ticket) -> None:
        if self._pacer is None or self._pacer.done():
            self._pacer = asyncio.create_task(self._pace(), name="telegram pacing")
        (self._bulk if ticket.bulk else self._interactive).append(ticket)
        self._arrived.set()
        await ticket.granted  # cancelling the caller cancels this, and the pacer skips it

    async def _pace(self) -> None:
        """Give one slot per `1 / per_second`, to the first request whose chat can take it."""
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            start = max(self._next_slot, self._paused_until)
            if start > now:
                await asyncio.sleep(start - now)
                continue
            self._arrived.clear()
            ticket, ready_at = self._pick(now)
            if ticket is None:
                timeout = None if ready_at == math.inf else ready_at - now
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._arrived.wait(), timeout)
                continue
            self._record(ticket, now)
            ticket.granted.set_result(None)
            self._next_slot = now + self._spacing
            self._prune(now)

    def _pick(self, now: float) -> tuple[_Ticket | None, float]:
        """Interactive before bulk, in order of arrival, skipping chats at their own limit;
        with none ready, when the soonest will be."""
        soonest = math.inf
        for queue in (self._interactive, self._bulk):
            while queue and queue[0].granted.done():  # callers that stopped waiting
                queue.popleft()
            for index, ticket in enumerate(queue):
                if ticket.granted.done():
                    continue
                ready_at = self._ready_at(ticket)
                if ready_at <= now:
                    del queue[index]
                    return ticket, now
                soonest = min(soonest, ready_at)
        return None, soonest

    def _ready_at(self, ticket: _Ticket) -> float:
        if ticket.chat is None:
            return -math.inf
        if ticket.group:
            sent = self._group_sent.get(ticket.chat)
            if sent is not None and len(sent) == self._group_per_minute:
                return sent[0] + GROUP_WINDOW
            return -math.inf
        # Answers are not spaced per chat: they reply to the survivor's own message in a burst
        # of 2 to 4 lines, which Telegram allows. Reminders can wait a second.
        if ticket.bulk:
            return self._private_sent.get(ticket.chat, -math.inf) + self._bulk_interval
        return -math.inf

    def _record(self, ticket: _Ticket, now: float) -> None:
        """Every send counts against its chat's limit, answers too; only reminders wait on it."""
        if ticket.chat is None:
            return
        if not ticket.group:
            self._private_sent[ticket.chat] = now
            return
        sent = self._group_sent.get(ticket.chat)
        if sent is None:
            sent = self._group_sent[ticket.chat] = deque(maxlen=self._group_per_minute)
        sent.append(now)

    def _prune(self, now: float) -> None:
        """Forget chats whose sends no longer limit anything, so memory stays bounded."""
        if now - self._pruned_at < PRUNE_EVERY:
            return
        self._pruned_at = now
        self._group_sent = {c: s for c, s in self._group_sent.items() if s[-1] > now - GROUP_WINDOW}
        recent = now - self._bulk_interval
        self._private_sent = {c: at for c, at in self._private_sent.items() if at > recent}


def _chat_key(chat_id: int | str | None) -> int | str | None:
    """PTB passes an int, a str of one, or "@name" (a channel or supergroup)."""
    if chat_id is None:
        return None
    try:
        return int(chat_id)
    except ValueError:
        return chat_id


def _seconds(error: RetryAfter) -> float:
    """Seconds, or a timedelta once PTB_TIMEDELTA is on (see bot/channels/__init__.py)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
