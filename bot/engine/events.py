"""What a survivor can do, whatever the channel they do it on."""

from __future__ import annotations

from dataclasses import dataclass

COMMANDS = ("start", "menu", "language", "help", "human", "reminders", "exit", "forget", "mydata")


@dataclass(frozen=True)
class Start:
    """The survivor opened the bot.

    `language_hint` is their device's language, if known: offered first. With `chosen`, it is
    the language they asked to start in (``waypost chat --lang``), so it is set straight away.
    """

    language_hint: str | None = None
    chosen: bool = False


@dataclass(frozen=True)
class Command:
    name: str


@dataclass(frozen=True)
class Press:
    """A button press, carrying the button's callback data as the channel received it."""

    data: str


@dataclass(frozen=True)
class Text:
    """Typed text. An `edited` one is only screened for danger: the conversation has moved on."""

    text: str
    edited: bool = False


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Unsupported:
    """Something the bot cannot read: a sticker, a photo, a voice note, a file."""

    kind: str
    caption: str | None = None


Event = Start | Command | Press | Text | Location | Unsupported
