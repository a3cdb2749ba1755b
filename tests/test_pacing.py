"""Pacing: answers before reminders, Telegram's limits kept, its flood control obeyed.

Most tests put a fake call in place of the HTTP request and assert the order and number of
calls, not how long they took; the last ones send through the real ExtBot to the fake server.
"""

from __future__ import annotations

import asyncio
import itertools
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from telegram.error import NetworkError, RetryAfter
from telegram.ext import ExtBot
from telegram.warnings import PTBDeprecationWarning

from bot.channels.telegram.pacing import BULK, PriorityRateLimiter
from tests.fake_bot_api import TOKEN, FakeBotApi

FAST = 1000  # per second: pacing out of the way when a test is about something else
HANG = 5.0  # seconds: longer than any test needs, so a wait that never ends fails instead


@pytest.fixture
async def limiters() -> AsyncIterator[Callable[..., PriorityRateLimiter]]:
    """Shuts down what a test made, so no pacing task outlives the test's event loop."""
    made: list[PriorityRateLimiter] = []

    def make(**options: Any) -> PriorityRateLimiter:
        made.append(PriorityRateLimiter(**options))
        return made[-1]

    yield make
    for limiter in made:
        await limiter.shutdown()


class FakeTelegram:
    """Stands in for the HTTP call: notes which requests reached Telegram, when, in order."""

    def __init__(self, limiter: PriorityRateLimiter) -> None:
        self.limiter = limiter
        self.log: list[str] = []
        self.at: dict[str, float] = {}  # loop time of each request's last call

    def send(
        self,
        name: str,
        chat_id: int | str,
        rate_limit_args: dict[str, Any] | None = None,
        errors: list[Exception] | None = None,
        then: Callable[[], None] | None = None,
    ) -> asyncio.Task[Any]:
        """`errors` are raised by the first calls, one each; `then` runs at the call."""

        async def call() -> bool:
            self.log.append(name)
            self.at[name] = asyncio.get_running_loop().time()
            if then is not None:
                then()
            if errors:
                raise errors.pop(0)
            return True

        data = {"chat_id": chat_id, "text": name}
        request = self.limiter.process_request(call, (), {}, "sendMessage", data, rate_limit_args)
        return asyncio.ensure_future(request)


