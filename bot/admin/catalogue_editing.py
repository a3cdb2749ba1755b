"""Reading and changing one translation in a catalogue's text, keeping everything else as is."""

from __future__ import annotations

import io
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n.catalogues import PO_WIDTH
from bot.i18n.quality import UNREVIEWED


@dataclass(frozen=True)
class Entry:
    context: str | None
    source: str
    translation: str
    unreviewed: bool
    fuzzy: bool


def entries(po_text: str) -> list[Entry]:
    return [
        Entry(m.context, m.id, m.string or "", UNREVIEWED in m.flags, m.fuzzy)
        for m in read_catalogue(po_text)
        if m.id and isinstance(m.id, str) and isinstance(m.string, str)
    ]


def translation(po_text: str, context: str | None, source: str) -> Entry | None:
    message = read_catalogue(po_text).get(source, context)
    if message is None or not isinstance(message.string, str):
        return None
    return Entry(context, source, message.string, UNREVIEWED in message.flags, message.fuzzy)


def with_translation(
    po_text: str, context: str | None, source: str, text: str, reviewed: bool
) -> str:
    """The catalogue with this translation set; a person editing it in the console is a
    reviewer only if they say so (`reviewed`), otherwise it stays or becomes unreviewed."""
    catalog = read_catalogue(po_text)
    message = catalog.get(source, context)
    if message is None:
        raise KeyError((context, source))
    message.string = text
    message.flags.discard("fuzzy")
    if reviewed:
        message.flags.discard(UNREVIEWED)
    else:
        message.flags.add(UNREVIEWED)
    return write_catalogue(catalog)


def marked_reviewed(po_text: str, context: str | None, source: str) -> str:
    """A native speaker checked this translation: the `unreviewed` flag comes off."""
    catalog = read_catalogue(po_text)
    message = catalog.get(source, context)
    if message is None:
        raise KeyError((context, source))
    message.flags.discard(UNREVIEWED)
    return write_catalogue(catalog)


def read_catalogue(po_text: str) -> Catalog:
    return read_po(io.BytesIO(po_text.encode("utf-8")))


def write_catalogue(catalog: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=PO_WIDTH)
    return buffer.getvalue().decode("utf-8")
