"""Editing content text for the web console: a flow file keeps its comments, quotes and layout,
and the catalogues follow a changed English string the way msgmerge would."""

from __future__ import annotations

import difflib
import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.admin.flow_editing import FlowDocument, FlowEditError
from bot.admin.node_translations import following_english, translations_in, with_text
from bot.config import PROJECT_ROOT
from bot.flows.yaml_source import parse_yaml

FLOW_FILES = sorted((PROJECT_ROOT / "flows").glob("*.yaml"))
MENU = (PROJECT_ROOT / "flows" / "menu.yaml").read_text("utf-8")
HELPLINES = (PROJECT_ROOT / "flows" / "helplines.yaml").read_text("utf-8")
ALBANIAN = (PROJECT_ROOT / "locales" / "sq" / "LC_MESSAGES" / "messages.po").read_text("utf-8")


def changed_lines(before: str, after: str) -> list[str]:
    """The lines taken away ("- ") then the lines added ("+ ")."""
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [line for line in diff if line.startswith("- ")] + [
        line for line in diff if line.startswith("+ ")
    ]


@pytest.mark.parametrize("path", FLOW_FILES, ids=lambda path: path.name)
def test_a_flow_file_not_edited_comes_back_byte_for_byte(path: Path):
    text = path.read_text("utf-8")
    assert FlowDocument(text).text() == text


def test_changing_a_message_changes_that_line_only_and_keeps_its_quotes_and_comments():
    document = FlowDocument(MENU)
    document.set_message("human_interpreter", 0, "Do you need someone to translate for you?")
    assert changed_lines(MENU, document.text()) == [
        '-     say: "Do you need an interpreter to talk to a caseworker?"',
        '+     say: "Do you need someone to translate for you?"',
    ]
    assert "person_button: false  # they are asking for a person already" in document.text()


def test_a_message_in_a_list_and_one_with_a_condition_keep_their_place_and_condition():
    document = FlowDocument(MENU)
    document.set_message("human_gender", 1, "We will try, but we cannot promise.")
    assert changed_lines(MENU, document.text()) == [
        '-       - "We will try to do what you ask, but we cannot always promise."',
        '+       - "We will try, but we cannot promise."',
    ]
    conditional = next(
        (node, m)
        for node in FlowDocument(HELPLINES).node_ids
        for m in FlowDocument(HELPLINES).node(node).messages
        if m.when
    )
    node_id, message = conditional
    document = FlowDocument(HELPLINES)
    document.set_message(node_id, message.index, "A new sentence.")
    edited = document.node(node_id).messages[message.index]
    assert (edited.text, edited.when) == ("A new sentence.", message.when)
    [removed, added] = changed_lines(HELPLINES, document.text())
    assert removed.replace(message.text, "A new sentence.")[1:] == added[1:]


def test_a_label_and_a_transition_change_on_their_own_lines():
    document = FlowDocument(MENU)
    document.set_label("menu", 1, "Learn more")
    document.set_goto("menu", 1, "rights")
    assert changed_lines(MENU, document.text()) == [
        '-       - label: "More to learn"',
        "-         goto: topics",
        '+       - label: "Learn more"',
        "+         goto: rights",
    ]
    button = document.node("menu").buttons[1]
    assert (button.label, button.goto) == ("Learn more", "rights")


def test_a_transition_taken_away_leaves_the_button_with_its_action():
    document = FlowDocument(MENU)
    document.set_goto("human_interpreter", 0, None)
    button = document.node("human_interpreter").buttons[0]
    assert button.goto is None and button.actions == ("set_interpreter",)
    assert changed_lines(MENU, document.text()) == ["-         goto: human_next"]


def test_the_lines_of_fields_are_the_lines_the_checks_report():
    fields = FlowDocument(MENU).node("human_gender")
    lines = parse_yaml(MENU, Path("menu.yaml")).lines
    index = FlowDocument(MENU).node_ids.index("human_gender")
    assert lines[("nodes", index, "say", 1)] in fields.messages[1].lines
    assert lines[("nodes", index, "buttons", 0, "goto")] in fields.buttons[0].goto_lines
    assert lines[("nodes", index, "buttons", 0, "label")] in fields.buttons[0].label_lines


def test_what_cannot_be_edited_is_refused_plainly():
    with pytest.raises(FlowEditError, match="not valid YAML"):
        FlowDocument("nodes: [unclosed")
    with pytest.raises(FlowEditError, match="not a flow"):
        FlowDocument("replies: []\n")
    document = FlowDocument(MENU)
    with pytest.raises(FlowEditError, match="no node 'nowhere'"):
        document.node("nowhere")
    with pytest.raises(FlowEditError, match="no message 5"):
        document.set_message("menu", 4, "text")
    with pytest.raises(FlowEditError, match="no button 40"):
        document.set_label("menu", 39, "text")


def test_a_changed_english_string_carries_its_translation_as_fuzzy_and_keeps_the_old_obsolete():
    context, old, new = "menu/menu", "What would you like to know?", "What do you want to know?"
    changed = following_english(ALBANIAN, context, old, new, old_still_used=False)
    entries = translations_in(changed, context)
    assert old not in entries
    assert entries[new].text == "Çfarë doni të dini?" and entries[new].fuzzy
    catalog = read_po(_bytes(changed))
    assert (old, context) in catalog.obsolete
    saved = with_text(changed, context, new, "Çfarë doni të dini tani?", reviewed=False)
    entry = translations_in(saved, context)[new]
    assert (entry.text, entry.fuzzy, entry.unreviewed) == ("Çfarë doni të dini tani?", False, True)


def test_a_translation_whose_numbers_no_longer_match_is_not_carried():
    context = "onboarding/help"
    old = "Samaritans: 116 123. Free, day and night, if you need someone to talk to."
    new = "Samaritans: 116 124. Free, day and night, if you need someone to talk to."
    changed = following_english(ALBANIAN, context, old, new, old_still_used=False)
    entry = translations_in(changed, context)[new]
    assert entry.text == "" and not entry.fuzzy


def test_a_translation_for_new_english_gets_an_entry_and_a_reviewer_can_mark_it_checked():
    context = "menu/menu"
    saved = with_text(ALBANIAN, context, "A brand new line.", "Një rresht i ri.", reviewed=True)
    entry = translations_in(saved, context)["A brand new line."]
    assert (entry.text, entry.unreviewed, entry.fuzzy) == ("Një rresht i ri.", False, False)


def _bytes(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))
