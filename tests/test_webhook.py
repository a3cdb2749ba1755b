"""Webhook mode, end to end: `waypost run --webhook-url` in its own process."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

import pytest

from tests.fake_bot_api import FakeBotApi
from tests.test_restart import bot_process

SURVIVOR = 31337


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def post(port: int, update: dict, secret: str | None) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/telegram/hook",
        data=json.dumps(update).encode(),
        headers={"Content-Type": "application/json"}
        | ({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}),
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except urllib.error.URLError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # the listener is still starting: no event to wait on


def start_update(update_id: int) -> dict:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": SURVIVOR, "type": "private", "first_name": "S"},
            "from": {"id": SURVIVOR, "is_bot": False, "first_name": "S", "language_code": "en"},
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


@pytest.mark.security
def test_webhook_mode_checks_telegrams_secret_and_answers(
    fake_api: FakeBotApi, database_url, tmp_path
):
    port = free_port()
    with bot_process(
        fake_api,
        database_url,
        tmp_path / "bot.log",
        "--webhook-url",
        "https://bot.example.org/telegram/hook",
        "--listen",
        f"127.0.0.1:{port}",
    ):
        [registration] = fake_api.calls_to("setWebhook")
        assert registration.params["url"] == "https://bot.example.org/telegram/hook"
        secret = registration.params["secret_token"]
        assert len(secret) >= 32

        assert post(port, start_update(1), secret=None) == 403
        assert post(port, start_update(2), secret="guessed") == 403
        assert post(port, start_update(3), secret=secret) == 200
        assert fake_api.wait_until(lambda: len(fake_api.calls_to("sendMessage", SURVIVOR)) == 1)
    [reply] = fake_api.calls_to("sendMessage", SURVIVOR)
    assert reply.text == "Hello. Which language do you want to use?"
