"""The glossary shown to survivors: "What does … mean?" on a screen that uses a hard term."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot import texts
from bot.app import build_actions, build_runtime
from bot.config import PROJECT_ROOT, Settings
from bot.flowmodel.glossary import BACK, Glossary
from bot.flowmodel.schema import Node
from bot.flows.loader import load_flows
from bot.flows.problems import Problem
from bot.flows.translations.extract import extract_flows
from bot.i18n.translator import Translations
from tests.chat_driver import ChatDriver
from tests.test_flows_loader import TODAY, edit, line_of
from tests.test_telegram import SURVIVOR, onboard

STAGES = "~topic/nrm_stages"
"""The NRM's stages, readable before consent; its first line says "reasonable grounds"."""
STAGES_FIRST_LINE = "First, the Home Office makes a decision. It is called reasonable grounds."
ASK = "What does reasonable grounds mean?"
EXPLAINED = (
    "Reasonable grounds is the first decision in the NRM. "
    "It asks: is there a good reason to think you are a victim?"
)


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


@pytest.fixture
def flows_dir(tmp_path: Path) -> Path:
    target = tmp_path / "flows"
    shutil.copytree(PROJECT_ROOT / "flows", target, ignore=shutil.ignore_patterns("*.md"))
    return target


def load(flows_dir: Path) -> list[Problem]:
    return load_flows(flows_dir, build_actions(Translations({}), Settings()), TODAY).problems


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


class TestMatching:
    def glossary(self) -> Glossary:
        entries = [
            {"id": "term_rg", "term": ["reasonable grounds", "RG decision"], "say": "x"},
            {"id": "term_nrm", "term": ["NRM"], "say": "x"},
        ]
        return Glossary({entry["id"]: Node.model_validate(entry) for entry in entries})

    def test_whole_words_any_case_in_order_of_appearance(self):
        found = self.glossary().terms_in(["Your nrm case.", "Then the Reasonable Grounds letter."])
        assert found == ["term_nrm", "term_rg"]

    def test_part_of_a_word_or_an_id_is_not_a_term(self):
        assert self.glossary().terms_in(["NRMs", "nrm_intro", "unreasonable grounds"]) == []

    def test_each_entry_once_whichever_way_it_is_written(self):
        assert self.glossary().terms_in(["the RG decision on reasonable grounds"]) == ["term_rg"]


class TestScreens:
    def test_a_screen_with_a_term_offers_the_button_above_person_and_menu(self, chat):
        chat.onboard()
        chat.press_data(STAGES)
        assert chat.texts[0] == STAGES_FIRST_LINE
        labels = chat.labels
        assert labels.count(ASK) == 1
        assert labels[-3:] == [ASK, texts.HUMAN_BUTTON, texts.MENU_BUTTON]
        assert sum(label.startswith("What does") for label in labels) == 1

    def test_pressing_it_explains_and_back_shows_the_same_screen(self, chat):
        chat.onboard()
        chat.press_data(STAGES)
        chat.press(ASK)
        assert chat.texts[0] == EXPLAINED
        assert chat.labels == [BACK, texts.MENU_BUTTON]
        assert chat.state.node == "nrm_stages"
        chat.press(BACK)
        assert chat.texts[0] == STAGES_FIRST_LINE
        assert chat.state.node == "nrm_stages"
        assert ASK in chat.labels

    def test_typing_the_question_explains_too(self, chat):
        chat.onboard()
        chat.press_data(STAGES)
        chat.text("what does reasonable grounds mean")
        assert chat.texts[0] == EXPLAINED

    def test_no_button_where_no_term_is_used(self, chat):
        chat.onboard()
        assert chat.texts == ["What would you like to know?"]
        assert not any(label.startswith("What does") for label in chat.labels)

    def test_works_before_consent_and_keeps_nothing(self, chat):
        chat.start()
        chat.press("English")
        chat.press("No")
        chat.press_data(STAGES)
        chat.press(ASK)
        assert chat.texts[0] == EXPLAINED
        chat.press(BACK)
        assert chat.texts[0] == STAGES_FIRST_LINE
        assert chat.state is None

    @pytest.mark.parametrize(
        "data", ["~term/nope", "~term/nrm_stages", "~term/", "~back/term_nrm", "~back/gone"]
    )
    def test_a_stale_or_forged_button_gets_a_kind_answer_and_changes_nothing(self, chat, data):
        chat.onboard()
        chat.press_data(STAGES)
        chat.press_data(data)
        assert chat.texts[0] == texts.BUTTON_GONE
        assert ASK in chat.labels
        assert chat.state.node == "nrm_stages"

    def test_before_a_language_the_picker_comes_first(self, chat):
        chat.press_data("~term/term_nrm")
        assert "Which language" in chat.texts[-1]


