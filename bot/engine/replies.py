"""What the engine asks a channel to show the survivor."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ButtonView:
    label: str
    data: str


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[ButtonView, ...] = ()


@dataclass(frozen=True)
class ClearChat:
    """Quick exit: remove what the channel can of this conversation from the screen."""


Reply = Message | ClearChat
