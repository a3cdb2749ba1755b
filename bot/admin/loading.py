"""Content as the bot would load it, for the console: checking a draft, the preview that runs
the engine on it, and the topic titles on case cards.

The console does not know how content is read (every feature adds its actions and files); the
app that builds the console hands it a `LoadContent` (`bot.app.load_for_console`), so the
console never imports the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.config import Settings
from bot.engine.actions import ActionRegistry
from bot.engine.engine import Content
from bot.flows.loader import LoadResult
from bot.i18n.translator import Translations


@dataclass(frozen=True)
class LoadedForConsole:
    result: LoadResult
    translations: Translations
    actions: ActionRegistry
    served: Callable[[], Content]
    """The content the bot would serve, built only when asked (it indexes every topic); only
    for a `result` without errors."""

    def topic_titles(self) -> dict[str, str]:
        """Each flow's title by its key, even when other files have errors."""
        flowset = self.result.flowset
        flows = flowset.flows if flowset is not None else {}
        return {key: flow.title for key, flow in flows.items()}


LoadContent = Callable[[Settings, date], LoadedForConsole]
"""Read and check the content in the folders `Settings` names, as of a day."""
