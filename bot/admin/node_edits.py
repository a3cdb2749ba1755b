"""One save of the node editor, turned into the content files it changes.

English text and transitions go to the flow file; a changed English string is followed in every
catalogue (see node_translations); the translations typed for the chosen language go to that
language's catalogue, unreviewed unless a native speaker checked them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.admin.flow_editing import FlowDocument, NodeFields
from bot.admin.node_translations import (
    Translated,
    following_english,
    translations_in,
    with_text,
)

_CATALOGUE = re.compile(r"^locales/([^/]+)/LC_MESSAGES/messages\.po$")


@dataclass(frozen=True)
class NodeEdit:
    """What the form sent: English by message and button index, translations likewise."""

    messages: dict[int, str] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    gotos: dict[int, str] = field(default_factory=dict)
    questions: str | None = None
    """The `ask:` examples, one a line, as typed in the form (None: not on the form)."""
    language: str | None = None
    translated_messages: dict[int, str] = field(default_factory=dict)
    translated_labels: dict[int, str] = field(default_factory=dict)
    reviewed: bool = False
    """A native speaker checked every translation on the page: all of them lose `unreviewed`."""


def catalogue_of(language: str) -> str:
    return f"locales/{language}/LC_MESSAGES/messages.po"


def catalogue_languages(files: Mapping[str, str]) -> list[str]:
    return sorted(found[1] for path in files if (found := _CATALOGUE.match(path)))


def tidy(text: str) -> str:
    """A browser sends a text area's lines with CRLF, and often a stray newline at the end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def edited_files(
    files: Mapping[str, str], flow_path: str, node_id: str, edit: NodeEdit
) -> dict[str, str]:
    """The files this edit changes, with their new text (empty when nothing changes)."""
    document = FlowDocument(files[flow_path])
    context = f"{document.flow_id}/{node_id}"
    before = document.node(node_id)
    renamed = _apply_english(document, before, edit)
    after = document.node(node_id)

    changed: dict[str, str] = {}
    if renamed or _gotos_changed(before, after) or before.questions != after.questions:
        changed[flow_path] = document.text()
    for language in catalogue_languages(files):
        path = catalogue_of(language)
        text = files[path]
        for old, new in renamed:
            text = following_english(text, context, old, new, old in after.texts)
        if language == edit.language:
            shown = translations_in(files[path], context)
            text = _apply_translations(text, context, shown, before, after, edit)
        if text != files[path]:
            changed[path] = text
    return changed


def _apply_english(
    document: FlowDocument, node: NodeFields, edit: NodeEdit
) -> list[tuple[str, str]]:
    """Set the changed English and transitions; the English strings renamed, old to new."""
    renamed: list[tuple[str, str]] = []
    for message in node.messages:
        text = edit.messages.get(message.index)
        if text is not None and tidy(text) != message.text:
            document.set_message(node.id, message.index, tidy(text))
            renamed.append((message.text, tidy(text)))
    for button in node.buttons:
        label = edit.labels.get(button.index)
        if label is not None and tidy(label) != button.label:
            document.set_label(node.id, button.index, tidy(label))
            renamed.append((button.label, tidy(label)))
        goto = edit.gotos.get(button.index)
        if goto is not None and (goto.strip() or None) != button.goto:
            document.set_goto(node.id, button.index, goto.strip() or None)
    if edit.questions is not None:
        questions = [line.strip() for line in tidy(edit.questions).split("\n") if line.strip()]
        if questions != list(node.questions):
            document.set_questions(node.id, list(dict.fromkeys(questions)))
    return renamed


def _gotos_changed(before: NodeFields, after: NodeFields) -> bool:
    return [b.goto for b in before.buttons] != [b.goto for b in after.buttons]


def _apply_translations(
    po_text: str,
    context: str,
    shown: dict[str, Translated],
    before: NodeFields,
    after: NodeFields,
    edit: NodeEdit,
) -> str:
    """Save each translation the administrator changed (compared with what the page showed, for
    the English as it was), and every one if a native speaker checked them."""
    current = translations_in(po_text, context)
    sent = [
        (old.text, new.text, edit.translated_messages.get(new.index))
        for old, new in zip(before.messages, after.messages, strict=True)
    ]
    sent += [
        (old.label, new.label, edit.translated_labels.get(new.index))
        for old, new in zip(before.buttons, after.buttons, strict=True)
    ]
    for old_source, source, typed in sent:
        if typed is None or not source:  # no English, nothing to translate (an error shown)
            continue
        text = tidy(typed)
        was = shown.get(old_source)
        touched = text != (was.text if was else "")
        entry = current.get(source)
        needs_check = entry is None or entry.unreviewed or entry.fuzzy
        checked = edit.reviewed and bool(text) and needs_check
        if touched or checked:
            po_text = with_text(po_text, context, source, text, reviewed=edit.reviewed)
    return po_text
