"""Gettext catalogues: translators edit `locales/<lang>/LC_MESSAGES/messages.po`; the bot reads
the compiled `messages.mo` beside it.

Compiling keeps only what may be shown (not fuzzy, and `usable`: see quality.py) and records
whether any of it is unreviewed, so survivors can be told. A catalogue is compiled by
`waypost i18n compile` (which `./dev` runs), and again on loading whenever its `.po` is newer
than its `.mo` or the `.mo` was not compiled by Waypost, so an edit is never silently ignored.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from bot.i18n.quality import UNREVIEWED, usable, usable_plural

SOURCE_LANGUAGE = "en"
DOMAIN = "messages"
PO_WIDTH = 100
"""Lines in .po files wrap here, whoever writes them (the CLI or the web console), so an edit
changes only the lines it touches."""
META_CONTEXT = "waypost"
"""A compiled catalogue carries one entry of its own: whether unreviewed text is in it."""
META_UNREVIEWED = "unreviewed"

MessageKey = tuple[str | None, str]


@dataclass(frozen=True)
class Catalogue:
    language: str
    path: Path
    messages: dict[MessageKey, str]
    automatic: bool = False
    """Some translations shown have not been checked by a native speaker."""
    plurals: dict[MessageKey, tuple[str, ...]] = field(default_factory=dict)
    """Counted messages, by their English singular: one text per plural form of the language."""


def catalogue_path(locales_dir: Path, language: str) -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled_path(source: Path) -> Path:
    return source.with_suffix(".mo")


def compile_catalogue(source: Path, language: str) -> tuple[int, bool]:
    """Write the `.mo` beside a `.po`: how many translations it holds, and if any is unreviewed."""
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=None, domain=DOMAIN)
    compiled = Catalog(locale=None, domain=DOMAIN, charset="utf-8")
    automatic = False
    for message in catalog:
        # Fuzzy entries are a translator's unfinished guess: gettext never shows them, nor do we.
        if not message.id or message.fuzzy:
            continue
        if _shown(message.id, message.string, language):
            compiled.add(message.id, message.string, context=message.context)
            automatic = automatic or UNREVIEWED in message.flags
    count = len(compiled)
    compiled.add(META_UNREVIEWED, "yes" if automatic else "no", context=META_CONTEXT)
    target = compiled_path(source)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".mo.tmp")
    with os.fdopen(descriptor, "wb") as handle:
        write_mo(handle, compiled)
    os.replace(temporary, target)  # a running bot never reads half a file
    return count, automatic


def load_catalogue(source: Path, language: str) -> Catalogue:
    target = compiled_path(source)
    if not target.exists() or target.stat().st_mtime < source.stat().st_mtime:
        compile_catalogue(source, language)
    messages, counted, automatic = _read_compiled(target, language)
    if automatic is None:  # compiled by another tool: compile it the Waypost way
        compile_catalogue(source, language)
        messages, counted, automatic = _read_compiled(target, language)
    return Catalogue(language, source, messages, bool(automatic), counted)


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


def _shown(identifier: object, string: object, language: str) -> bool:
    """A plain or counted translation that may reach survivors (see quality.py)."""
    if isinstance(identifier, str):
        return isinstance(string, str) and usable(identifier, string, language)
    if isinstance(identifier, tuple | list) and isinstance(string, tuple | list):
        singular, plural = identifier[0], identifier[1]
        return usable_plural(singular, plural, [str(s or "") for s in string], language)
    return False


def _read_compiled(
    path: Path, language: str
) -> tuple[dict[MessageKey, str], dict[MessageKey, tuple[str, ...]], bool | None]:
    with path.open("rb") as handle:
        catalog = read_mo(handle)
    messages: dict[MessageKey, str] = {}
    counted: dict[MessageKey, tuple[str, ...]] = {}
    automatic: bool | None = None
    for message in catalog:
        context = message.context
        if isinstance(context, bytes):  # Babel's reader leaves contexts undecoded
            context = context.decode("utf-8")
        if not message.id:
            continue
        if context == META_CONTEXT and message.id == META_UNREVIEWED:
            automatic = message.string == "yes"
        elif isinstance(message.id, tuple | list) and _shown(message.id, message.string, language):
            counted[(context, message.id[0])] = tuple(message.string)
        elif isinstance(message.id, str) and _shown(message.id, message.string, language):
            assert isinstance(message.string, str)
            messages[(context, message.id)] = message.string
    return messages, counted, automatic
