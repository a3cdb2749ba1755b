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


def test_first_contact_in_albanian_asks_in_albanian_if_albanian_is_theirs(chat, runtime):
    chat.text("Përshëndetje, më duhet ndihmë me letrën")
    albanian = runtime.engine.content.translations.translator("sq")
    assert chat.texts[-1] == albanian(texts.IS_THIS_YOUR_LANGUAGE)
    assert chat.labels == ["Shqip", albanian(texts.OTHER_LANGUAGES)]
    chat.press("Shqip")
    assert chat.state.language == "sq"
    assert chat.state.node == "consent"


def test_a_greeting_only_one_language_has_tells_its_language_without_accents(chat, runtime):
    chat.text("pershendetje, kam nje pyetje")  # no ë: the letters alone say nothing
    albanian = runtime.engine.content.translations.translator("sq")
    assert chat.texts[-1] == albanian(texts.IS_THIS_YOUR_LANGUAGE)
    assert chat.labels[0] == "Shqip"


def test_every_language_is_one_tap_from_the_guess(chat, runtime):
    chat.text("kam një pyetje për letrën")
    albanian = runtime.engine.content.translations.translator("sq")
    chat.press(albanian(texts.OTHER_LANGUAGES))
    assert chat.texts == ["Hello. Which language do you want to use?"]
    chat.press("English")
    assert chat.state.language == "en"


def test_a_language_typed_at_the_guess_is_chosen(chat):
    chat.text("kam një pyetje për letrën")
    chat.text("english")
    assert chat.state.language == "en"


def test_words_that_fit_several_topics_offer_them_with_a_person(chat):
    chat.onboard()
    chat.text("my")  # "My story", "My rights" or "Delete my information"?
    assert chat.texts == [texts.DID_YOU_MEAN]
    assert len(chat.labels) == 5 and chat.labels[-2:] == [texts.HUMAN_BUTTON, texts.MENU_BUTTON]
    chat.press(chat.labels[0])
    assert chat.state.node in {"mydata", "my_story", "rights", "forget"}


def test_a_typed_question_shows_its_topic_with_not_what_i_meant(chat):
    chat.onboard()
    chat.text("can i work")
    assert chat.state.node == "rights_work"
    assert chat.labels[-1] == texts.NOT_WHAT_I_MEANT
    chat.press(texts.NOT_WHAT_I_MEANT)
    assert chat.texts == [texts.DID_YOU_MEAN]
    assert texts.HUMAN_BUTTON in chat.labels


def test_a_forged_topic_button_for_a_node_that_is_not_a_topic_goes_to_the_menu(chat):
    chat.onboard()
    chat.press_data("~topic/forget_done")
    assert chat.state.node == "menu"


def test_nothing_close_gets_a_kind_line_and_changes_nothing(chat):
    chat.onboard()
    before = chat.state
    chat.text("banana bread recipe")
    assert chat.texts[0] == texts.NOT_UNDERSTOOD
    assert chat.state == before
    assert chat.labels  # the choices are still there


def test_greetings_thanks_and_feelings_get_a_kind_line_and_the_choices(chat):
    chat.onboard()
    chat.text("hello")
    assert chat.texts[0] == texts.GREETING
    chat.text("thank you")
    assert chat.texts[0] == texts.THANKS
    chat.text("😢")
    assert chat.texts[0] == texts.FEELING_LOW
    assert texts.HUMAN_BUTTON in chat.labels or "Talk to a person" in chat.labels


def test_menu_and_back_typed_go_where_their_buttons_would(chat):
    chat.onboard()
    chat.press("More to learn")
    chat.text("menu")
    assert chat.state.node == "menu"
    chat.press("Help now")
    chat.press("More phone numbers")
    chat.text("back")
    assert chat.state.node == "help"


def test_help_alone_asks_if_the_survivor_is_safe(chat):
    chat.onboard()
    chat.text("help")
    assert chat.state.node == "safety_check"


def test_words_at_the_first_picker_ask_if_the_language_they_seem_to_be_in_is_theirs(chat, runtime):
    chat.start()
    chat.text("përshëndetje, si jeni")
    albanian = runtime.engine.content.translations.translator("sq")
    assert chat.texts[-1] == albanian(texts.IS_THIS_YOUR_LANGUAGE)
    assert chat.state.language is None


def test_a_greeting_or_thanks_with_a_word_more_is_still_one(chat):
    chat.onboard()
    chat.text("hi again")
    assert chat.texts[0] == texts.GREETING
    chat.text("thanks a lot!")
    assert chat.texts[0] == texts.THANKS
