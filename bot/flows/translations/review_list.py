"""What a native reviewer should read first in a language (`waypost i18n review-list LANG`).

A catalogue of 1,300 machine-written strings is too much for a first review, and most of it is
low-risk. So the list starts with what could hurt a survivor if it were wrong (emergency
guidance, helplines, consent), then every string that uses a key legal or Home Office term
(with the term base's rendering beside it), then whatever changed since the last review that
covered the language (`locales/reviews.yaml` names the commit that review read; the catalogue
as it was then is compared with the catalogue now). Each string appears once, in the first
section it belongs to. Only translations not yet checked by a native speaker are listed, and
not the examples of what survivors type (they help matching; no survivor reads them).
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po
from pydantic import BaseModel, ConfigDict, Field

from bot.flows.checked_yaml import read_checked
from bot.flows.problems import Problem
from bot.flows.translations.terms import ASK_NOTE, TermBase, fold
from bot.i18n.catalogues import catalogue_path
from bot.i18n.quality import UNREVIEWED, numbers_in

REVIEWS_FILE = "reviews.yaml"
SAFETY_NODES = frozenset(
    {
        "danger",
        "safety_check",
        "help",
        "human",
        "checkin_help",
        "reporting_missed",
        "consent",
        "consent_check",
        "forget",
    }
)
"""Screens where a wrong word could keep a survivor from help or mislead them about consent."""
SAFETY_FLOWS = frozenset({"helplines"})
EMERGENCY = ("999", "55")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Review(_Strict):
    date: date
    commit: str = Field(pattern=r"^[0-9a-f]{7,40}$")
    """The commit whose catalogues the reviewers read."""
    languages: tuple[str, ...] = Field(min_length=1)
    by: str


class Reviews(_Strict):
    reviews: tuple[Review, ...] = ()


@dataclass(frozen=True)
class Entry:
    line: int
    context: str | None
    source: str
    translation: str
    terms: tuple[str, ...] = ()
    """`english = rendering` for each key term the English uses."""


@dataclass
class Section:
    title: str
    entries: list[Entry] = field(default_factory=list)
    note: str | None = None


def last_review(locales_dir: Path, language: str, problems: list[Problem]) -> Review | None:
    path = locales_dir / REVIEWS_FILE
    if not path.is_file():
        return None
    checked = read_checked(path, Reviews, problems)
    if checked is None:
        return None
    covering = [review for review in checked[0].reviews if language in review.languages]
    return max(covering, key=lambda review: review.date, default=None)


def catalogue_at(commit: str, path: Path) -> Catalog | None:
    """The catalogue as it was at a commit (None outside a git checkout or if it was absent)."""
    try:
        found = subprocess.run(
            ["git", "show", f"{commit}:./{path.name}"],
            cwd=path.parent,
            capture_output=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return read_po(io.BytesIO(found.stdout))


def review_list(
    catalog: Catalog,
    language: str,
    base: TermBase | None,
    review: Review | None,
    before: Catalog | None,
) -> list[Section]:
    safety = Section("Safety-critical: emergency guidance, helplines, consent")
    legal = Section("Legal and Home Office terms (the term base's rendering beside each)")
    changed = Section("Changed since the last review")
    if review is None:
        changed.note = "no review of this language is recorded in locales/reviews.yaml"
    elif before is None:
        changed.note = f"the catalogue at {review.commit} could not be read (is git installed?)"
    else:
        changed.title += f" ({review.by}, {review.date}, commit {review.commit[:10]})"
    for message in catalog:
        if not message.id or message.fuzzy or UNREVIEWED not in message.flags:
            continue
        if any(ASK_NOTE in comment for comment in message.auto_comments):
            continue  # examples of what survivors type help matching; no survivor reads them
        entry = _entry(message, base)
        if _safety_critical(message):
            safety.entries.append(entry)
        elif base is not None and any(term.legal for term, _ in base.found_in(entry.source)):
            legal.entries.append(entry)
        elif before is not None and _changed(message, before):
            changed.entries.append(entry)
    sections = [safety, legal, changed]
    if base is not None and base.entries.dari_words:
        sections.append(_dari(catalog, base))
    return sections


def review_list_for(locales_dir: Path, language: str, base: TermBase | None) -> list[Section]:
    """The review list of one language's catalogue, as `waypost i18n review-list` prints it."""
    path = catalogue_path(locales_dir, language)
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems: list[Problem] = []
    review = last_review(locales_dir, language, problems)
    if problems:
        raise ValueError("\n".join(str(problem) for problem in problems))
    before = catalogue_at(review.commit, path) if review else None
    return review_list(catalog, language, base, review, before)


def _entry(message: Message, base: TermBase | None) -> Entry:
    source, translation = _text(message.id), _text(message.string)
    terms = tuple(
        f"{term.english[0]} = {rendering.use}"
        for term, rendering in (base.found_in(source) if base else [])
    )
    return Entry(message.lineno, message.context, source, translation, terms)


def _safety_critical(message: Message) -> bool:
    flow, _, node = (message.context or "").partition("/")
    if node in SAFETY_NODES or flow in SAFETY_FLOWS:
        return True
    numbers = numbers_in(_text(message.id))
    # A helpline or emergency number: a wrong word around it can keep someone from calling.
    return any(n in EMERGENCY or len(n.replace(" ", "")) >= 6 for n in numbers)


def _changed(message: Message, before: Catalog) -> bool:
    key = message.id[0] if isinstance(message.id, tuple | list) else message.id
    old = before.get(key, message.context)
    return old is None or old.string != message.string or old.id != message.id


def _dari(catalog: Catalog, base: TermBase) -> Section:
    """Persian written for Iranians: the strings with a word Dari readers write differently."""
    section = Section(
        "Dari check: Iranian words that Afghan (Dari) readers write differently",
        note=", ".join(f"{w.iranian} → {w.dari}" for w in base.entries.dari_words),
    )
    for message in catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        translation = fold(_text(message.string))
        words = [w for w in base.entries.dari_words if fold(w.iranian) in translation]
        if words:
            dari = tuple(f"{w.iranian} → Dari {w.dari}" for w in words)
            source, text = _text(message.id), _text(message.string)
            section.entries.append(Entry(message.lineno, message.context, source, text, dari))
    return section


def _text(value: object) -> str:
    if isinstance(value, tuple | list):
        return " | ".join(str(part) for part in value if part)
    return str(value or "")


def count(sections: Iterable[Section]) -> int:
    return sum(len(section.entries) for section in sections)
