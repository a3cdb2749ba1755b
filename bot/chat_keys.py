"""A survivor's chat key, "<channel>:<chat id>" (`Survivor.chat_key`): how a channel finds the
survivor again. Spelt in one place so every channel writes and reads the same stored values."""

from __future__ import annotations

from enum import StrEnum


class Channel(StrEnum):
    TELEGRAM = "telegram"
    CONSOLE = "console"
    DEMO = "demo"  # the invented survivors of `waypost insights demo`


def chat_key(channel: Channel, chat_id: int | str) -> str:
    return f"{channel}:{chat_id}"


def telegram_chat_id(key: str) -> int | None:
    """The Telegram chat a key names; None for another channel's key.

    A Telegram key without a number raises ValueError: stored keys are only ever written by
    `chat_key`, so one that does not parse is a bug to hear about, not a survivor to skip.
    """
    channel, _, chat_id = key.partition(":")
    return int(chat_id) if channel == Channel.TELEGRAM else None