@contextmanager
def chat_on(settings: Settings, clock, flows_dir: Path, node_line: str) -> Iterator[ChatDriver]:
    """A chat on a copy of the flows where nrm_stages has `node_line` too."""
    edit(
        flows_dir / "nrm_basics.yaml", "  - id: nrm_stages\n", f"  - id: nrm_stages\n{node_line}\n"
    )
    runtime = build_runtime(dataclasses.replace(settings, flows_dir=flows_dir), clock)
    try:
        chat = ChatDriver(runtime)
        chat.onboard()
        chat.press_data(STAGES)
        yield chat
    finally:
        runtime.close()


def test_back_does_not_run_the_screens_actions_again(settings, clock, flows_dir):
    with chat_on(settings, clock, flows_dir, "    do: {say_team_hours: null}") as chat:
        shown = len(chat.texts)
        chat.press(ASK)
        chat.press(BACK)
        assert chat.texts[0] == STAGES_FIRST_LINE
        assert len(chat.texts) < shown


def test_glossary_false_hides_the_button(settings, clock, flows_dir):
    with chat_on(settings, clock, flows_dir, "    glossary: false") as chat:
        assert chat.texts[0] == STAGES_FIRST_LINE
        assert not any(label.startswith("What does") for label in chat.labels)


def test_emergency_guidance_never_gets_the_button(settings, clock, flows_dir):
    edit(
        flows_dir / "onboarding.yaml",
        '"If you are in danger now, call 999."',
        '"Call 999 or go to A and E."',
    )
    runtime = build_runtime(dataclasses.replace(settings, flows_dir=flows_dir), clock)
    try:
        chat = ChatDriver(runtime)
        chat.onboard()
        chat.text("I want to kill myself")
        assert "Call 999 or go to A and E." in chat.texts
        assert not any(label.startswith("What does") for label in chat.labels)
    finally:
        runtime.close()


class TestChecks:
    def test_a_term_two_entries_claim_is_an_error_at_its_line(self, flows_dir):
        path = flows_dir / "glossary.yaml"
        edit(path, "term: [caseworker, caseworkers]", "term: [caseworker, support worker]")
        [problem] = errors(load(flows_dir))
        assert problem.path == path and problem.node in ("term_caseworker", "term_support_worker")
        assert "also a term of the entry" in problem.message
        assert problem.line in (
            line_of(path, "term: [caseworker, support worker]"),
            line_of(path, "term: [support worker, support workers]"),
        )

    def test_an_entry_that_moves_on_is_an_error(self, flows_dir):
        path = flows_dir / "glossary.yaml"
        edit(path, "  - id: term_gps_tag\n", "  - id: term_gps_tag\n    next: menu\n")
        [problem] = errors(load(flows_dir))
        assert problem.path == path and problem.node == "term_gps_tag"
        assert "remove `next`" in problem.message

    def test_going_to_an_entry_is_an_error(self, flows_dir):
        path = flows_dir / "nrm_basics.yaml"
        edit(path, "goto: nrm_stages", "goto: term_nrm")
        problems = [p for p in errors(load(flows_dir)) if "glossary entry" in p.message]
        assert problems and problems[0].path == path
        assert problems[0].line == line_of(path, "goto: term_nrm")

    def test_an_unused_entry_is_a_warning(self, flows_dir):
        path = flows_dir / "glossary.yaml"
        edit(path, "term: [GPS tag, GPS tags, electronic tag]", "term: [GPS anklet]")
        [problem] = load(flows_dir)
        assert problem.severity == "warning" and problem.node == "term_gps_tag"


async def test_end_to_end_over_the_bot_api(bot):
    await onboard(bot)
    stages = await bot.press(SURVIVOR, STAGES)
    assert stages[0].text == STAGES_FIRST_LINE
    assert (ASK, "~term/term_reasonable_grounds") in stages[-1].buttons
    explained = await bot.press(SURVIVOR, "~term/term_reasonable_grounds")
    assert explained[0].text == EXPLAINED
    assert explained[-1].buttons == [(BACK, "~back/nrm_stages"), (texts.MENU_BUTTON, "~menu")]
    again = await bot.press(SURVIVOR, "~back/nrm_stages")
    assert again[0].text == STAGES_FIRST_LINE


def test_each_terms_name_and_explanation_go_to_translators_in_its_entrys_context():
    path = PROJECT_ROOT / "flows" / "glossary.yaml"
    with path.open("rb") as file:
        messages = [message for _, _, message, _ in extract_flows(file, (), (), {})]
    assert ("glossary/term_reasonable_grounds", "reasonable grounds") in messages
    assert ("glossary/term_reasonable_grounds", EXPLAINED) in messages
    assert ("glossary/term_reasonable_grounds", "RG decision") not in messages


def test_a_forged_button_of_a_glossary_entry_explains_it_and_changes_nothing(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press_data("term_nrm/anything")
    assert chat.texts[0] == texts.BUTTON_GONE
    assert chat.state.node == "menu"
    assert "~menu" in [button.data for button in chat.buttons]
