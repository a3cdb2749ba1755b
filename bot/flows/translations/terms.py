"""The term base: one rendering per key term in each language, and the check that keeps it.

`locales/terms.yaml` names the key terms in English (NRM, reasonable grounds, reporting...);
`locales/<language>/terms.yaml` says how that language writes each one, and which other ways
of writing it were seen and must go. A survivor who reads "the final decision" on one screen
and a transliteration of "conclusive grounds" on the next cannot tell they are the same thing,
so `waypost flows check` warns (it does not fail: a warning is work for a reviewer, not a
reason to keep the bot from starting) where a catalogue writes a term a listed other way, and
where a term that must be explained is left in English outside brackets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Annotated

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from pydantic import BaseModel, ConfigDict, Field

from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.flows.yaml_source import YamlDocument
from bot.i18n.catalogues import catalogue_path

TERMS_FILE = "terms.yaml"
TERM_ID = r"^[a-z][a-z0-9_]*$"
ASK_NOTE = "a question a survivor might type"
"""The extractor's note on typed-question examples: survivors type English terms as they are."""
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u0640"), None)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Term(_Strict):
    id: str = Field(pattern=TERM_ID)
    english: tuple[Annotated[str, Field(min_length=2)], ...] = Field(min_length=1)
    bracketed: bool = False
    legal: bool = False
    """A term of law or of the Home Office's processes: reviewers check its strings first."""
    explain: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """Any of its English forms as whole words; `*` stands for any ending."""
        forms = [re.escape(form).replace(r"\*", r"\w*") for form in self.english]
        return re.compile(r"\b(?:" + "|".join(forms) + r")\b", re.IGNORECASE)

    def in_text(self, text: str) -> bool:
        return bool(self.pattern.search(text))


class EnglishTerms(_Strict):
    terms: tuple[Term, ...] = Field(min_length=1)


class Rendering(_Strict):
    use: str = Field(min_length=1)
    """How this language writes the term: the one rendering translators and reviewers keep."""
    other_ways: tuple[Annotated[str, Field(min_length=2)], ...] = ()
    """Renderings seen in the catalogue that must go; each one found is warned about."""
    note: str | None = None
    dari: str | None = None
    """Persian only: the word Dari readers (Afghans) know, where it differs."""


class DariWord(_Strict):
    iranian: str
    dari: str


class LanguageTerms(_Strict):
    language: str
    reviewed_by_native_speaker: bool = False
    note: str | None = None
    terms: dict[Annotated[str, Field(pattern=TERM_ID)], Rendering]
    dari_words: tuple[DariWord, ...] = ()
    """Persian only: words of Iranian Persian that Dari readers write differently, for
    reviewers to check (`waypost i18n review-list fa`)."""


@dataclass(frozen=True)
class TermBase:
    """One language's term base with the English terms it renders, and where each is written."""

    language: str
    path: Path
    english: tuple[Term, ...]
    entries: LanguageTerms
    document: YamlDocument

    def line_of(self, term_id: str) -> int:
        return self.document.line_of(("terms", term_id))

    def found_in(self, source: str) -> list[tuple[Term, Rendering]]:
        """The key terms an English text uses, with this language's rendering of each."""
        return [
            (term, self.entries.terms[term.id])
            for term in self.english
            if term.id in self.entries.terms and term.in_text(source)
        ]


def load_english_terms(locales_dir: Path, problems: list[Problem]) -> tuple[Term, ...]:
    path = locales_dir / TERMS_FILE
    if not path.is_file():
        return ()
    checked = read_checked(path, EnglishTerms, problems)
    return checked[0].terms if checked else ()


def load_term_base(
    locales_dir: Path, language: str, english: tuple[Term, ...], problems: list[Problem]
) -> TermBase | None:
    """A language's term base, or None if it has none (or it is broken: see `problems`)."""
    path = locales_dir / language / TERMS_FILE
    if not english or not path.is_file():
        return None
    checked = read_checked(path, LanguageTerms, problems)
    if checked is None:
        return None
    entries, document = checked
    known = {term.id for term in english}
    for term_id in entries.terms:
        if term_id not in known:
            problems.append(
                Problem(
                    path,
                    document.line_of(("terms", term_id)),
                    f"no key term {term_id!r} in {locales_dir / TERMS_FILE}; "
                    f"the terms are: {', '.join(sorted(known))}",
                )
            )
    for term_id in sorted(known - set(entries.terms)):
        problems.append(
            Problem(
                path,
                1,
                f"the key term {term_id!r} has no rendering: add it under `terms:`",
                severity="warning",
            )
        )
    if entries.language != language:
        problems.append(
            Problem(path, document.line_of(("language",)), f"`language` must be {language!r}")
        )
    return TermBase(language, path, english, entries, document)


def check_terms(catalog: Catalog, path: Path, base: TermBase) -> Iterator[Problem]:
    """Warnings where a catalogue writes a key term another way than its term base says."""
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        source = _english(message)
        typed_question = any(ASK_NOTE in comment for comment in message.auto_comments)
        for translation in _translations(message):
            folded = fold(translation)
            for term, rendering in base.found_in(source):
                where = f"translation of {source[:40]!r}"
                said = f"the term base ({base.path}:{base.line_of(term.id)}) says {rendering.use!r}"
                for other in rendering.other_ways:
                    if fold(other) in folded:
                        yield Problem(
                            path,
                            message.lineno,
                            f"{where}: writes {term.english[0]!r} as {other!r}, but {said}; "
                            "use one rendering everywhere",
                            severity="warning",
                        )
                if term.bracketed and not typed_question and _bare_english(term, translation):
                    yield Problem(
                        path,
                        message.lineno,
                        f"{where}: {term.english[0]!r} is left in English outside brackets; "
                        f"{said}: write it, with the English in brackets after it",
                        severity="warning",
                    )


def fold(text: str) -> str:
    """Compare renderings as a reader sees them: case, joiners and Arabic vowel marks aside."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).casefold()
    return "".join(ch for ch in text if not _arabic_mark(ch))


def _arabic_mark(ch: str) -> bool:
    return unicodedata.category(ch) == "Mn" and "\u0610" <= ch <= "\u06ed"


def _bare_english(term: Term, translation: str) -> bool:
    """The English term written outside any (...) or «...» in the translation."""
    for found in term.pattern.finditer(translation):
        before = translation[: found.start()]
        if before.count("(") <= before.count(")") and before.count("«") <= before.count("»"):
            return True
    return False


def _english(message: Message) -> str:
    return " ".join(message.id) if isinstance(message.id, tuple | list) else str(message.id)


def _translations(message: Message) -> Iterable[str]:
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return [str(s) for s in strings if s]


def check_term_bases(locales_dir: Path, languages: Iterable[str]) -> list[Problem]:
    """Everything `flows check` says about the term bases and their use in the catalogues."""
    problems: list[Problem] = []
    english = load_english_terms(locales_dir, problems)
    for language in languages:
        base = load_term_base(locales_dir, language, english, problems)
        catalogue = catalogue_path(locales_dir, language)
        if base is not None and catalogue.is_file():
            with catalogue.open("rb") as handle:
                catalog = read_po(handle)
            problems.extend(check_terms(catalog, catalogue, base))
    return problems


def term_bases(locales_dir: Path, languages: Iterable[str]) -> dict[str, TermBase]:
    """Every language's term base that loads (for the console and the review list)."""
    problems: list[Problem] = []
    english = load_english_terms(locales_dir, problems)
    found = {code: load_term_base(locales_dir, code, english, problems) for code in languages}
    return {code: base for code, base in found.items() if base is not None}
