"""How plain each English message is: Flesch-Kincaid grade and length, against set limits.

Survivors read Waypost while frightened, often in a second language: messages aim at a reading
age of about 9. The few terms that cannot be avoided ("reasonable grounds") are explained in the
glossary survivors see (flows/glossary.yaml), and proper names in flows/checks/plain_language.yaml;
both are left out of the measure, so each term is listed once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from bot.flowmodel.flowset import FlowSet
from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.flows.yaml_source import read_yaml

_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_NOT_PROSE = re.compile(r"\{[^}]*\}|\S+\.(?:uk|org|com)\S*|[\d][\d ]*\d|\d")


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    max_grade: float = 6.0
    max_words: int = 80
    glossary: dict[str, str] = {}

    @model_validator(mode="before")
    @classmethod
    def _empty_file_keeps_the_defaults(cls, data: object) -> object:
        return {} if data is None else data


@dataclass(frozen=True)
class Reading:
    path: Path
    line: int
    node: str
    text: str
    grade: float
    words: int


def grade(text: str, terms: Collection[str]) -> tuple[float, int]:
    """Flesch-Kincaid grade and word count, with hard terms, numbers and links left out."""
    prose = _NOT_PROSE.sub(" ", text)
    for term in sorted(terms, key=len, reverse=True):
        prose = re.sub(re.escape(term), "it", prose, flags=re.IGNORECASE)
    words = _WORD.findall(prose)
    if not words:
        return 0.0, 0
    sentences = max(1, len(_SENTENCE_END.findall(prose.strip() + " ")))
    syllables = sum(_syllables(word) for word in words)
    value = 0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59
    return round(value, 1), len(_WORD.findall(text))


def _syllables(word: str) -> int:
    word = word.lower().strip("'’-")
    count = len(_VOWEL_GROUP.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1  # a silent final e: "make", "home"
    return max(1, count)


def load_limits(path: Path) -> tuple[Limits, list[Problem]]:
    problems: list[Problem] = []
    checked = read_checked(path, Limits, problems) if path.is_file() else None
    return (checked[0] if checked else Limits()), problems


def hard_terms(limits: Limits, flows: FlowSet | None) -> tuple[str, ...]:
    """Left out of the measure: every way the glossary writes each of its terms, and the names
    and other terms of plain_language.yaml."""
    written = (
        [form for node in flows.glossary.entries.values() for form in node.term] if flows else []
    )
    return tuple(dict.fromkeys([*written, *limits.glossary]))


def readings(flows: FlowSet, terms: Collection[str]) -> Iterator[Reading]:
    """Every English message of every flow, measured."""
    for flow_id, flow in flows.flows.items():
        path = flows.files[flow_id]
        document = read_yaml(path)
        for i, node in enumerate(flow.nodes):
            for j, say in enumerate(node.say):
                value, words = grade(say.text, terms)
                line = document.line_of(("nodes", i, "say", j))
                yield Reading(path, line, node.id, say.text, value, words)


def problems(found: list[Reading], limits: Limits) -> Iterator[Problem]:
    for reading in found:
        if reading.grade > limits.max_grade:
            yield Problem(
                reading.path,
                reading.line,
                f"reading grade {reading.grade} is over {limits.max_grade}: use shorter "
                "sentences and shorter words, or explain a needed term in the glossary",
                node=reading.node,
            )
        if reading.words > limits.max_words:
            yield Problem(
                reading.path,
                reading.line,
                f"{reading.words} words, over {limits.max_words}: split the message",
                node=reading.node,
            )
