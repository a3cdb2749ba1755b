"""A node's translations in one catalogue: reading them, setting one, and following an English
change.

A node's strings have the gettext context "flow/node" and their English text as the message id,
so changing the English in the console changes the id. Then each catalogue does what `msgmerge`
does: the translation moves to the new English flagged fuzzy (never shown to survivors, who see
the English until someone checks it), and the old entry is kept as obsolete for translators.
A translation whose numbers or placeholders no longer match the English is not carried, so it
cannot block publishing with an error about text nobody will see.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.admin.catalogue_editing import read_catalogue, with_translation, write_catalogue
from bot.i18n.quality import UNREVIEWED, numbers_changed, placeholders

FUZZY = "fuzzy"


@dataclass(frozen=True)
class Translated:
    text: str
    unreviewed: bool
    fuzzy: bool
    """The English changed since it was translated: not shown until checked and saved."""
    line: int
    """Where `waypost flows check` reports a problem with it."""


def translations_in(po_text: str, context: str) -> dict[str, Translated]:
    """This context's translations, by their English."""
    return {
        str(message.id): Translated(
            text=message.string if isinstance(message.string, str) else "",
            unreviewed=UNREVIEWED in message.flags,
            fuzzy=message.fuzzy,
            line=message.lineno or 1,
        )
        for message in read_catalogue(po_text)
        if message.context == context and message.id and isinstance(message.id, str)
    }


def with_text(po_text: str, context: str, source: str, text: str, reviewed: bool) -> str:
    """The catalogue with this translation set, adding the entry if the English is new."""
    if not source:
        raise ValueError("no English to translate (the empty message id is the header)")
    catalog = read_catalogue(po_text)
    if catalog.get(source, context) is None:
        catalog.add(source, "", context=context)
        po_text = write_catalogue(catalog)
    return with_translation(po_text, context, source, text, reviewed)


def following_english(po_text: str, context: str, old: str, new: str, old_still_used: bool) -> str:
    """The catalogue after the English `old` became `new` in this context."""
    if not new:  # an emptied message is an error for the checks; the empty id is the header
        return po_text
    catalog = read_catalogue(po_text)
    before = catalog.get(old, context)
    if before is None or catalog.get(new, context) is not None:
        return po_text
    carried = isinstance(before.string, str) and _fits(new, before.string)
    catalog.add(
        new,
        before.string if carried else "",
        locations=before.locations,
        flags=(before.flags | {FUZZY}) if carried else before.flags - {FUZZY},
        auto_comments=before.auto_comments,
        user_comments=before.user_comments,
        context=context,
    )
    if not old_still_used:
        catalog.delete(old, context)
        if isinstance(before.string, str) and before.string:
            catalog.obsolete[(old, context)] = before
    return write_catalogue(catalog)


def _fits(english: str, translation: str) -> bool:
    """Would pass the catalogue checks against this English (flows/translations/checks.py)."""
    return placeholders(english) == placeholders(translation) and not numbers_changed(
        english, translation
    )
