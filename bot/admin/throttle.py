"""Slowing down password guessing at the console's sign-in, per username and per address.

A few mistakes cost nothing. After that, every further failure locks the username (or the
address) for twice as long as the one before, up to a quarter of an hour: 200 guesses at one
account take about two days instead of a minute. While locked, attempts are refused before any
password is checked, so they cost the server nothing either. A right password clears the
username's count, never the address's: a guesser who also holds an account gains nothing by
signing in with it between guesses.

Counts live in the console's memory (it is one process): a restart forgets them, which only
gives a guesser back a handful of free tries. Behind a reverse proxy the address is the one the
proxy forwards (uvicorn trusts X-Forwarded-For from 127.0.0.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock

FREE_PER_ACCOUNT = 5
FREE_PER_ADDRESS = 20
"""An office behind one address shares it, so it gets more free failures than one username."""
FIRST_LOCK = timedelta(seconds=2)
LONGEST_LOCK = timedelta(minutes=15)
FORGET_AFTER = timedelta(hours=1)
"""A key with no failure for this long starts again from nothing."""
MOST_KEYS = 10_000
"""Beyond this many usernames and addresses, those forgotten by FORGET_AFTER are dropped."""


@dataclass
class _Failures:
    count: int
    last: datetime
    locked_until: datetime


class SignInThrottle:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._failures: dict[tuple[str, str], _Failures] = {}

    def wait(self, username: str, address: str) -> timedelta | None:
        """How long this username or this address must still wait; None if it may try now."""
        now = self.clock.now()
        waits = [
            record.locked_until - now
            for key in self._keys(username, address)
            if (record := self._current(key, now)) is not None and record.locked_until > now
        ]
        return max(waits, default=None)

    def failed(self, username: str, address: str) -> int:
        """Counts a wrong password; returns the username's failures in a row."""
        now = self.clock.now()
        if len(self._failures) >= MOST_KEYS:
            self._forget_old(now)
        counts = []
        keys = self._keys(username, address)
        for key, free in zip(keys, (FREE_PER_ACCOUNT, FREE_PER_ADDRESS), strict=True):
            record = self._current(key, now) or _Failures(0, now, now)
            record.count += 1
            record.last = now
            if record.count >= free:
                record.locked_until = now + min(
                    FIRST_LOCK * 2 ** (record.count - free), LONGEST_LOCK
                )
            self._failures[key] = record
            counts.append(record.count)
        return counts[0]

    def succeeded(self, username: str) -> None:
        self._failures.pop(("account", _name_key(username)), None)

    def _current(self, key: tuple[str, str], now: datetime) -> _Failures | None:
        record = self._failures.get(key)
        if record is not None and now - record.last > FORGET_AFTER and record.locked_until < now:
            del self._failures[key]
            return None
        return record

    def _forget_old(self, now: datetime) -> None:
        for key in list(self._failures):
            self._current(key, now)

    @staticmethod
    def _keys(username: str, address: str) -> tuple[tuple[str, str], tuple[str, str]]:
        return ("account", _name_key(username)), ("address", address)


def _name_key(username: str) -> str:
    # Usernames are at most 40 characters; anything longer is a guess at nothing in particular.
    return username.strip().casefold()[:64]


def in_words(wait: timedelta) -> str:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    if seconds < 90:
        return f"{seconds} seconds"
    return f"{(seconds + 59) // 60} minutes"
