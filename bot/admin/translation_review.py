"""What a reviewer sees of the translations: each language's standing, and each string's English
beside its translation with where it stands and, for one that may not be shown, why.

Everything is read from the draft (the live content with the console's unpublished changes over
it), so a translation marked checked counts as checked at once, before it is published.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from bot.admin.content import FLOWS, LOCALES, ContentStore
from bot.config import PROJECT_ROOT
from bot.flows.translations.workflow import (
    EntryState,
    Status,
    catalogue_status,
    entry_state,
    extract,
)
from bot.i18n import plurals
from bot.i18n.catalogues import DOMAIN
from bot.i18n.quality import (
    SCRIPTS,
    copies_english,
    form_problem,
    in_own_script,
    numbers_changed,
    placeholders,
)

CODE_DIR = PROJECT_ROOT / "bot"


def catalogue_file(language: str) -> str:
    """Where a language's catalogue is among the content files (`locales/sq/...po`)."""
    return f"{LOCALES}/{language}/LC_MESSAGES/{DOMAIN}.po"


def languages(files: dict[str, str]) -> list[str]:
    """Every language with a catalogue, as the language picker offers them."""
    found = []
    for name in files:
        parts = name.split("/")
        if len(parts) == 4 and name == catalogue_file(parts[1]):
            found.append(parts[1])
    return sorted(found)


def right_to_left(language: str) -> bool:
    return SCRIPTS.get(language) == "ARABIC"


class Templates:
    """The strings to translate, extracted from the draft's flows and the code: extracting
    takes most of a second, so it is done again only when the flows change."""

    def __init__(self, content: ContentStore) -> None:
        self.content = content
        self._digest: bytes | None = None
        self._template: Catalog | None = None

    def of(self, files: dict[str, str]) -> Catalog:
        flows = {name: text for name, text in files.items() if name.startswith(f"{FLOWS}/")}
        digest = _digest(flows)
        if self._template is None or digest != self._digest:
            with self.content.materialised(flows) as settings:
                self._template = extract(settings.flows_dir, CODE_DIR)
            self._digest = digest
        return self._template


def _digest(files: dict[str, str]) -> bytes:
    hashed = hashlib.sha256()
    for name in sorted(files):
        hashed.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    return hashed.digest()


def read_catalogue(po_text: str | None) -> Catalog | None:
    return None if po_text is None else read_po(io.BytesIO(po_text.encode("utf-8")))


def language_status(template: Catalog, files: dict[str, str], language: str) -> Status:
    return catalogue_status(template, read_catalogue(files.get(catalogue_file(language))), language)


@dataclass(frozen=True)
class ReviewRow:
    context: str | None
    source: str
    translation: str
    state: EntryState
    why_not_shown: str | None
    """For a translation that is there but counts as missing: why survivors do not see it."""
    plural: str | None = None
    """A counted message: its English for more than one (`source` is the English for one)."""
    forms: tuple[tuple[str, str], ...] = ()
    """A counted message's translation, form by form: ("few (3, 4, 5, ...)", text)."""


def review_rows(template: Catalog, po_text: str | None, language: str) -> list[ReviewRow]:
    catalog = read_catalogue(po_text)
    rows = []
    for message in template:
        if message.id and message.pluralizable:
            rows.append(_counted_row(message, catalog, language))
            continue
        if not message.id or not isinstance(message.id, str):
            continue
        found = catalog.get(message.id, message.context) if catalog else None
        text = found.string if found is not None and isinstance(found.string, str) else ""
        state = entry_state(message, found, language)
        why = why_not_shown(message.id, text, language) if state is EntryState.MISSING else None
        rows.append(ReviewRow(message.context, message.id, text, state, why))
    return rows


def _counted_row(message: Message, catalog: Catalog | None, language: str) -> ReviewRow:
    """A counted message (gettext plural): every form the language has, each named."""
    singular, plural = str(message.id[0]), str(message.id[1])
    found = catalog.get(singular, message.context) if catalog else None
    strings = found.string if found is not None else ()
    texts = [str(s or "") for s in strings] if isinstance(strings, tuple | list) else []
    texts += [""] * (plurals.count_of_forms(language) - len(texts))
    forms = tuple((plurals.describe_form(language, i), text) for i, text in enumerate(texts))
    state = entry_state(message, found, language)
    why = None
    if state is EntryState.MISSING and any(texts):
        for index, text in enumerate(texts):
            problem = form_problem(singular, plural, text, language, index)
            if problem:
                why = f"plural form msgstr[{index}], {forms[index][0]}: {problem}"
                break
    return ReviewRow(
        message.context, singular, " / ".join(texts), state, why, plural=plural, forms=forms
    )


def why_not_shown(source: str, translation: str, language: str) -> str | None:
    """The rule of quality.py a translation breaks, in words a reviewer can act on."""
    if not translation.strip():
        return None  # simply not translated yet
    if placeholders(translation) != placeholders(source):
        return "its {names} in braces differ from the English"
    if copies_english(source, translation):
        return "it is the English again"
    if not in_own_script(translation, language):
        return f"it is not in {SCRIPTS[language].title()} script"
    changed = numbers_changed(source, translation)
    if changed:
        return f"a number of the English is missing or changed: {', '.join(changed)}"
    return None
