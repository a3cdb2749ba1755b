"""Everyday words typed on any screen: greetings, thanks, "menu", "back", "help", and feelings
sent as emoji, in every language Waypost speaks (flows/everyday/<language>.yaml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.reading import Everyday
from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.understanding.folding import words

EVERYDAY_FOLDER = "everyday"
SHORT = 4
"""Words in a message that can still be only a greeting or thanks with a word or two more."""
# Faces and hearts of sadness, fear or pain: answered gently, with a person one tap away.
SAD_EMOJI = frozenset("😢😭😞😔😟😥😰😨😱💔🥺😿☹🙁😩😫😣😖")


class EverydayFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    reviewed_by_native_speaker: bool
    greeting: tuple[str, ...] = ()
    thanks: tuple[str, ...] = ()
    menu: tuple[str, ...] = ()
    back: tuple[str, ...] = ()
    help: tuple[str, ...] = ()


@dataclass
class EverydayWords:
    meanings: dict[str, Everyday] = field(default_factory=dict)
    languages: dict[str, set[str]] = field(default_factory=dict)
    """The languages each word or phrase is written in ("salam" in several)."""
    problems: list[Problem] = field(default_factory=list)

    def language_of(self, typed: str) -> str | None:
        """The one language whose everyday words the message holds ("pershendetje, kam nje
        pyetje" is Albanian; "ሰላም ሓገዝ ደልየ" Tigrinya, though ሰላም is Amharic too): a hint where
        the letters alone say nothing. None when no such word, or words of several languages."""
        typed_words = words(typed)
        found: set[str] = set()
        for start in range(len(typed_words)):
            for end in range(start + 1, min(len(typed_words), start + SHORT) + 1):
                languages = self.languages.get(" ".join(typed_words[start:end]), set())
                if len(languages) == 1:
                    found |= languages
        return next(iter(found)) if len(found) == 1 else None

    def meaning(self, typed: str) -> Everyday | None:
        """What a whole message means, if it is one of the everyday words or only sad emoji."""
        typed_words = words(typed)
        folded = " ".join(typed_words)
        if folded in self.meanings:
            return self.meanings[folded]
        if len(typed_words) <= SHORT:
            # "hi again", "thanks a lot": a greeting or thanks that starts a short message.
            for end in range(len(typed_words) - 1, 0, -1):
                meaning = self.meanings.get(" ".join(typed_words[:end]))
                if meaning in (Everyday.GREETING, Everyday.THANKS):
                    return meaning
        shown = {c for c in typed if not c.isspace() and c not in "\ufe0f\u200d"}
        if not folded and shown and shown & SAD_EMOJI:
            return Everyday.SAD
        return None


def load_everyday(folder: Path) -> EverydayWords:
    loaded = EverydayWords()
    for path in sorted(folder.glob("*.yaml")):
        checked = read_checked(path, EverydayFile, loaded.problems)
        if checked is None:
            continue
        parsed = checked[0]
        for meaning in Everyday:
            for text in getattr(parsed, meaning.value, ()):
                folded = " ".join(words(text))
                loaded.meanings.setdefault(folded, meaning)
                loaded.languages.setdefault(folded, set()).add(parsed.language)
    return loaded
