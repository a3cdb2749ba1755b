"""Updates per second end to end over loopback HTTP, Waypost beside a bare echo bot.

The same mixed updates as in-process (`throughput.mixed_updates`), fed one at a time with
`application.process_update`; every Bot API call goes through python-telegram-bot's default
HTTPX request to the fake Bot API server, which runs in a process of its own
(`benchmarks/loopback_api.py`). A fresh server for each bot, so each one's calls are counted.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from benchmarks.loopback_api import LoopbackApi
from benchmarks.throughput import Result, echo_bot, measure, mixed_updates, waypost_bot
from tests.fake_bot_api import TOKEN


@dataclass(frozen=True)
class OverHttp:
    result: Result
    calls: Counter[str]
    """Bot API calls the server answered, by method (getMe included)."""

    @property
    def sent(self) -> int:
        return self.calls["sendMessage"]

    @property
    def calls_per_update(self) -> float:
        return (self.calls.total() - self.calls["getMe"]) / self.result.updates


async def compare(survivors: int) -> tuple[OverHttp, OverHttp]:
    updates = mixed_updates(survivors)
    api = LoopbackApi()
    try:
        baseline = await measure(echo_bot(api.base_url, TOKEN), updates)
    finally:
        baseline_calls = api.stop()
    api = LoopbackApi()
    try:
        with tempfile.TemporaryDirectory() as folder:
            application, runtime = waypost_bot(Path(folder), api.base_url, TOKEN)
            try:
                ours = await measure(application, updates)
            finally:
                runtime.close()
    finally:
        ours_calls = api.stop()
    return OverHttp(baseline, baseline_calls), OverHttp(ours, ours_calls)
