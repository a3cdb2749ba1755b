"""Scoring what Waypost understands on labelled sets of messages, per language.

A danger set is a YAML file per language with three lists: `danger` (must get emergency
guidance), `possible` (must at least be asked "Are you safe?") and `ordinary` (must get
nothing). A question set lists typed questions, each with the topic (node id) that answers it.
The held-out sets in tests/evaluation/ are never used to write phrase lists or examples: they
tell how well Waypost does on messages nobody tuned it for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.engine.reading import Tier
from bot.understanding.danger import DangerDetector
from bot.understanding.similar import ExampleIndex


@dataclass
class LanguageScore:
    language: str
    danger: int = 0
    danger_noticed: int = 0
    danger_clear: int = 0
    possible: int = 0
    possible_noticed: int = 0
    ordinary: int = 0
    false_alarms: int = 0
    missed: list[str] = field(default_factory=list)
    alarmed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.danger_noticed / self.danger if self.danger else 1.0

    @property
    def clear_rate(self) -> float:
        return self.danger_clear / self.danger if self.danger else 1.0

    @property
    def possible_rate(self) -> float:
        return self.possible_noticed / self.possible if self.possible else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.ordinary if self.ordinary else 0.0


def score(folder: Path, detector: DangerDetector) -> list[LanguageScore]:
    scores = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        language = data["language"]
        result = LanguageScore(language)
        # Each set is what survivors who chose its language typed.
        for text in data.get("danger") or ():
            found = detector.detect(text, language)
            result.danger += 1
            result.danger_noticed += found is not None
            result.danger_clear += found is not None and found.tier is Tier.CLEAR
            if found is None:
                result.missed.append(text)
        for text in data.get("possible") or ():
            result.possible += 1
            result.possible_noticed += detector.detect(text, language) is not None
        for text in data.get("ordinary") or ():
            found = detector.detect(text, language)
            result.ordinary += 1
            if found is not None:
                result.false_alarms += 1
                result.alarmed.append((text, found.explain()))
        scores.append(result)
    return scores


@dataclass
class QuestionScore:
    language: str
    questions: int = 0
    first: int = 0
    top_three: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    """(question, right topic, guessed topic) for questions whose best guess was wrong."""

    @property
    def top1(self) -> float:
        return self.first / self.questions if self.questions else 1.0

    @property
    def top3(self) -> float:
        return self.top_three / self.questions if self.questions else 1.0


def score_questions(folder: Path, index: ExampleIndex) -> list[QuestionScore]:
    scores = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        result = QuestionScore(data["language"])
        for item in data.get("questions") or ():
            guesses = [guess.label for guess in index.guesses(item["text"])]
            result.questions += 1
            result.first += guesses[:1] == [item["topic"]]
            result.top_three += item["topic"] in guesses
            if guesses[:1] != [item["topic"]]:
                result.wrong.append((item["text"], item["topic"], (guesses or ["-"])[0]))
        scores.append(result)
    return scores
