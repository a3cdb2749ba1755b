"""The engine's `Reader`, answered by the readers of this package over one set of content.

Built by bot/app.py with the content it loaded, and served (and swapped) with it, so a survivor
is always read with the phrases, everyday words and topics of the flows they are shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.reading import Danger, Everyday, TopicGuess
from bot.understanding.choices import typed_choice
from bot.understanding.danger import DangerDetector
from bot.understanding.everyday import EverydayWords
from bot.understanding.language_guess import guess_language
from bot.understanding.topics import BackgroundIndex


@dataclass(frozen=True)
class Understanding:
    detector: DangerDetector
    words: EverydayWords
    questions: BackgroundIndex

    def danger(self, typed: str, chosen: str | None) -> Danger | None:
        return self.detector.detect(typed, chosen)

    def button(self, typed: str, options: Sequence[Sequence[str]]) -> int | None:
        return typed_choice(typed, options)

    def everyday(self, typed: str) -> Everyday | None:
        return self.words.meaning(typed)

    def language(self, typed: str) -> str | None:
        """The letters first; where they say nothing, a greeting only one language has."""
        return guess_language(typed) or self.words.language_of(typed)

    def topics(self, typed: str) -> list[TopicGuess]:
        return [TopicGuess(guess.label, guess.score) for guess in self.questions.guesses(typed)]
