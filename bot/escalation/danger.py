"""Danger and crisis language, found in what a survivor types, in any language Waypost knows.

Phrase lists live with the content (flows/danger/<language>.yaml) so administrators can edit
them. A phrase matches a run of words in the message; each word of 4+ letters may be misspelt by
one letter (two in 9+), and a word ending in `*` matches any word starting with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.escalation.normalise import words
from bot.flows.problems import Problem
from bot.flows.yaml_source import YamlSyntaxError, read_yaml

CATEGORIES = ("self_harm", "threatened", "forced_work", "no_safe_place", "in_danger")


class PhraseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    reviewed_by_native_speaker: bool
    keep_accents: bool = False
    phrases: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Phrase:
    category: str
    words: tuple[str, ...]
    keep_accents: bool
    source: str


@dataclass(frozen=True)
class Danger:
    category: str


class DangerDetector:
    def __init__(self, phrases: list[Phrase]) -> None:
        self._phrases = phrases

    def detect(self, text: str) -> Danger | None:
        plain, accented = words(text), words(text, keep_accents=True)
        for phrase in self._phrases:
            if _contains(accented if phrase.keep_accents else plain, phrase.words):
                return Danger(phrase.category)
        return None


def _contains(typed: list[str], phrase: tuple[str, ...]) -> bool:
    length = len(phrase)
    for start in range(len(typed) - length + 1):
        if all(_same_word(typed[start + i], phrase[i]) for i in range(length)):
            return True
    return False


def _same_word(typed: str, wanted: str) -> bool:
    if wanted.endswith("*"):
        return typed.startswith(wanted[:-1])
    if typed == wanted:
        return True
    # Typos rarely hit the first letter; requiring it keeps "fill" from matching "kill".
    allowed = 2 if len(wanted) >= 9 else 1 if len(wanted) >= 4 else 0
    return (
        allowed > 0
        and typed[:1] == wanted[:1]
        and abs(len(typed) - len(wanted)) <= allowed
        and _edit_distance(typed, wanted, allowed) <= allowed
    )


def _edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a swap of neighbours counts once), capped at limit+1."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


@dataclass
class LoadedPhrases:
    detector: DangerDetector
    problems: list[Problem]


def load_phrases(folder: Path) -> LoadedPhrases:
    """Read every phrase file in `folder`; problems name the file and line."""
    phrases: list[Phrase] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        phrases.extend(_read(path, problems))
    if not phrases:
        problems.append(Problem(folder, 1, "no danger phrases found: safety needs them"))
    return LoadedPhrases(DangerDetector(phrases), problems)


def _read(path: Path, problems: list[Problem]) -> Iterator[Phrase]:
    try:
        document = read_yaml(path)
        parsed = PhraseFile.model_validate(document.data)
    except YamlSyntaxError as error:
        problems.append(Problem(path, error.line, error.problem))
        return
    except ValidationError as error:
        for item in error.errors():
            location = tuple(item["loc"])
            problems.append(Problem(path, document.line_of(location), item["msg"]))
        return
    if parsed.language != path.stem:
        problems.append(
            Problem(path, document.line_of(("language",)), f"name the file {parsed.language}.yaml")
        )
    for category, texts in parsed.phrases.items():
        if category not in CATEGORIES:
            line = document.line_of(("phrases", category))
            known = ", ".join(CATEGORIES)
            problems.append(Problem(path, line, f"unknown category {category!r}: use {known}"))
            continue
        for index, text in enumerate(texts):
            line = document.line_of(("phrases", category, index))
            normalised = phrase_words(text, parsed.keep_accents)
            if not normalised:
                problems.append(Problem(path, line, f"the phrase {text!r} has no words"))
                continue
            yield Phrase(category, normalised, parsed.keep_accents, f"{path.name}:{line}")


def phrase_words(text: str, keep_accents: bool = False) -> tuple[str, ...]:
    """A phrase as the words it matches; a trailing `*` on a word is kept (any ending)."""
    result: list[str] = []
    for raw in text.split():
        parts = words(raw.rstrip("*"), keep_accents)
        if raw.endswith("*") and parts:
            parts[-1] += "*"
        result.extend(parts)
    return tuple(result)