def flood(seconds: float) -> RetryAfter:
    """Telegram's 429, as PTB raises it; PTB warns as it builds one unless PTB_TIMEDELTA is set."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return RetryAfter(timedelta(seconds=seconds))


async def finished(*requests: asyncio.Task[Any]) -> list[Any]:
    return await asyncio.wait_for(asyncio.gather(*requests), HANG)


async def test_an_answer_goes_ahead_of_a_storm_of_reminders(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=200))
    tenth_sent = asyncio.Event()
    reminders = [
        telegram.send(f"reminder {chat}", chat, BULK, then=tenth_sent.set if chat == 10 else None)
        for chat in range(1, 51)
    ]
    await asyncio.wait_for(tenth_sent.wait(), HANG)
    answer = telegram.send("answer", 999)
    await finished(answer, *reminders)
    assert len(telegram.log) == 51
    assert 10 <= telegram.log.index("answer") <= 12  # next, give or take one already granted


async def test_answers_queued_together_with_reminders_go_first(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=200))
    reminders = [telegram.send(f"reminder {chat}", chat, BULK) for chat in range(1, 51)]
    await asyncio.sleep(0)  # every reminder is queued before the answers arrive
    answers = [telegram.send(f"answer {line}", 999) for line in range(3)]
    await finished(*answers, *reminders)
    assert telegram.log.index("answer 2") <= 4
    assert [name for name in telegram.log if name.startswith("answer")] == [
        "answer 0",
        "answer 1",
        "answer 2",
    ]


async def test_requests_are_spaced_evenly(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=20))
    await finished(*(telegram.send(f"answer {chat}", chat) for chat in range(1, 7)))
    times = [telegram.at[name] for name in telegram.log]
    assert min(later - earlier for earlier, later in itertools.pairwise(times)) >= 0.9 / 20


async def test_reminders_to_one_chat_are_a_second_apart_and_hold_up_no_other_chat(
    limiters,
) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST, bulk_interval=0.2))
    requests = [
        telegram.send("first to 7", 7, BULK),
        telegram.send("second to 7", 7, BULK),
        telegram.send("third to 7", 7, BULK),
        telegram.send("to 8", 8, BULK),
    ]
    await finished(*requests)
    assert telegram.log == ["first to 7", "to 8", "second to 7", "third to 7"]
    at = telegram.at
    assert at["second to 7"] - at["first to 7"] >= 0.9 * 0.2
    assert at["third to 7"] - at["second to 7"] >= 0.9 * 0.2


async def test_answers_in_a_private_chat_are_not_spaced_but_make_reminders_wait(
    limiters,
) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST, bulk_interval=60))
    await finished(*(telegram.send(f"line {n}", 7) for n in range(4)))
    assert telegram.log == ["line 0", "line 1", "line 2", "line 3"]
    reminder = telegram.send("reminder", 7, BULK)
    await finished(telegram.send("reminder elsewhere", 8, BULK))
    assert not reminder.done()
    reminder.cancel()


@pytest.mark.parametrize("group", [-100500, "-100500", "@waypost_staff"])
async def test_a_group_gets_at_most_its_share_a_minute(limiters, group: int | str) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST, group_per_minute=3))
    allowed = [telegram.send(f"alert {n}", group) for n in range(3)]
    over = telegram.send("alert 3", group)
    others = [telegram.send("other group", -42), telegram.send("survivor", 7, BULK)]
    await finished(*allowed, *others)
    assert "alert 3" not in telegram.log
    over.cancel()
    await finished(telegram.send("after a cancelled one", 8))
    assert telegram.log[-1] == "after a cancelled one"


@pytest.mark.parametrize("timedelta_setting", [None, "true"])
async def test_flood_control_is_waited_out_then_the_request_retried(
    limiters, monkeypatch: pytest.MonkeyPatch, timedelta_setting: str | None
) -> None:
    """PTB gives retry_after in seconds, or as a timedelta once PTB_TIMEDELTA is set."""
    if timedelta_setting is not None:
        monkeypatch.setenv("PTB_TIMEDELTA", timedelta_setting)
    telegram = FakeTelegram(limiters(per_second=FAST))
    assert await finished(telegram.send("answer", 7, errors=[flood(0.05)])) == [True]
    assert telegram.log == ["answer", "answer"]


async def test_flood_control_pauses_every_request(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST))
    called = asyncio.Event()
    first = telegram.send("first", 7, errors=[flood(0.3)], then=called.set)
    await asyncio.wait_for(called.wait(), HANG)
    flooded_at = asyncio.get_running_loop().time()
    await finished(first, telegram.send("other", 8))
    assert telegram.log == ["first", "first", "other"]
    assert telegram.at["other"] - flooded_at >= 0.2


async def test_flood_control_is_raised_after_the_last_retry(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST, max_retries=2))
    floods: list[Exception] = [flood(0.01) for _ in range(4)]
    with pytest.raises(RetryAfter):
        await finished(telegram.send("answer", 7, errors=floods))
    assert len(telegram.log) == 3


async def test_other_errors_reach_the_caller_untried_again(limiters) -> None:
    telegram = FakeTelegram(limiters(per_second=FAST))
    with pytest.raises(NetworkError):
        await finished(telegram.send("answer", 7, errors=[NetworkError("connection reset")]))
    assert telegram.log == ["answer"]


async def test_shutting_down_cancels_requests_still_waiting(limiters) -> None:
    limiter = limiters(per_second=1)
    telegram = FakeTelegram(limiter)
    await finished(telegram.send("sent", 7))
    waiting = telegram.send("waiting", 8)
    await asyncio.sleep(0)  # queued behind the one just sent
    await limiter.shutdown()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    assert telegram.log == ["sent"]


# end to end: the real ExtBot over HTTP to a fake Telegram that enforces 30 messages a second


@pytest.fixture
def strict_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBotApi]:
    # PTB warns as it builds each RetryAfter unless this is set, and warnings fail tests.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api = FakeBotApi(limit_per_second=30).start()
    yield api
    api.stop()


async def storm(api: FakeBotApi, limiter: PriorityRateLimiter, chats: range) -> None:
    async with ExtBot(TOKEN, base_url=api.base_url, rate_limiter=limiter) as bot:
        sends = (bot.send_message(chat, "Reminder", rate_limit_args=BULK) for chat in chats)
        await asyncio.wait_for(asyncio.gather(*sends), 4 * HANG)


async def test_a_storm_of_reminders_is_delivered_once_each(strict_api: FakeBotApi) -> None:
    await storm(strict_api, PriorityRateLimiter(), range(1, 61))
    delivered = [call.chat_id for call in strict_api.accepted("sendMessage")]
    assert sorted(delivered) == list(range(1, 61))


async def test_when_telegram_says_slow_down_nothing_is_lost_or_doubled(
    strict_api: FakeBotApi,
) -> None:
    await storm(strict_api, PriorityRateLimiter(per_second=FAST), range(1, 61))
    assert strict_api.throttled > 0
    delivered = [call.chat_id for call in strict_api.accepted("sendMessage")]
    assert sorted(delivered) == list(range(1, 61))
