"""`waypost i18n`: the gettext workflow (extract, update, status) over flows and code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalogues import DOMAIN, PO_WIDTH, catalogue_path
from bot.i18n.quality import UNREVIEWED, usable

FLOW_METHODS = [
    ("danger/**", "ignore"),  # phrase lists are written per language, not translated
    ("**.yaml", "bot.i18n.extract:extract_flows"),
]
CODE_METHODS = [("**.py", "python")]


def extract(flows_dir: Path, code_dir: Path) -> Catalog:
    """Every survivor-facing string: from the flows, and `N_(...)` lines in the code."""
    catalog = Catalog(project="waypost", domain=DOMAIN, charset="utf-8")
    for directory, methods, keywords in (
        (flows_dir, FLOW_METHODS, {"pgettext": ((1, "c"), 2)}),
        (code_dir, CODE_METHODS, {"N_": None}),
    ):
        for filename, lineno, message, comments, context in extract_from_dir(
            directory, method_map=methods, keywords=keywords
        ):
            where = (str(Path(directory.name) / filename), lineno)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def write_template(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, sort_output=False, width=PO_WIDTH)


def update(template: Catalog, locales_dir: Path, language: str) -> Path:
    """Merge new and changed strings into one language's catalogue (creating it if new)."""
    path = catalogue_path(locales_dir, language)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale=language, domain=DOMAIN, charset="utf-8")
    catalog.update(template)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=PO_WIDTH)
    return path


@dataclass(frozen=True)
class Status:
    language: str
    total: int
    translated: int
    fuzzy: int
    unreviewed: int
    """Translated, but not checked by a native speaker yet (part of `translated`)."""

    @property
    def missing(self) -> int:
        return self.total - self.translated - self.fuzzy

    @property
    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


class EntryState(StrEnum):
    CHECKED = "checked"
    """Translated, and checked by a native speaker."""
    UNREVIEWED = "unreviewed"
    """Translated and shown, but no native speaker has checked it yet."""
    FUZZY = "fuzzy"
    """A translator's unfinished guess: never shown."""
    MISSING = "missing"
    """No translation, or one that may not be shown (see quality.py): the English is shown."""


def entry_state(source: str, found: Message | None, language: str) -> EntryState:
    """Where one string of the template stands in a language (`found`: its catalogue entry)."""
    if found is None or not isinstance(found.string, str) or not found.string:
        return EntryState.MISSING
    if found.fuzzy:
        return EntryState.FUZZY
    if not usable(source, found.string, language):
        return EntryState.MISSING
    return EntryState.UNREVIEWED if UNREVIEWED in found.flags else EntryState.CHECKED


def status(template: Catalog, locales_dir: Path, language: str) -> Status:
    path = catalogue_path(locales_dir, language)
    catalog = None
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
    return catalogue_status(template, catalog, language)


def catalogue_status(template: Catalog, catalog: Catalog | None, language: str) -> Status:
    """How complete a catalogue is against the template (None: the language has none yet)."""
    states = Counter(
        entry_state(
            str(message.id), catalog.get(message.id, message.context) if catalog else None, language
        )
        for message in template
        if message.id
    )
    translated = states[EntryState.CHECKED] + states[EntryState.UNREVIEWED]
    return Status(
        language,
        total=states.total(),
        translated=translated,
        fuzzy=states[EntryState.FUZZY],
        unreviewed=states[EntryState.UNREVIEWED],
    )
