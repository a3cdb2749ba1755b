"""A restart is a new process that shares nothing with the old one but the database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import texts
from bot.config import PROJECT_ROOT
from tests.conftest import FIXTURES, TEST_KEY
from tests.fake_bot_api import TOKEN, FakeBotApi

SURVIVOR = 777


@contextmanager
def bot_process(
    api: FakeBotApi, database_url: str, log: Path, *run_options: str
) -> Iterator[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "WAYPOST_DATABASE_URL": database_url,
        "WAYPOST_LOCALES_DIR": str(FIXTURES / "locales"),
        "WAYPOST_OPERATOR_NAME": "Test Charity",
        "WAYPOST_OPERATOR_CONTACT": "help@test-charity.example",
        "WAYPOST_CASEWORKER_CHAT_ID": "-100500",
        "WAYPOST_SECRET_KEY": TEST_KEY,
    }
    polls_before = api.polls
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", *run_options],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:

        def up() -> bool:
            webhook_set = any(call.method == "setWebhook" for call in api.calls)
            return api.polls > polls_before or webhook_set or process.poll() is not None

        started = api.wait_until(up, 30)
        assert started and process.poll() is None, f"the bot did not start:\n{log.read_text()}"
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


def exchange(api: FakeBotApi, act: object, replies: int) -> list[str]:
    """Do something as the survivor; wait for that many replies and return their texts."""
    before = len(api.calls_to("sendMessage", SURVIVOR))
    act()  # type: ignore[operator]
    done = api.wait_until(lambda: len(api.calls_to("sendMessage", SURVIVOR)) >= before + replies)
    assert done, f"the bot did not answer; calls: {[c.method for c in api.calls]}"
    return [call.text for call in api.calls_to("sendMessage", SURVIVOR)[before:]]


def test_a_restart_keeps_the_survivors_place(fake_api, database_url, tmp_path):
    log = tmp_path / "bot.log"
    with bot_process(fake_api, database_url, log) as first:
        exchange(fake_api, lambda: fake_api.send_text(SURVIVOR, "/start"), 1)
        exchange(fake_api, lambda: fake_api.press(SURVIVOR, "start/en"), 6)
        exchange(fake_api, lambda: fake_api.press(SURVIVOR, "consent/agree"), 1)
        exchange(fake_api, lambda: fake_api.press(SURVIVOR, "nation/scotland"), 1)
        texts_seen = exchange(fake_api, lambda: fake_api.press(SURVIVOR, "menu/nrm_intro"), 2)
        assert texts_seen[0] == "The NRM is the National Referral Mechanism."
    assert first.returncode == 0

    with bot_process(fake_api, database_url, log):
        [reply] = exchange(fake_api, lambda: fake_api.send_text(SURVIVOR, "hi again"), 1)
        assert reply == texts.GREETING
        buttons = fake_api.calls_to("sendMessage", SURVIVOR)[-1].buttons
        assert ("Who can refer me?", "nrm_intro/nrm_who_refers") in buttons
        stages = exchange(fake_api, lambda: fake_api.press(SURVIVOR, "nrm_intro/nrm_stages"), 5)
        assert "support for 90 days" in stages[2]
