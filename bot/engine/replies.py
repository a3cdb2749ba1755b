"""What the engine asks a channel to show the survivor."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n.direction import shape


@dataclass(frozen=True)
class ButtonView:
    label: str
    data: str
    columns: int = 1
    """Buttons side by side with the same `columns` share rows of that many (e.g. times)."""


@dataclass(frozen=True)
class Message:
    text: str
    buttons: tuple[ButtonView, ...] = ()


def button_rows(buttons: tuple[ButtonView, ...]) -> list[list[ButtonView]]:
    """Buttons laid out in rows: one a row unless they ask to share (see `columns`)."""
    rows: list[list[ButtonView]] = []
    for button in buttons:
        last = rows[-1] if rows else None
        if last and last[0].columns == button.columns > len(last):
            last.append(button)
        else:
            rows.append([button])
    return rows


@dataclass(frozen=True)
class ClearChat:
    """Quick exit: remove what the channel can of this conversation from the screen."""


@dataclass(frozen=True)
class DeleteMessages:
    """Remove these of the survivor's own messages from their chat, where the channel can
    (Telegram lets a bot do so for 48 hours); a channel that cannot, such as a terminal, skips it.
    """

    message_ids: tuple[int, ...]


Reply = Message | ClearChat | DeleteMessages


def for_display(reply: Reply) -> Reply:
    return shaped(reply) if isinstance(reply, Message) else reply


def shaped(message: Message) -> Message:
    """A message as a phone should lay it out: right-to-left text marked so (see direction)."""
    buttons = tuple(ButtonView(shape(b.label), b.data, b.columns) for b in message.buttons)
    return Message(shape(message.text), buttons)
