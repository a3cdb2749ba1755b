"""What the Telegram channel works with, handed to it by the app that builds everything.

The channel sees these and nothing of how they were put together: it never loads content or
opens the database itself, so it depends on the core and the features only, never on the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.conversation import Conversation
from bot.engine.engine import Content
from bot.storage.database import Database


@dataclass(frozen=True)
class TelegramServices:
    settings: Settings
    clock: Clock
    database: Database
    conversation: Conversation
    content: Callable[[], Content]
    """The content served now: asked each time, as a publish from the web console replaces it."""
    watch_content: Callable[[], bool]
    """Serve content published since the last look; whether anything new is now served."""
