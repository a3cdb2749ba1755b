"""Chat keys keep the spelling already stored, and read back only for their own channel."""

from __future__ import annotations

import pytest

from bot.chat_keys import Channel, chat_key, telegram_chat_id


def test_a_telegram_key_reads_back_as_its_chat_id() -> None:
    for chat_id in (1, 987654321, -1001234567890):
        assert telegram_chat_id(chat_key(Channel.TELEGRAM, chat_id)) == chat_id


def test_keys_keep_the_spelling_already_stored() -> None:
    assert chat_key(Channel.TELEGRAM, 42) == "telegram:42"
    assert chat_key(Channel.CONSOLE, "local") == "console:local"
    assert chat_key(Channel.DEMO, 7) == "demo:7"


def test_a_console_key_is_not_a_telegram_chat() -> None:
    assert telegram_chat_id(chat_key(Channel.CONSOLE, "local")) is None
    assert telegram_chat_id("console:42") is None


def test_a_key_without_a_channel_is_not_a_telegram_chat() -> None:
    assert telegram_chat_id("42") is None
    assert telegram_chat_id("") is None


@pytest.mark.parametrize("key", ["telegram:", "telegram", "telegram:abc", "telegram:1:2"])
def test_a_malformed_telegram_key_is_an_error(key: str) -> None:
    with pytest.raises(ValueError):
        telegram_chat_id(key)
