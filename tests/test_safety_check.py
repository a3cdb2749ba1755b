"""What the engine does with danger typed anywhere: guidance at once, or "Are you safe?"."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from bot import texts
from bot.app import build_runtime
from bot.config import PROJECT_ROOT
from bot.engine.events import Text
from bot.storage.models import Case
from tests.chat_driver import ChatDriver

WORRIED = "I am worried about you. Your safety comes first."
ARE_YOU_SAFE = "Are you safe right now?"


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def cases(runtime) -> list[tuple[str, str]]:
    with runtime.database.transaction() as session:
        return [(c.reason, c.urgency) for c in session.scalars(select(Case))]


def test_possible_danger_asks_and_i_am_safe_goes_back_to_where_the_survivor_was(chat, runtime):
    chat.onboard()
    chat.press("What is the NRM?")
    where = chat.state.node
    chat.text("i am scared")
    assert chat.texts == [ARE_YOU_SAFE]
    assert chat.labels[:3] == ["I am not safe", "I am safe", "Talk to a person"]
    chat.press("I am safe")
    assert chat.state.node == where
    assert cases(runtime) == []


def test_i_am_not_safe_brings_guidance_first_then_an_urgent_case(chat, runtime):
    chat.onboard()
    chat.text("I am not in danger")
    assert chat.texts == [ARE_YOU_SAFE]
    chat.press("I am not safe")
    assert chat.texts[0] == WORRIED
    assert "If you are in danger now, call 999." in chat.texts
    assert cases(runtime) == [("danger_confirmed", "urgent")]
    assert chat.labels[0] == "Talk to a person"


def test_danger_typed_as_an_appointment_name_is_not_saved(chat, runtime):
    chat.onboard()
    chat.command("reminders")
    chat.press("Add an appointment")
    chat.text("he is outside my door and he will hurt me")
    assert chat.texts[0] == WORRIED
    assert [urgency for _, urgency in cases(runtime)] == ["urgent"]
    assert "he is outside" not in str(chat.state.answers)
    chat.command("reminders")
    assert "he is outside" not in " ".join(chat.texts + chat.labels)


def test_possible_danger_in_an_appointment_name_is_not_saved_and_i_am_safe_asks_again(chat):
    chat.onboard()
    chat.command("reminders")
    chat.press("Add an appointment")
    asked = chat.texts[-1]
    chat.text("I am scared of this appointment")
    assert chat.texts == [ARE_YOU_SAFE]
    chat.press("I am safe")
    assert chat.texts[-1] == asked
    assert "scared" not in str(chat.state.answers)


def test_danger_before_a_language_is_chosen_gets_guidance_in_the_language_it_was_typed_in(
    settings, clock
):
    runtime = build_runtime(replace(settings, locales_dir=PROJECT_ROOT / "locales"), clock)
    try:
        chat = ChatDriver(runtime)
        chat.text("رح يقتلوني")
        assert chat.state.language is None
        arabic = runtime.engine.content.translations.translator("ar")
        assert chat.texts[0].strip("\u200f") == arabic(WORRIED, "onboarding/danger") != WORRIED
        assert "999" in " ".join(chat.texts)
        assert cases(runtime) == []  # no consent yet: nothing kept
    finally:
        runtime.close()


def test_waiting_in_arabic_before_a_language_is_chosen_is_no_danger(chat):
    chat.text("انتظر ردكم")
    assert ARE_YOU_SAFE not in chat.texts and WORRIED not in chat.texts
    assert "999" not in " ".join(chat.texts)


def test_an_edited_message_with_possible_danger_is_asked_about(chat):
    chat.onboard()
    chat.send(Text("they are coming", edited=True))
    assert chat.texts == [ARE_YOU_SAFE]


def test_clear_danger_in_the_story_keeps_the_story_after_the_guidance(chat, runtime):
    chat.onboard()
    chat.press("My story: tell it once")
    chat.press("Write or change my story")
    chat.text("my boss raped me and took my passport")
    assert chat.texts[0] == WORRIED
    assert texts.KEPT_WHAT_YOU_WROTE in chat.texts
    assert [urgency for _, urgency in cases(runtime)] == ["urgent"]
