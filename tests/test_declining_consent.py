"""Saying no to consent keeps nothing stored, yet the survivor can still read, in their language."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import texts
from bot.engine.events import Command, Press, Text
from bot.engine.replies import ClearChat
from bot.storage.models import ChatMessage, Survivor
from bot.visitors import FORGOTTEN_AFTER
from tests.chat_driver import ChatDriver
from tests.test_telegram import SURVIVOR

HELP = "If you are in danger now, call 999."
MENU_IN_ALBANIAN = "Çfarë dëshironi të dini?"
CONSENT_IN_ALBANIAN = "A jeni dakord me këtë?"
STILL_ALBANIAN = "Disa pjesë janë vetëm në anglisht për momentin."
"""The test catalogue has a few Albanian lines: this one says the rest is shown in English."""


def rows(runtime, table=Survivor) -> int:
    with runtime.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(table))


def decline_in_albanian(chat: ChatDriver) -> None:
    chat.start()
    chat.press("Shqip")
    chat.press_data("consent/decline")


def test_after_no_the_help_screen_is_in_their_language_and_nothing_is_stored(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    assert rows(runtime) == 0
    chat.press_data("consent_declined/help")
    assert HELP in chat.texts and STILL_ALBANIAN in chat.texts
    assert rows(runtime) == 0


def test_after_no_every_topic_can_be_read_in_their_language(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.press_data("consent_declined/menu")
    assert MENU_IN_ALBANIAN in chat.texts
    chat.press_data("menu/nrm_intro")
    assert STILL_ALBANIAN in chat.texts
    assert "~menu" in [button.data for button in chat.buttons]
    chat.text("si funksionon nrm")  # typed questions too
    assert rows(runtime) == 0


def test_what_keeps_something_asks_for_consent_first_and_a_yes_starts_keeping(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.press_data("consent_declined/menu")
    chat.press_data("menu/reminders")
    assert chat.texts[-1] == CONSENT_IN_ALBANIAN
    assert chat.texts[0] == texts.CONSENT_FIRST  # why the consent screen is back
    assert rows(runtime) == 0
    chat.press_data("consent/agree")
    state = chat.state
    assert state is not None and state.consented and state.language == "sq"


def test_saying_yes_later_from_the_no_screen(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.press_data("consent_declined/consent")
    assert chat.texts[-1] == CONSENT_IN_ALBANIAN
    chat.press_data("consent/agree")
    assert chat.state.consented


def test_asking_for_a_person_without_consent_asks_for_it(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.command("human")
    chat.press_data("human/request")
    assert chat.texts[-1] == CONSENT_IN_ALBANIAN
    assert rows(runtime) == 0


def test_danger_after_no_still_brings_guidance_in_their_language(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.text("do ta vras veten sonte")
    assert any("999" in text for text in chat.texts)
    assert HELP in chat.texts and STILL_ALBANIAN in chat.texts
    assert rows(runtime) == 0


def test_a_quick_exit_after_no_deletes_their_messages_and_the_bots(runtime):
    conversation = runtime.conversation
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    conversation.remember_sent(chat.chat_key, [501, 502])
    conversation.handle(chat.chat_key, Press("consent_declined/help"), incoming_message_id=503)
    outcome = conversation.handle(chat.chat_key, Command("exit"), incoming_message_id=504)
    assert isinstance(outcome.replies[0], ClearChat)
    assert set(outcome.delete_message_ids) >= {501, 502, 503}
    assert rows(runtime, ChatMessage) == 0


def test_forget_after_no_forgets_the_language_too(runtime):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    chat.command("forget")
    chat.press_data("forget/confirm")
    chat.text("hello")
    assert "English" in chat.labels  # the language picker again, as for a newcomer
    assert chat.state.language is None


def test_memory_of_a_no_lasts_only_while_they_keep_writing(runtime, clock):
    chat = ChatDriver(runtime)
    decline_in_albanian(chat)
    clock.advance(FORGOTTEN_AFTER + timedelta(minutes=1))
    chat.send(Text("hello"))
    assert "English" in chat.labels and rows(runtime) == 1  # a newcomer again


async def test_over_telegram_no_then_who_can_help_is_in_albanian(bot, runtime):
    await bot.say(SURVIVOR, "/start", language_code="sq")
    await bot.press(SURVIVOR, "start/sq")
    declined = await bot.press(SURVIVOR, "consent/decline")
    assert declined[-1].buttons[1][1] == "consent_declined/help"
    replies = await bot.press(SURVIVOR, "consent_declined/help")
    shown = [reply.text for reply in replies]
    assert HELP in shown and STILL_ALBANIAN in shown
    assert rows(runtime) == 0
