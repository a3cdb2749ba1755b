"""Gettext catalogues (locales/<lang>/LC_MESSAGES/messages.po) as lookup tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

from bot.i18n.quality import UNREVIEWED, usable

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"

MessageKey = tuple[str | None, str]


@dataclass(frozen=True)
class Catalogue:
    language: str
    path: Path
    messages: dict[MessageKey, str]
    automatic: bool = False
    """Some translations shown have not been checked by a native speaker."""


def catalogue_path(locales_dir: Path, language: str) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalogue(path: Path, language: str) -> Catalogue:
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=DOMAIN)
    messages: dict[MessageKey, str] = {}
    automatic = False
    for message in catalog:
        # Fuzzy entries are a translator's unfinished guess: gettext never shows them, nor do we.
        if not message.id or message.fuzzy or not isinstance(message.id, str):
            continue
        if isinstance(message.string, str) and usable(message.id, message.string, language):
            messages[(message.context, message.id)] = message.string
            automatic = automatic or UNREVIEWED in message.flags
    return Catalogue(language, path, messages, automatic)


def load_catalogues(locales_dir: Path) -> dict[str, Catalogue]:
    """Every language that has a catalogue, by code; English needs none (it is the source)."""
    catalogues: dict[str, Catalogue] = {}
    if not locales_dir.is_dir():
        return catalogues
    for language_dir in sorted(locales_dir.iterdir()):
        path = catalogue_path(locales_dir, language_dir.name)
        if language_dir.name != SOURCE_LANGUAGE and path.is_file():
            catalogues[language_dir.name] = load_catalogue(path, language_dir.name)
    return catalogues
