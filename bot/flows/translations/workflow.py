"""`waypost i18n`: the gettext workflow (extract, update, status) over flows and code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from bot.config import PROJECT_ROOT
from bot.flows.translations.extract import METHOD
from bot.i18n import plurals
from bot.i18n.catalogues import DOMAIN, PO_WIDTH, catalogue_path
from bot.i18n.quality import UNREVIEWED, usable, usable_plural

BABEL_CONFIG = PROJECT_ROOT / "babel.cfg"
FLOW_METHODS = [
    ("danger/**", "ignore"),  # phrase lists are written per language, not translated
    ("**.yaml", "bot.flows.translations.extract:extract_flows"),
]
CODE_METHODS = [("**.py", "python")]
FLOW_KEYWORDS = {"pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
CODE_KEYWORDS = {"N_": None, "NP_": (1, 2)}


def extract(flows_dir: Path, code_dir: Path) -> Catalog:
    """Every survivor-facing string: from the flows, and `N_(...)` and `NP_(...)` (counted)
    lines in the code."""
    catalog = Catalog(project="waypost", domain=DOMAIN, charset="utf-8")
    flow_options = {"**.yaml": extractor_options(BABEL_CONFIG)}
    found = (
        (flows_dir, extract_from_dir(flows_dir, FLOW_METHODS, flow_options, FLOW_KEYWORDS)),
        (code_dir, extract_from_dir(code_dir, CODE_METHODS, keywords=CODE_KEYWORDS)),
    )
    for directory, messages in found:
        for filename, lineno, message, comments, context in messages:
            where = (str(Path(directory.name) / filename), lineno)
            catalog.add(message, None, [where], auto_comments=comments, context=context)
    return catalog


def extractor_options(config: Path) -> dict[str, str]:
    """What babel.cfg tells the flow extractor (which files are lists of texts), so this and
    `pybabel extract -F babel.cfg` extract the same strings."""
    with config.open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle, str(config))
    return next(options[pattern] for pattern, method in methods if method == METHOD)


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
    set_plural_forms(catalog, language)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=PO_WIDTH)
    return path


def set_plural_forms(catalog: Catalog, language: str) -> None:
    """Write the language's CLDR plural rule into the header (Babel's own table differs from
    CLDR for some languages), so translation tools offer the forms the bot chooses from."""
    headers = [(k, v) for k, v in catalog.mime_headers if k.lower() != "plural-forms"]
    headers.append(("Plural-Forms", plurals.plural_forms_header(language)))
    catalog.mime_headers = headers
    # A form added to the rule: every counted entry gets room for it (Babel pads on writing).
    for message in catalog:
        if message.pluralizable and isinstance(message.string, tuple | list):
            forms = list(message.string)[: catalog.num_plurals]
            message.string = tuple(forms + [""] * (catalog.num_plurals - len(forms)))


@dataclass(frozen=True)
class Status:
    language: str
    total: int
    translated: int
    fuzzy: int
    unreviewed: int
    """Translated, but not checked by a native speaker yet (part of `translated`)."""
    counted: int = 0
    """Messages with plural forms in the template."""
    counted_complete: int = 0
    """Of those, the ones with every plural form of the language translated and usable."""

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


def entry_state(source: Message, found: Message | None, language: str) -> EntryState:
    """Where one string of the template stands in a language (`found`: its catalogue entry)."""
    if found is None or not found.string:
        return EntryState.MISSING
    if found.fuzzy:
        return EntryState.FUZZY
    if isinstance(source.id, tuple | list):
        if not isinstance(found.string, tuple | list) or not usable_plural(
            str(source.id[0]), str(source.id[1]), [str(s or "") for s in found.string], language
        ):
            return EntryState.MISSING
    elif not isinstance(found.string, str) or not usable(str(source.id), found.string, language):
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
    states: Counter[EntryState] = Counter()
    counted = counted_complete = 0
    for message in template:
        if not message.id:
            continue
        state = entry_state(message, lookup(catalog, message), language)
        states[state] += 1
        if message.pluralizable:
            counted += 1
            counted_complete += state in (EntryState.CHECKED, EntryState.UNREVIEWED)
    translated = states[EntryState.CHECKED] + states[EntryState.UNREVIEWED]
    return Status(
        language,
        total=states.total(),
        translated=translated,
        fuzzy=states[EntryState.FUZZY],
        unreviewed=states[EntryState.UNREVIEWED],
        counted=counted,
        counted_complete=counted_complete,
    )


def lookup(catalog: Catalog | None, message: Message) -> Message | None:
    """A template entry's counterpart in a catalogue (found by its singular and context)."""
    if catalog is None:
        return None
    return catalog.get(message.id[0] if message.pluralizable else message.id, message.context)
