"""Inline keyboards for the engine's messages."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.replies import Message, button_rows


def keyboard(message: Message) -> InlineKeyboardMarkup | None:
    if not message.buttons:
        return None
    # One button a row unless they are short (times, days): labels stay readable on a narrow
    # phone screen, in any script.
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button.label, callback_data=button.data) for button in row]
            for row in button_rows(message.buttons)
        ]
    )
