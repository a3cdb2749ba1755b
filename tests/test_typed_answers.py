"""Survivors type: a typed button label, number or word gets what the button would."""

from __future__ import annotations

import pytest

from bot import texts
from tests.chat_driver import ChatDriver


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def test_a_person_who_never_taps_gets_through_language_consent_and_nation(chat):
    chat.text("hello")
    assert chat.texts[-1] == "Hello. Which language do you want to use?"
    chat.text("english")
    assert chat.texts[-1] == "Is this OK?"
    chat.text("yes")
    assert chat.state.consented
    chat.text("scotlnd")
    assert chat.state.nation == "scotland"
    chat.text("what is nrm")
    assert chat.texts[0] == "The NRM is the National Referral Mechanism."


def test_ok_is_yes_at_consent_and_a_number_presses_that_button(chat):
    chat.text("hi")
    chat.text("1")
    assert chat.state.language == "en"
    chat.text("ok")
    assert chat.state.consented


def test_a_language_typed_by_its_own_name(chat):
    chat.start()
    chat.text("shqip")
    assert chat.state.language == "sq"


def test_first_contact_in_albanian_is_greeted_in_albanian_with_albanian_first(chat):
    chat.text("Përshëndetje, më duhet ndihmë me letrën")
    assert chat.texts[-1] == "Përshëndetje. Cilën gjuhë dëshironi të përdorni?"
    assert chat.labels[0] == "Shqip"


def test_words_that_fit_two_buttons_or_none_get_a_kind_line_and_change_nothing(chat):
    chat.onboard()
    before = chat.state
    chat.text("my")  # "My story", "My rights" or "Delete my information"?
    assert chat.texts[0] == texts.NOT_UNDERSTOOD
    chat.text("banana bread recipe")
    assert chat.texts[0] == texts.NOT_UNDERSTOOD
    assert chat.state == before
    assert chat.labels  # the choices are still there
