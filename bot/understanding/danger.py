"""Danger and crisis, found in what a survivor types, in any language Waypost knows.

Two tiers. *Clear* danger (being hurt, threatened, found, locked in, forced, with nowhere safe to
sleep, or wanting to die) brings emergency guidance at once. *Possible* danger (fear, a plea for
help, a danger word in an unclear sentence, or clear danger said with "not") brings a short "Are
you safe right now?": never silence.

Phrase lists live with the content (flows/danger/<language>.yaml) so administrators can edit
them; every message is checked against every language's list, whatever language was chosen,
because a survivor in crisis writes in the language that comes first. Each finding names the
file and line that fired, for tests and for administrators. When no phrase says anything, a
learned model (bot/understanding/learned.py) takes a second look and may ask "Are you safe?".
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.engine.reading import Danger, Tier
from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.understanding.folding import Folded, fold
from bot.understanding.language_guess import guess_language
from bot.understanding.learned import FEWEST_WORDS, MODEL_FILE, LearnedModel
from bot.understanding.phrases import Found, Phrase, PhraseError, PhraseSet, Typos, parse

CLEAR = (
    "self_harm",
    "threatened",
    "followed",
    "violence",
    "sexual_violence",
    "confined",
    "forced_work",
    "no_safe_place",
    "weapon",
    "in_danger",
)
POSSIBLE = ("afraid", "asks_for_help", "unclear")
LEARNED = "learned"
"""The category of what only the learned model noticed: always possible danger."""
NEGATION_REACH = 3
"""How many words before a clear phrase a "not" still reaches ("I am not in danger"), within
its clause: in "I can't sleep, he will kill me" the "not" stops at the comma."""


class PhraseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    language: str = Field(pattern=r"^[a-z]{2,3}$")
    reviewed_by_native_speaker: bool
    keep_accents: bool = False
    typos_from: int = Field(default=5, ge=0)
    """Words of this many letters forgive one wrong letter (0: none, for scripts where one letter
    makes another word, as انتظار "waiting" and انتحار "suicide")."""
    clear: dict[str, tuple[str, ...]]
    possible: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    negations: tuple[str, ...] = ()
    not_danger: tuple[str, ...] = ()
    """Everyday phrases that contain a danger phrase ("mệt muốn chết", tired to death)."""


@dataclass(frozen=True)
class Rule:
    """Where a phrase came from and what it means."""

    kind: str  # a category, "negation" or "not_danger"
    language: str
    source: str  # file:line

    @property
    def tier(self) -> Tier | None:
        if self.kind in CLEAR:
            return Tier.CLEAR
        return Tier.POSSIBLE if self.kind in POSSIBLE else None


class DangerDetector:
    def __init__(self, phrases: list[Phrase], learned: LearnedModel | None = None) -> None:
        self._phrases = PhraseSet(phrases)
        self._learned = learned

    def detect(self, text: str, language: str | None = None) -> Danger | None:
        """The gravest danger in `text`, typed by someone who chose `language` (None before they
        choose): clear before possible, the first found of each; what the learned model notices
        when no phrase, not even an everyday one, says anything."""
        folded = fold(text)
        findings, vetoed = self._screen(folded)
        if findings:
            return _gravest(findings)
        return None if vetoed else self._second_look(text, folded, language)

    def detect_by_phrases(self, text: str) -> Danger | None:
        """What the phrase lists alone find, without the learned model: to test the lists."""
        findings, _ = self._screen(fold(text))
        return _gravest(findings) if findings else None

    def findings(self, text: str, language: str | None = None) -> Iterator[Danger]:
        """Every finding, each with the rule (or the model's words) that fired, to explain."""
        folded = fold(text)
        findings, vetoed = self._screen(folded)
        yield from findings
        if not findings and not vetoed and (learned := self._second_look(text, folded, language)):
            yield learned

    def _screen(self, folded: Folded) -> tuple[list[Danger], bool]:
        """The phrase lists' findings, and whether an everyday phrase cancelled any.

        A language's negations soften its own danger phrases only (Albanian "s", not, must not
        soften Romanian "s-a"); an everyday phrase in any language cancels any danger phrase
        inside it, since the everyday phrase tells what language the words are in."""
        found = list(self._phrases.find(folded))
        vetoes = [f for f in found if _rule(f).kind == "not_danger"]
        negations = [f for f in found if _rule(f).kind == "negation"]
        findings = []
        for finding in found:
            rule = _rule(finding)
            if rule.tier is None or any(_overlap(finding, veto) for veto in vetoes):
                continue
            negated = rule.tier is Tier.CLEAR and any(
                _rule(n).language == rule.language
                and finding.start - NEGATION_REACH <= n.end <= finding.start
                and not any(k in folded.clause_starts for k in range(n.end, finding.start + 1))
                for n in negations
            )
            tier = Tier.POSSIBLE if negated else rule.tier
            text_of = finding.phrase.text
            findings.append(Danger(tier, rule.kind, rule.language, rule.source, text_of, negated))
        return findings, bool(vetoes)

    def _second_look(self, text: str, folded: Folded, language: str | None) -> Danger | None:
        if self._learned is None or len(folded.plain) < FEWEST_WORDS:
            return None
        verdict = self._learned.score(folded.plain, language)
        if not verdict.noticed:
            return None
        said = f"{verdict.probability:.2f}, most from {', '.join(verdict.words) or 'no word'}"
        written_in = language or guess_language(text) or "en"
        return Danger(Tier.POSSIBLE, LEARNED, written_in, MODEL_FILE, said)


def _gravest(findings: list[Danger]) -> Danger:
    return next((d for d in findings if d.tier is Tier.CLEAR), findings[0])


def _rule(found: Found) -> Rule:
    assert isinstance(found.phrase.label, Rule)
    return found.phrase.label


def _overlap(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


@dataclass(frozen=True)
class LoadedPhrases:
    detector: DangerDetector
    problems: tuple[Problem, ...]


def load_phrases(folder: Path) -> LoadedPhrases:
    """Read every phrase file in `folder`; problems name the file and line.

    Compiling some thousands of phrases takes about a second: a folder whose files have not
    changed since (same names, sizes and times) gives back the detector already built, so
    publishing other content, or starting a second runtime, does not pay it again."""
    return _load_phrases(folder.resolve(), _fingerprint(folder))


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    found = []
    for path in sorted([*folder.glob("*.yaml"), folder / MODEL_FILE]):
        if path.is_file():
            stat = path.stat()
            found.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(found)


@functools.lru_cache(maxsize=4)
def _load_phrases(folder: Path, _fingerprint: tuple[tuple[str, int, int], ...]) -> LoadedPhrases:
    phrases: list[Phrase] = []
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        phrases.extend(_read(path, problems))
    if not any(_rule_of(p).tier is Tier.CLEAR for p in phrases):
        problems.append(Problem(folder, 1, "no danger phrases found: safety needs them"))
    detector = DangerDetector(phrases, _learned(folder, problems))
    return LoadedPhrases(detector, tuple(problems))


def _learned(folder: Path, problems: list[Problem]) -> LearnedModel | None:
    path = folder / MODEL_FILE
    if not path.exists():
        return None
    try:
        return LearnedModel.load(path)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as error:
        message = f"cannot read the learned model ({error}): run `waypost flows learn-danger`"
        problems.append(Problem(path, 1, message))
        return None


def _rule_of(phrase: Phrase) -> Rule:
    assert isinstance(phrase.label, Rule)
    return phrase.label


def _read(path: Path, problems: list[Problem]) -> Iterator[Phrase]:
    checked = read_checked(path, PhraseFile, problems)
    if checked is None:
        return
    parsed, document = checked
    if parsed.language != path.stem:
        problems.append(
            Problem(path, document.line_of(("language",)), f"name the file {parsed.language}.yaml")
        )
    typos = Typos(parsed.typos_from)
    sections: list[tuple[tuple[str | int, ...], str, tuple[str, ...]]] = []
    for tier, known, groups in (
        ("clear", CLEAR, parsed.clear),
        ("possible", POSSIBLE, parsed.possible),
    ):
        for category, texts in groups.items():
            if category not in known:
                line = document.line_of((tier, category))
                names = ", ".join(known)
                problems.append(
                    Problem(path, line, f"unknown {tier} category {category!r}: use {names}")
                )
                continue
            sections.append(((tier, category), category, texts))
    sections.append((("negations",), "negation", parsed.negations))
    sections.append((("not_danger",), "not_danger", parsed.not_danger))
    for location, kind, texts in sections:
        for index, text in enumerate(texts):
            line = document.line_of((*location, index))
            rule = Rule(kind, parsed.language, f"{path.name}:{line}")
            try:
                yield parse(text, rule, typos, parsed.keep_accents)
            except PhraseError as error:
                problems.append(Problem(path, line, f"{error}: see flows/README.md, Danger words"))
