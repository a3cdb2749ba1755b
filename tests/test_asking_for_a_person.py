"""Asking for a person with consent and without repetition, and children recognised once they
say so (issue 15, items 2 and 3): in the conversation core, on the cards and over Telegram."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.escalation.cards import short_card
from bot.escalation.cases import REASON_KEY, CaseRepository
from bot.escalation.staff import StaffRepository
from bot.office_hours import DEFAULT_OFFICE_HOURS
from bot.storage.models import Case, CaseEvent
from tests.chat_driver import ChatDriver
from tests.console_harness import ADMIN
from tests.test_escalation import CASEWORKER, GROUP
from tests.test_telegram import SURVIVOR, onboard

CONFIRM = "Do you want the Waypost team to contact you about this?"
INTERPRETER = "Do you need an interpreter to talk to a caseworker?"
UNDER_18 = "Are you under 18?"


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def cases(runtime) -> list[Case]:
    with runtime.database.transaction() as session:
        return list(session.scalars(select(Case).order_by(Case.id)))


def case_events(runtime) -> list[str]:
    with runtime.database.transaction() as session:
        return [event.action for event in session.scalars(select(CaseEvent).order_by(CaseEvent.id))]


def eviction_help(chat: ChatDriver) -> None:
    chat.command("menu")
    chat.press("Something has happened")
    chat.press("I got a letter to leave my home")
    chat.press("Ask a caseworker to help me")


def resolve_all(runtime) -> None:
    with runtime.database.transaction() as session:
        caseworker = StaffRepository(session).add_caseworker(CASEWORKER, "Sam", runtime.clock.now())
        repository = CaseRepository(session)
        for case in repository.active():
            repository.claim(case.id, caseworker, runtime.clock.now(), DEFAULT_OFFICE_HOURS)
            repository.resolve(case, caseworker, runtime.clock.now())


class TestUnder18:
    def test_the_first_menu_has_it_and_one_tap_remembers_a_child(self, chat):
        chat.onboard()
        assert "I am under 18" in chat.labels
        chat.press("I am under 18")
        assert chat.state.age_group == "child"
        assert chat.texts[0] == "Some things are different for you, because you are a child."
        assert UNDER_18 not in chat.texts

    @pytest.mark.parametrize(
        ("answer", "first_line"),
        [
            ("Yes, I am under 18", "Some things are different for you, because you are a child."),
            ("No, I am 18 or older", "Some things are different for children."),
        ],
    )
    def test_back_to_the_start_of_the_topic_does_not_ask_the_age_again(
        self, chat, answer, first_line
    ):
        chat.onboard()
        chat.press("More to learn")
        chat.press("If I am under 18")
        assert UNDER_18 in chat.texts
        chat.press(answer)
        for way in ("Who helps children?", "Who can I call?"):
            chat.press(way)
            chat.press("Back to the start of this topic")
            assert UNDER_18 not in chat.texts
            assert chat.texts[0] == first_line

    def test_until_they_say_their_age_the_start_of_the_topic_asks_it(self, chat):
        chat.onboard()
        chat.press("More to learn")
        chat.press("If I am under 18")
        chat.press("I am not sure how old I am")
        chat.press("Who can I call?")
        chat.press("Back to the start of this topic")
        assert UNDER_18 in chat.texts

    def test_a_childs_request_is_flagged_on_every_card(self, chat, runtime):
        chat.onboard()
        chat.press("I am under 18")
        chat.ask_for_a_person()
        [case] = cases(runtime)
        assert case.child
        card = short_card(case, runtime.clock.now())
        assert card.startswith("Case #1 · normal · CHILD (under 18) · English")

    def test_an_urgent_case_of_a_child_says_so_to_the_team(self, chat, runtime):
        chat.onboard()
        chat.press("I am under 18")
        chat.text("they found me")
        [case] = cases(runtime)
        assert short_card(case, runtime.clock.now()).startswith(
            "Case #1 · URGENT · CHILD (under 18) · English"
        )

    def test_saying_it_after_asking_flags_the_open_request(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        assert not cases(runtime)[0].child
        chat.command("menu")
        chat.press("I am under 18")
        chat.text("they found me")  # an urgent request joins the open one
        [case] = cases(runtime)
        assert case.child and case.urgency == "urgent"
        assert "said_under_18" in case_events(runtime)

    def test_an_adult_request_has_no_child_flag(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        assert "CHILD" not in short_card(cases(runtime)[0], runtime.clock.now())


class TestAskFirst:
    def test_after_an_eviction_letter_nothing_opens_without_a_yes(self, chat, runtime):
        chat.onboard()
        eviction_help(chat)
        assert chat.texts == [CONFIRM]
        assert chat.labels == ["Yes, please contact me", "No, not now", texts.MENU_BUTTON]
        chat.press("No, not now")
        assert chat.texts[0].startswith("OK. Nobody will contact you about this.")
        assert cases(runtime) == []
        assert REASON_KEY not in chat.state.answers  # why they might have asked is not kept

    def test_while_it_asks_mydata_shows_no_code_word(self, chat):
        chat.onboard()
        eviction_help(chat)
        chat.command("mydata")
        assert not any("eviction" in text for text in chat.texts)

    def test_a_negative_decision_request_says_what_it_is_about(self, chat, runtime):
        chat.onboard()
        chat.command("menu")
        chat.press("Something has happened")
        chat.press("I got a negative decision")
        chat.press("Ask a caseworker to help me")
        chat.press("Yes, please contact me")
        assert chat.texts == [INTERPRETER]
        chat.press("Yes")
        chat.press("A man")
        chat.press("No, keep them private")
        assert chat.texts[0] == "I have asked the Waypost team to contact you."
        [case] = cases(runtime)
        assert case.reason == "negative_decision"
        assert REASON_KEY not in chat.state.answers

    def test_the_questions_are_asked_once(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        resolve_all(runtime)
        eviction_help(chat)
        chat.press("Yes, please contact me")
        assert INTERPRETER not in chat.texts
        assert chat.texts[0] == "I have asked the Waypost team to contact you."
        assert [case.reason for case in cases(runtime)] == ["asked_for_person", "eviction_letter"]
        state = chat.state
        assert (state.needs_interpreter, state.worker_gender) == (True, "woman")

    def test_one_button_for_a_person_on_a_screen_that_has_its_own(self, chat):
        chat.onboard()
        chat.command("menu")
        chat.press("Something has happened")
        chat.press("I got a letter to leave my home")
        assert "Ask a caseworker to help me" in chat.labels
        assert texts.HUMAN_BUTTON not in chat.labels
        assert chat.labels[-1] == texts.MENU_BUTTON


class TestOpenRequest:
    def test_asking_again_tells_its_number_and_state_and_asks_nothing(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        eviction_help(chat)
        assert chat.texts[:2] == [
            "Request to talk to a person, number 1, from 23 November 2026: waiting.",
            "You do not need to ask again.",
        ]
        assert CONFIRM not in chat.texts and INTERPRETER not in chat.texts
        assert len(cases(runtime)) == 1

    def test_they_can_add_to_it_and_the_team_sees_what_brought_them(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        eviction_help(chat)
        chat.press("Yes, add a message")
        chat.text("The letter says I must leave on Friday.")
        assert chat.texts[0] == texts.ADDED_TO_REQUEST
        assert chat.texts[-1] == "What would you like to know?"
        assert case_events(runtime)[-2:] == ["added:eviction_letter", "wrote_while_waiting"]
        assert REASON_KEY not in chat.state.answers

    def test_words_for_the_team_that_also_ask_are_you_safe_still_reach_the_request(
        self, chat, runtime
    ):
        chat.onboard()
        chat.ask_for_a_person()
        chat.command("human")
        chat.press("Ask the Waypost team to contact me")
        chat.press("Yes, add a message")
        chat.text("please help me, call me today")  # "help me" asks "Are you safe?"
        assert "Are you safe right now?" in chat.texts
        assert texts.ADDED_TO_REQUEST in chat.texts
        chat.press("I am safe")
        assert "Write what you want to add. The team will read it with your request." not in (
            chat.texts
        )
        assert case_events(runtime)[-1] == "wrote_while_waiting"

    def test_a_claimed_request_says_a_caseworker_has_it(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        with runtime.database.transaction() as session:
            caseworker = StaffRepository(session).add_caseworker(
                CASEWORKER, "Sam", runtime.clock.now()
            )
            CaseRepository(session).claim(1, caseworker, runtime.clock.now(), DEFAULT_OFFICE_HOURS)
        chat.command("human")
        chat.press("Ask the Waypost team to contact me")
        assert chat.texts[0] == (
            "Request to talk to a person, number 1, from 23 November 2026: a caseworker has it."
        )


class TestOutOfHours:
    def test_an_urgent_request_at_night_says_who_helps_now(self, chat, clock):
        chat.onboard()
        clock.set(datetime(2026, 11, 28, 22, 0, tzinfo=UTC))  # a Saturday night
        chat.text("they found me")
        assert "The team is not at work now. They work Monday–Friday, 09:00–17:00 (UK time)." in (
            chat.texts
        )
        assert "If you are in danger now, call 999." in chat.texts  # who helps now
        assert not any("when they are back" in text for text in chat.texts)
        # The guidance gave the numbers: what follows it does not say them again.
        guidance_end = next(i for i, text in enumerate(chat.texts) if "116 123" in text)
        after = " ".join(chat.texts[guidance_end + 1 :])
        assert not re.findall(r"999|08000 121 700|116 123", after)

    def test_a_normal_request_at_night_says_when_they_are_back(self, chat, clock):
        chat.onboard()
        clock.set(datetime(2026, 11, 28, 22, 0, tzinfo=UTC))
        chat.ask_for_a_person()
        assert any("when they are back" in text for text in chat.texts)


async def test_over_telegram_a_child_asks_once_and_the_group_card_says_child(
    bot, fake_api, runtime
):
    await onboard(bot)
    await bot.press(SURVIVOR, "menu/under_18")
    await bot.press(SURVIVOR, "life_events/eviction_letter")
    asked = await bot.press(SURVIVOR, "eviction_letter/ask")
    assert asked[-1].text == CONFIRM
    assert [label for label, _ in asked[-1].buttons][:2] == [
        "Yes, please contact me",
        "No, not now",
    ]
    for data in ("human_confirm/yes", "human_interpreter/no", "human_gender/any", "human_share/no"):
        await bot.press(SURVIVOR, data)
    [card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    assert card.text.startswith("Case #1 · normal · CHILD (under 18) · English")
    assert "eviction letter" in card.text

    again = await bot.press(SURVIVOR, "eviction_letter/ask")
    assert again[0].text.startswith("Request to talk to a person, number 1,")
    with runtime.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == 1
        StaffRepository(session).add_caseworker(CASEWORKER, "Sam", runtime.clock.now())

    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [private] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert private.text.startswith(
        "Case #1 (normal)\nCHILD (under 18): they said they are a child.\nLanguage: English"
    )


def test_the_web_case_pages_flag_a_child(console):
    driver = ChatDriver(console.runtime, chat_key="telegram:1")
    driver.onboard()
    driver.press("I am under 18")
    driver.ask_for_a_person()
    adult = ChatDriver(console.runtime, chat_key="telegram:2")
    adult.onboard()
    adult.ask_for_a_person()
    console.sign_in(ADMIN)

    listed = console.client.get("/cases").text
    rows = {row.split("</a>")[0]: row for row in listed.split('<a href="/cases/')[1:]}
    assert "CHILD (under 18)" in rows['1">Case #1'] and "CHILD" not in rows['2">Case #2']
    page = console.client.get("/cases/1").text
    assert "child safeguarding applies" in page
    assert "Case #1 · normal · CHILD (under 18) · English" in page
    assert "CHILD" not in console.client.get("/cases/2").text


def test_talk_to_a_person_offers_childline_to_a_child_only(runtime):
    child, adult = ChatDriver(runtime, "test:child"), ChatDriver(runtime, "test:adult")
    for chat in (child, adult):
        chat.onboard()
    child.press("I am under 18")
    for chat in (child, adult):
        chat.command("human")
    assert any("0800 1111" in text for text in child.texts)
    assert not any("0800 1111" in text for text in adult.texts)
