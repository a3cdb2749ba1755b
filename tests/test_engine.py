"""The conversation engine, driven directly, on a real SQLite file."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.engine.events import Location, Text, Unsupported
from bot.engine.replies import ClearChat, Message
from bot.engine.typed_text import MAX_TYPED
from bot.escalation.case_notes import CaseNotes
from bot.escalation.cases import TO_CASEWORKER_COPY, CaseRepository
from bot.escalation.staff import StaffRepository
from bot.flowmodel.flowset import MENU_CALLBACK
from bot.office_hours import DEFAULT_OFFICE_HOURS
from bot.storage.models import Case, CaseNote, OutboxMessage
from tests.chat_driver import ChatDriver


@pytest.fixture
def chat(runtime) -> ChatDriver:
    return ChatDriver(runtime)


def case_count(runtime) -> int:
    with runtime.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Case))


class TestFirstContact:
    def test_offers_every_language_in_its_own_script_device_language_first(self, chat):
        chat.start(hint="sq-AL")
        assert chat.texts == ["Përshëndetje. Cilën gjuhë dëshironi të përdorni?"]
        assert chat.labels == ["Shqip", "English"]

    def test_unknown_device_language_gets_english_first(self, chat):
        chat.start(hint="xx")
        assert chat.texts == ["Hello. Which language do you want to use?"]
        assert chat.labels == ["English", "Shqip"]

    def test_consent_names_the_operator_and_says_it_is_not_the_home_office(self, chat):
        chat.start()
        chat.press("English")
        joined = "\n".join(chat.texts)
        assert "Test Charity" in joined and "help@test-charity.example" in joined
        assert "not the Home Office" in joined and "not the police" in joined
        assert "/forget" in joined and "ICO" in joined
        assert chat.labels == ["Yes, that is OK", "No"]

    def test_agreeing_records_the_time_then_asks_the_nation_then_shows_the_menu(self, chat, clock):
        chat.start()
        chat.press("English")
        chat.press("Yes, that is OK")
        assert chat.state.consented_at == clock.now()
        assert "England or Wales" in chat.labels
        chat.press("Scotland")
        assert chat.state.nation == "scotland"
        assert chat.texts == ["What would you like to know?"]
        assert "What is the NRM?" in chat.labels

    def test_declining_keeps_nothing_and_points_to_help(self, chat):
        chat.start()
        chat.press("English")
        chat.press("No")
        assert chat.state is None
        assert "That is OK. I have not kept anything about you." in chat.texts
        assert "Who can help me now?" in chat.labels

    def test_reading_needs_no_consent_but_keeping_anything_asks_for_it(self, chat):
        chat.start()
        chat.press("English")
        chat.press_data("menu/nrm_intro")
        assert chat.texts[0] == "The NRM is the National Referral Mechanism."
        chat.press_data("menu/reminders")
        assert chat.texts[-1] == "Is this OK?"
        chat.press_data("menu/my_story")
        assert chat.texts[-1] == "Is this OK?"
        assert chat.state.consented_at is None and chat.state.topics == []

    def test_help_is_in_reach_before_consent(self, chat):
        chat.start()
        chat.command("help")
        assert any("999" in text for text in chat.texts)

    def test_starting_again_after_consent_goes_to_the_menu(self, chat):
        chat.onboard()
        chat.start()
        assert chat.texts == ["What would you like to know?"]

    def test_start_with_a_chosen_language_skips_the_picker(self, chat, runtime):
        from bot.engine.events import Start

        chat.send(Start("sq", chosen=True))
        assert chat.state.language == "sq"
        assert chat.texts[0].startswith("Waypost drejtohet nga Test Charity")


class TestConsentCheck:
    def test_asks_again_after_30_days_in_plain_words(self, chat, clock):
        chat.onboard()
        clock.advance(timedelta(days=30))
        chat.press_data("menu/nrm_intro")
        assert "Are you still happy for Waypost to keep them?" in chat.texts
        chat.press("Yes, keep them")
        assert chat.state.consent_reconfirmed_at == clock.now()
        assert chat.texts == ["What would you like to know?"]

    def test_does_not_ask_before_30_days_or_after_reconfirming(self, chat, clock):
        chat.onboard()
        clock.advance(timedelta(days=29, hours=23))
        chat.command("menu")
        assert chat.texts == ["What would you like to know?"]
        clock.advance(timedelta(hours=1))
        chat.command("menu")
        chat.press("Yes, keep them")
        clock.advance(timedelta(days=90))
        chat.command("menu")
        assert chat.texts == ["What would you like to know?"]

    def test_saying_no_leads_to_deleting(self, chat, clock):
        chat.onboard()
        clock.advance(timedelta(days=31))
        chat.command("menu")
        chat.press("No, delete them")
        chat.press("Yes, delete everything")
        assert chat.state is None


class TestMenusAndConditions:
    def test_every_content_node_offers_a_person_and_the_menu(self, chat):
        chat.onboard()
        chat.press("What is the NRM?")
        assert [b.data for b in chat.buttons[-2:]] == ["~human", MENU_CALLBACK]
        chat.press(texts.HUMAN_BUTTON)
        assert any("08000 121 700" in text for text in chat.texts)
        chat.command("menu")
        chat.press("What is the NRM?")
        chat.press(texts.MENU_BUTTON)
        assert chat.texts == ["What would you like to know?"]

    @pytest.mark.parametrize(
        ("nation", "expected"),
        [
            ("England or Wales", "at least 30 days"),
            ("Scotland", "support for 90 days"),
            ("Northern Ireland", "45 days"),
            ("I am not sure", "Scotland and Northern Ireland have different rules"),
        ],
    )
    def test_content_branches_on_the_nation(self, chat, nation, expected):
        chat.onboard(nation)
        chat.press("What is the NRM?")
        chat.press("What happens after?")
        matching = [text for text in chat.texts if expected in text]
        assert len(matching) == 1
        assert "Nobody can say for sure what the answers will be." in chat.texts

    def test_changing_language_keeps_consent(self, chat):
        chat.onboard()
        chat.command("language")
        chat.press("Shqip")
        assert chat.state.language == "sq"
        assert chat.state.consented_at is not None
        assert chat.texts[-1] == "Çfarë dëshironi të dini?"

    def test_missing_translations_fall_back_to_english_visibly(self, chat):
        chat.onboard()
        chat.command("language")
        chat.press("Shqip")
        chat.press("What is the NRM?")
        assert "The NRM is the National Referral Mechanism." in chat.texts
        assert "Disa pjesë janë vetëm në anglisht për momentin." in chat.texts


class TestKindAnswersChangeNothing:
    def test_typing_where_buttons_are_expected(self, chat):
        chat.onboard()
        chat.press("What is the NRM?")
        before = chat.state
        chat.text("qwerty zxcv")
        assert chat.texts == [texts.NOT_UNDERSTOOD]
        assert "Who can refer me?" in chat.labels
        assert chat.state == before

    def test_empty_text(self, chat):
        chat.onboard()
        before = chat.state
        chat.text("   ")
        assert chat.texts == [texts.EMPTY_TEXT]
        assert chat.state == before

    def test_unknown_command(self, chat):
        chat.onboard()
        chat.command("launch")
        assert chat.texts == [texts.UNKNOWN_COMMAND]
        assert "What is the NRM?" in chat.labels

    def test_a_node_name_is_not_a_command(self, chat):
        chat.onboard()
        chat.command("forget_done")
        assert chat.texts == [texts.UNKNOWN_COMMAND]
        assert chat.state is not None

    @pytest.mark.parametrize("data", ["", "/", "nonsense", "no_such_node/x", "a" * 300])
    def test_forged_or_stale_buttons_lead_to_the_menu(self, chat, data):
        chat.onboard()
        chat.press_data(data)
        assert chat.texts == [texts.STALE_BUTTON, "What would you like to know?"]

    def test_a_button_that_is_no_longer_on_its_node(self, chat):
        chat.onboard()
        chat.press("What is the NRM?")
        chat.press_data("nrm_intro/removed_button")
        assert chat.texts[0] == texts.BUTTON_GONE
        assert "Who can refer me?" in chat.labels

    def test_an_old_button_from_earlier_in_the_chat_still_works(self, chat):
        chat.onboard()
        chat.press("What is the NRM?")
        chat.press("Who can refer me?")
        chat.press_data("menu/forget")
        assert "You cannot undo this." in chat.texts

    def test_a_location_nobody_asked_for_is_not_kept(self, chat):
        chat.onboard()
        before = chat.state
        chat.send(Location(51.5, -0.12))
        assert chat.texts == [texts.LOCATION_NOT_ASKED]
        assert chat.state == before

    def test_stickers_and_photos(self, chat):
        chat.onboard()
        chat.send(Unsupported("Sticker"))
        assert chat.texts == [texts.UNSUPPORTED]

    def test_text_before_any_language_shows_the_picker(self, chat):
        chat.text("hello")
        assert chat.labels == ["English", "Shqip"]


class TestQuickExitForgetAndHuman:
    def test_quick_exit_clears_and_leaves_one_neutral_line(self, chat):
        chat.onboard()
        before = chat.state
        replies = chat.command("exit")
        assert isinstance(replies[0], ClearChat)
        assert chat.texts == ["OK"]
        assert chat.state == before

    def test_forget_asks_first_and_keeping_changes_nothing(self, chat):
        chat.onboard()
        chat.command("forget")
        chat.press("No, keep it")
        assert chat.state is not None

    def test_forget_erases_the_survivor_and_says_so(self, chat):
        chat.onboard()
        chat.command("forget")
        chat.press("Yes, delete everything")
        assert chat.state is None
        assert chat.texts[0].startswith("I have deleted what I kept about you")
        chat.press("Start again")
        assert chat.labels == ["English", "Shqip"]

    def test_human_shows_help_now_and_can_open_one_case(self, chat, runtime):
        chat.onboard()
        chat.command("human")
        assert any("08000 121 700" in text for text in chat.texts)
        chat.ask_for_a_person()
        assert chat.texts == [
            "I have asked the Waypost team to contact you.",
            "The team is at work now and will see your request.",
            "While you wait, the helpline can help you at any time: 08000 121 700.",
            "What would you like to know?",
        ]
        chat.command("human")
        chat.press("Ask the Waypost team to contact me")
        # Asked again: told it is open, with its number and state, and not asked anything again.
        assert chat.texts[:3] == [
            "Request to talk to a person, number 1, from 23 November 2026: waiting.",
            "You do not need to ask again.",
            "Do you want to add something to your request?",
        ]
        assert chat.labels == ["Yes, add a message", "No", texts.MENU_BUTTON]
        assert case_count(runtime) == 1

    def test_out_of_hours_says_when_the_team_is_back_and_where_help_is(self, chat, clock):
        from datetime import UTC, datetime

        chat.onboard()
        clock.set(datetime(2026, 11, 28, 22, 0, tzinfo=UTC))  # a Saturday night
        chat.ask_for_a_person()
        assert chat.texts[1] == (
            "The team works Monday–Friday, 09:00–17:00 (UK time). "
            "They will see your request when they are back."
        )
        assert "08000 121 700" in chat.texts[2]
        numbers = re.findall(r"08000 121 700|999", " ".join(chat.texts))
        assert len(numbers) == len(set(numbers))  # each number said once

    def test_forgetting_keeps_an_open_case_without_identity(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        chat.command("forget")
        chat.press("Yes, delete everything")
        assert any("no longer shows who you are" in text for text in chat.texts)
        with runtime.database.transaction() as session:
            case = session.scalars(select(Case)).one()
        assert case.survivor_id is None and case.status == "open"


class TestWordsWhileARequestWaits:
    WORDS = "Can someone call me in the afternoon?"

    def notes(self, runtime) -> list[str]:
        with runtime.database.transaction() as session:
            return [note.text for note in CaseNotes(session).of_case(1)]

    def note_rows(self, runtime) -> int:
        with runtime.database.transaction() as session:
            return session.scalar(select(func.count()).select_from(CaseNote))

    def test_words_typed_while_a_request_waits_are_added_to_it(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        before = chat.state
        chat.text(self.WORDS)
        assert chat.texts == [texts.ADDED_TO_REQUEST]
        assert "What is the NRM?" in chat.labels  # the menu is still there to carry on
        assert chat.state == before
        chat.text("  And on Friday.\u200b ")
        assert self.notes(runtime) == [self.WORDS, "And on Friday."]
        with runtime.database.transaction() as session:
            sealed = session.scalars(select(CaseNote.sealed)).all()
        assert not any("afternoon" in text or "Friday" in text for text in sealed)

    def test_button_names_answers_and_everyday_words_are_taken_as_before(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        chat.text("What is the NRM?")
        assert "The NRM is the National Referral Mechanism." in chat.texts
        chat.command("menu")
        chat.press("My story: tell it once")
        chat.press("Write or change my story")
        chat.text("My words, my story.")
        assert chat.state.answers["account"] == "My words, my story."
        chat.text("thank you")
        assert chat.texts and texts.ADDED_TO_REQUEST not in chat.texts
        assert self.note_rows(runtime) == 0

    def test_nothing_is_kept_without_a_request_waiting(self, chat, runtime):
        chat.onboard()
        chat.text(self.WORDS)
        assert texts.ADDED_TO_REQUEST not in chat.texts
        assert self.note_rows(runtime) == 0

    def test_danger_comes_first_and_is_not_added_nor_is_a_message_too_long(self, chat, runtime):
        chat.onboard()
        chat.ask_for_a_person()
        chat.text("they found me")
        assert chat.texts[0] == "I am worried about you. Your safety comes first."
        chat.command("menu")
        chat.text("x" * (MAX_TYPED + 1))
        assert chat.texts == [texts.TOO_LONG]
        assert self.note_rows(runtime) == 0

    def test_once_a_caseworker_has_the_request_what_they_write_is_relayed_as_before(
        self, chat, runtime
    ):
        chat.onboard()
        chat.ask_for_a_person()
        with runtime.database.transaction() as session:
            sam = StaffRepository(session).add_caseworker(9001, "Sam", runtime.clock.now())
            CaseRepository(session).claim(1, sam, runtime.clock.now(), DEFAULT_OFFICE_HOURS)
        turn = runtime.conversation.handle(chat.chat_key, Text(self.WORDS), incoming_message_id=77)
        assert [r.text for r in turn.replies if isinstance(r, Message)] == [
            texts.SENT_TO_CASEWORKER
        ]
        assert self.note_rows(runtime) == 0
        with runtime.database.transaction() as session:
            copy = session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind == TO_CASEWORKER_COPY)
            ).one()
            assert copy.source_message_id == 77

    def test_they_are_counted_in_mydata_and_erased_by_forget_while_the_case_stays(
        self, chat, runtime
    ):
        chat.onboard()
        chat.ask_for_a_person()
        chat.text(self.WORDS)
        chat.command("mydata")
        assert "You added 1 message to a request while it waited." in chat.texts
        chat.command("forget")
        chat.press("Yes, delete everything")
        assert self.note_rows(runtime) == 0
        with runtime.database.transaction() as session:
            case = session.scalars(select(Case)).one()
        assert case.survivor_id is None and case.status == "open"


class TestRepublishedContent:
    def republish(self, runtime, tmp_path, edit) -> None:
        import shutil
        from dataclasses import replace

        from bot.app import load_content, served_content

        flows = tmp_path / "edited_flows"
        shutil.copytree(runtime.settings.flows_dir, flows)
        edit(flows)
        settings = replace(runtime.settings, flows_dir=flows)
        loaded = load_content(settings, runtime.clock.now().date())
        runtime.engine.publish(served_content(loaded), loaded.actions)

    def test_old_buttons_still_work_after_labels_change_and_buttons_move(
        self, chat, runtime, tmp_path
    ):
        chat.onboard()
        chat.press("What is the NRM?")
        old_buttons = chat.buttons

        def reword_and_reorder(flows):
            path = flows / "nrm_basics.yaml"
            text = path.read_text().replace('"Who can refer me?"', '"Who can send me to the NRM?"')
            path.write_text(text)

        self.republish(runtime, tmp_path, reword_and_reorder)
        chat.press_data(old_buttons[0].data)
        assert chat.texts[0] == "You cannot refer yourself."

    def test_a_button_to_a_deleted_node_leads_kindly_to_the_menu(self, chat, runtime, tmp_path):
        chat.onboard()
        chat.press("What is the NRM?")
        stale = chat.buttons[0].data

        def delete_topic(flows):
            (flows / "nrm_basics.yaml").unlink()
            menu = flows / "menu.yaml"
            menu.write_text(
                menu.read_text().replace(
                    '      - label: "What is the NRM?"\n        goto: nrm_intro\n', ""
                )
            )

        self.republish(runtime, tmp_path, delete_topic)
        chat.press_data(stale)
        assert chat.texts == [texts.STALE_BUTTON, "What would you like to know?"]
        assert "What is the NRM?" not in chat.labels

    def test_an_input_node_keeps_what_was_typed_and_takes_a_location(self, chat, runtime, tmp_path):
        def add_question(flows):
            add_menu_topic(
                flows,
                "Town",
                "ask_town",
                '    say: "Which town are you in?"\n'
                "    input: {accept: [text, location], save_as: town, goto: menu}\n",
            )

        self.republish(runtime, tmp_path, add_question)
        chat.onboard()
        chat.press("Town")
        assert chat.texts == ["Which town are you in?"]
        assert chat.labels == [texts.HUMAN_BUTTON, texts.MENU_BUTTON]
        chat.text("Glasgow")
        assert chat.state.answers == {"town": "Glasgow"}
        assert chat.texts == ["What would you like to know?"]
        chat.press("Town")
        chat.send(Location(55.86, -4.25))
        assert chat.texts == ["What would you like to know?"]


class TestDanger:
    def urgent_cases(self, runtime) -> list[tuple[str, str]]:
        with runtime.database.transaction() as session:
            return [(c.reason, c.urgency) for c in session.scalars(select(Case))]

    def test_danger_gets_emergency_guidance_first_and_an_urgent_case(self, chat, runtime):
        chat.onboard()
        chat.press("What is the NRM?")
        chat.text("they found me, I am scared")
        assert chat.texts[0] == "I am worried about you. Your safety comes first."
        assert chat.texts[1] == "If you are in danger now, call 999."
        assert any("press 55" in text for text in chat.texts)
        assert any("08000 121 700" in text for text in chat.texts)
        assert any("116 123" in text for text in chat.texts)
        assert self.urgent_cases(runtime) == [("danger_followed", "urgent")]
        assert chat.texts[-1] == "The team is at work now and will see your request."
        assert chat.labels[0] == "Talk to a person"  # the buttons sit at the bottom

    def test_danger_before_consent_gets_guidance_but_nothing_is_kept(self, chat, runtime):
        chat.start()
        chat.text("I want to kill myself")
        assert chat.texts[0] == "I am worried about you. Your safety comes first."
        assert self.urgent_cases(runtime) == []

    def test_danger_in_another_language_than_the_one_chosen(self, chat, runtime):
        chat.onboard()
        chat.text("أنا في خطر")
        assert "call 999" in chat.texts[1]
        assert self.urgent_cases(runtime) == [("danger_in_danger", "urgent")]

    def test_a_second_danger_message_joins_the_open_case(self, chat, runtime):
        chat.onboard()
        chat.text("I am in danger")
        chat.text("they took my passport")
        assert len(self.urgent_cases(runtime)) == 1

    def test_an_edited_message_is_screened_and_otherwise_ignored(self, chat, runtime):
        chat.onboard()
        before = chat.state
        chat.send(Text("what is the NRM", edited=True))
        assert chat.replies == [] and chat.state == before
        chat.send(Text("they will kill me", edited=True))
        assert chat.texts[0] == "I am worried about you. Your safety comes first."

    def test_a_caption_is_screened(self, chat):
        chat.onboard()
        chat.send(Unsupported("PhotoSize", caption="nowhere to sleep tonight"))
        assert chat.texts[0] == "I am worried about you. Your safety comes first."
        chat.send(Unsupported("PhotoSize", caption="my letter"))
        assert chat.texts == [texts.UNSUPPORTED]


class TestTellItOnce:
    def test_write_read_change_and_delete_the_story(self, chat):
        chat.onboard()
        chat.press("My story: tell it once")
        chat.press("Write or change my story")
        chat.text("I came here in 2024. I need a lawyer.")
        assert chat.texts[0].startswith("Thank you. I have kept your story.")
        chat.press("Keep it in the chat")
        chat.press("Read my story")
        assert chat.texts[:2] == [
            "This is what you wrote:",
            "I came here in 2024. I need a lawyer.",
        ]
        chat.press("Write or change my story")
        chat.text("Second version")
        chat.press("Keep it in the chat")
        chat.press("Read my story")
        assert chat.texts[1] == "Second version"
        chat.press("Delete my story")
        assert "story" not in str(chat.state.answers)
        chat.press("Read my story")
        assert chat.texts[0] == "You have not written your story yet."

    def test_danger_in_the_story_brings_guidance_and_a_case_and_the_story_is_kept(
        self, chat, runtime
    ):
        chat.onboard()
        chat.press("My story: tell it once")
        chat.press("Write or change my story")
        chat.text("They threatened me and took my passport.")
        assert chat.texts[0] == "I am worried about you. Your safety comes first."
        assert texts.KEPT_WHAT_YOU_WROTE in chat.texts
        assert chat.state.answers["account"] == "They threatened me and took my passport."
        assert case_count(runtime) == 1

    def test_sharing_is_the_survivors_choice(self, chat):
        chat.onboard()
        chat.press("My story: tell it once")
        chat.press("Let my caseworker read it")
        assert chat.state.shares_with_caseworker is True
        chat.press("Keep it private")
        assert chat.state.shares_with_caseworker is False

    def test_asking_for_a_person_records_what_the_caseworker_needs(self, chat):
        chat.onboard()
        chat.command("human")
        chat.press("Ask the Waypost team to contact me")
        assert texts.HUMAN_BUTTON not in chat.labels and texts.MENU_BUTTON in chat.labels
        chat.command("menu")
        chat.press("What is the NRM?")
        chat.ask_for_a_person()
        state = chat.state
        assert (state.needs_interpreter, state.worker_gender) == (True, "woman")
        assert state.shares_with_caseworker is True
        assert state.topics == ["nrm_basics"]


class TestLifeEvents:
    @pytest.mark.parametrize(
        ("event", "reason", "fact"),
        [
            ("I got a negative decision", "negative_decision", "30 days of the date"),
            ("I got a letter to leave my home", "eviction_letter", "56 days"),
            ("I am scared of my next reporting", "reporting_fear", "Keep reporting"),
        ],
    )
    def test_a_life_event_explains_and_can_bring_in_a_caseworker(
        self, chat, runtime, event, reason, fact
    ):
        chat.onboard()
        chat.press("Something has happened")
        chat.press(event)
        assert any(fact in text for text in chat.texts)
        chat.press("Ask a caseworker to help me")
        assert chat.texts == ["Do you want the Waypost team to contact you about this?"]
        assert case_count(runtime) == 0  # nothing opens without a yes
        chat.press("Yes, please contact me")
        chat.press("No")
        chat.press("I do not mind")
        chat.press("No, keep them private")
        assert chat.texts[0] == "I have asked the Waypost team to contact you."
        with runtime.database.transaction() as session:
            assert session.scalars(select(Case.reason)).one() == reason


class TestMyData:
    def test_mydata_tells_the_survivor_everything_kept(self, chat, runtime):
        chat.onboard("Scotland")
        chat.press("What is the NRM?")
        chat.command("menu")
        chat.press("My story: tell it once")
        chat.press("Write or change my story")
        chat.text("My words, my story.")
        chat.ask_for_a_person()
        chat.command("mydata")
        assert chat.texts[0] == "This is everything Waypost keeps about you:"
        joined = "\n".join(chat.texts)
        for expected in [
            "Language: English",
            "Where in the UK: Scotland",
            "You agreed to this on 23 November 2026.",
            "You need an interpreter.",
            "You would like a woman to help you.",
            "Your caseworker can see the topics you read and your story.",
            "You read 2 topics.",
            "Your story, as you wrote it:\nMy words, my story.",
            "Request to talk to a person, number 1, from 23 November 2026: waiting.",
            "To delete all of it, send /forget.",
        ]:
            assert expected in joined
        assert chat.labels[0] == "Delete everything"

    def test_mydata_in_albanian_formats_dates_the_albanian_way(self, chat):
        chat.onboard()
        chat.command("language")
        chat.press("Shqip")
        chat.command("mydata")
        assert any("23 nëntor 2026" in text for text in chat.texts)


def add_menu_topic(flows, label: str, node_id: str, node_body: str) -> None:
    """A one-node flow file, linked from the top of the main menu."""
    (flows / f"{node_id}.yaml").write_text(
        f"flow: {node_id}\ntitle: t\nreviewed: 2026-11-01\nsources: [https://example.org]\n"
        f"nodes:\n  - id: {node_id}\n{node_body}"
    )
    menu = flows / "menu.yaml"
    link = f'    buttons:\n      - {{label: "{label}", goto: {node_id}}}\n'
    menu.write_text(menu.read_text().replace("    buttons:\n", link, 1))
