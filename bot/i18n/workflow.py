"""`waypost i18n`: the gettext workflow (extract, update, status) over flows and code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalogues import DOMAIN, catalogue_path
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
        write_po(handle, catalog, sort_output=False)


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
        write_po(handle, catalog)
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


def status(template: Catalog, locales_dir: Path, language: str) -> Status:
    path = catalogue_path(locales_dir, language)
    translated = fuzzy = unreviewed = 0
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context)
            if found is None or not isinstance(found.string, str) or not found.string:
                continue
            if found.fuzzy:
                fuzzy += 1
            elif usable(str(message.id), found.string, language):
                translated += 1
                unreviewed += UNREVIEWED in found.flags
    total = sum(1 for message in template if message.id)
    return Status(language, total, translated, fuzzy, unreviewed)
