"""A per-survivor flood limit: slows abuse, never silences a survivor in danger.

Kept in memory: it guards one process for seconds at a time, and a restart resetting it harms
nobody.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from enum import Enum

LIMIT = 20
WINDOW = timedelta(seconds=10)


class Flow(Enum):
    OK = "ok"
    WARN = "warn"  # the first message over the limit: say so, once
    HOLD = "hold"  # further ones inside the window: screened for danger, otherwise dropped


class FloodGate:
    def __init__(self, limit: int = LIMIT, window: timedelta = WINDOW) -> None:
        self.limit, self.window = limit, window
        self._recent: dict[str, deque[datetime]] = {}
        self._warned: dict[str, datetime] = {}

    def check(self, chat_key: str, now: datetime) -> Flow:
        recent = self._recent.setdefault(chat_key, deque())
        while recent and now - recent[0] >= self.window:
            recent.popleft()
        recent.append(now)
        if len(recent) <= self.limit:
            self._warned.pop(chat_key, None)
            if len(self._recent) > 10_000:
                self._forget_quiet(now)
            return Flow.OK
        warned = self._warned.get(chat_key)
        if warned is not None and now - warned < self.window:
            return Flow.HOLD
        self._warned[chat_key] = now
        return Flow.WARN

    def _forget_quiet(self, now: datetime) -> None:
        """Drop survivors who have gone quiet, so memory stays small."""
        for key in [k for k, times in self._recent.items() if now - times[-1] >= self.window]:
            del self._recent[key]
