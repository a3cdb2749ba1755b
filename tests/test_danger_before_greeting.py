"""A message that starts like a greeting but says the survivor has no peace is danger first."""

from __future__ import annotations

import pytest

from bot import texts
from tests.chat_driver import ChatDriver


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


# ሰላም is "hello" and "peace": "ሰላም የለኝም" was once answered as a greeting.
NO_PEACE = ["ሰላም የለኝም", "selam yelegnim", "ሰላም የብለይን", "selam yebleyn"]


@pytest.mark.parametrize("typed", NO_PEACE)
def test_no_peace_asks_if_the_survivor_is_safe_not_hello(chat, typed):
    chat.onboard()
    chat.text(typed)
    assert chat.state.node == "safety_check"
    assert texts.GREETING not in chat.texts


@pytest.mark.parametrize("typed", NO_PEACE)
def test_no_peace_at_the_language_picker_asks_if_the_survivor_is_safe(chat, typed):
    chat.start()
    chat.text(typed)
    assert chat.state.node == "safety_check"


@pytest.mark.parametrize("typed", ["ሰላም", "ሰላም ነው", "selam"])
def test_a_plain_hello_is_still_a_greeting(chat, typed):
    chat.onboard()
    node = chat.state.node
    chat.text(typed)
    assert texts.GREETING in chat.texts
    assert chat.state.node == node
