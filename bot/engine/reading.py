"""What the engine asks of the words a survivor typed, and the answers it gets back.

The engine decides what to do with an answer; how the words are read (phrase lists, a learned
model, fuzzy matching, an index of questions) is bot/understanding's, built and handed in by
bot/app.py. Declared here, in the core, so the engine depends on no reader in particular.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Tier(StrEnum):
    CLEAR = "clear"
    """Emergency guidance at once."""
    POSSIBLE = "possible"
    """A short "Are you safe right now?": never silence."""


@dataclass(frozen=True)
class Danger:
    tier: Tier
    category: str
    language: str
    """The language of the phrase that fired: the best guess at what the survivor reads."""
    source: str
    phrase: str
    negated: bool = False

    def explain(self) -> str:
        said = " (said with 'not')" if self.negated else ""
        return f"{self.tier} {self.category}{said}: {self.phrase!r} at {self.source}"


class Everyday(StrEnum):
    GREETING = "greeting"
    THANKS = "thanks"
    MENU = "menu"
    BACK = "back"
    HELP = "help"
    SAD = "sad"


@dataclass(frozen=True)
class TopicGuess:
    topic: str
    """The node id of the topic."""
    score: float
    """How close (0-1) the typed question is to the topic's examples."""


class Reader(Protocol):
    """Everything the engine wants to know about typed words, each asked where it matters."""

    def danger(self, typed: str, chosen: str | None) -> Danger | None:
        """Clear or possible danger, in any language, whatever language was `chosen` (None
        before a choice): a reader may be surer of what is typed in the chosen one."""
        ...

    def button(self, typed: str, options: Sequence[Sequence[str]]) -> int | None:
        """The index of the button meant; each option is the ways its label may be typed."""
        ...

    def everyday(self, typed: str) -> Everyday | None:
        """What the whole message means, if it is an everyday word (a greeting, "back")."""
        ...

    def language(self, typed: str) -> str | None:
        """A first guess at the language written in, for a newcomer who has not chosen one."""
        ...

    def topics(self, typed: str) -> list[TopicGuess]:
        """The topics a typed question may be about, best first."""
        ...
