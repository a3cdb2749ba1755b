"""End to end: the real python-telegram-bot Application against the fake Bot API over HTTP."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot import texts
from bot.storage.models import Case, ChatMessage, Survivor
from tests.fake_bot_api import TOKEN

SURVIVOR = 4242


def survivors(runtime) -> int:
    with runtime.database.transaction() as session:
        return session.scalar(select(func.count()).select_from(Survivor))


async def onboard(bot, chat_id: int = SURVIVOR) -> None:
    await bot.say(chat_id, "/start")
    await bot.press(chat_id, "start/en")
    await bot.press(chat_id, "consent/agree")
    await bot.press(chat_id, "nation/england_wales")


async def test_first_contact_language_consent_menu(bot):
    [picker] = await bot.say(SURVIVOR, "/start", language_code="sq")
    assert picker.text == "Përshëndetje. Cilën gjuhë dëshironi të përdorni?"
    assert picker.buttons == [("Shqip", "start/sq"), ("English", "start/en")]

    consent = await bot.press(SURVIVOR, "start/en")
    assert "Test Charity" in consent[0].text
    assert consent[-1].buttons == [("Yes, that is OK", "consent/agree"), ("No", "consent/decline")]

    [nation] = await bot.press(SURVIVOR, "consent/agree")
    assert ("Scotland", "nation/scotland") in nation.buttons

    [menu] = await bot.press(SURVIVOR, "nation/scotland")
    assert menu.text == "What would you like to know?"
    assert ("What is the NRM?", "menu/nrm_intro") in menu.buttons


async def test_menus_and_the_way_back(bot):
    await onboard(bot)
    replies = await bot.press(SURVIVOR, "menu/nrm_intro")
    assert replies[0].text == "The NRM is the National Referral Mechanism."
    assert replies[-1].buttons[-1] == (texts.MENU_BUTTON, "~menu")
    [menu] = await bot.press(SURVIVOR, "~menu")
    assert menu.text == "What would you like to know?"


async def test_language_change(bot, runtime):
    await onboard(bot)
    await bot.say(SURVIVOR, "/language")
    replies = await bot.press(SURVIVOR, "language/sq")
    assert replies[-1].text == "Çfarë dëshironi të dini?"
    with runtime.database.transaction() as session:
        assert session.scalars(select(Survivor.language)).one() == "sq"


async def test_commands_are_announced_in_every_language(bot, fake_api):
    calls = fake_api.calls_to("setMyCommands")
    assert {call.params.get("language_code") for call in calls} == {None, "sq"}
    names = [command["command"] for command in calls[0].params["commands"]]
    assert names == [
        "start",
        "menu",
        "help",
        "human",
        "reminders",
        "language",
        "exit",
        "mydata",
        "forget",
    ]


async def test_quick_exit_deletes_the_conversation_and_leaves_one_neutral_line(bot, fake_api):
    await onboard(bot)
    incoming = fake_api.send_text(SURVIVOR, "hello")
    await bot.settled()
    sent_so_far = [call for call in fake_api.calls_to("sendMessage", SURVIVOR)]
    replies = await bot.say(SURVIVOR, "/exit")
    assert [reply.text for reply in replies] == ["OK"]
    [deletion] = fake_api.calls_to("deleteMessages", SURVIVOR)
    deleted = set(deletion.params["message_ids"])
    assert incoming in deleted
    assert len(deleted) >= len(sent_so_far) + 2  # every bot message, "hello" and "/exit"


async def test_quick_exit_with_nothing_to_delete_still_answers(bot, fake_api):
    await onboard(bot)
    await bot.say(SURVIVOR, "/exit")
    replies = await bot.say(SURVIVOR, "/exit")
    assert [reply.text for reply in replies] == ["OK"]


async def test_forget_after_confirmation_erases_everything(bot, runtime):
    await onboard(bot)
    replies = await bot.say(SURVIVOR, "/forget")
    assert replies[-1].buttons[0] == ("Yes, delete everything", "forget/confirm")
    replies = await bot.press(SURVIVOR, "forget/confirm")
    assert replies[0].text.startswith("I have deleted what I kept about you")
    assert survivors(runtime) == 0
    with runtime.database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(ChatMessage)) == 0


async def test_a_group_gets_one_polite_line_the_bot_leaves_and_nothing_is_stored(
    bot, fake_api, runtime
):
    group = -100777
    fake_api.send_text(group, "/start", chat_type="supergroup")
    await bot.settled()
    [line] = fake_api.calls_to("sendMessage", group)
    assert line.text == texts.PRIVATE_CHATS_ONLY
    assert fake_api.calls_to("leaveChat", group)
    assert survivors(runtime) == 0


async def test_being_added_to_a_group_says_so_and_leaves(bot, fake_api, runtime):
    fake_api.add_bot_to_group(-555, by_user=99)
    await bot.settled()
    assert [call.text for call in fake_api.calls_to("sendMessage", -555)] == [
        texts.PRIVATE_CHATS_ONLY
    ]
    assert fake_api.calls_to("leaveChat", -555)
    assert survivors(runtime) == 0


async def test_the_caseworker_group_is_not_told_to_go_away(bot, fake_api):
    caseworkers = -100500
    fake_api.send_text(caseworkers, "/start", chat_type="supergroup")
    await bot.settled()
    assert fake_api.calls_to("sendMessage", caseworkers) == []
    assert fake_api.calls_to("leaveChat", caseworkers) == []


@pytest.mark.security
async def test_forged_callback_is_answered_and_leads_to_the_menu(bot, fake_api):
    await onboard(bot)
    replies = await bot.press(SURVIVOR, "x" * 64)
    assert [reply.text for reply in replies] == [
        texts.STALE_BUTTON,
        "What would you like to know?",
    ]
    assert len(fake_api.calls_to("answerCallbackQuery")) == 4  # three to onboard, one forged


async def test_a_sticker_gets_a_kind_answer(bot, fake_api):
    await onboard(bot)
    fake_api.send_sticker(SURVIVOR)
    await bot.settled()
    assert fake_api.calls_to("sendMessage", SURVIVOR)[-1].text == texts.UNSUPPORTED


async def test_an_unexpected_error_is_logged_without_text_and_answered_kindly(bot, runtime, caplog):
    await onboard(bot)

    def broken(*_args, **_kwargs):
        raise RuntimeError("database on fire")

    runtime.conversation.handle = broken
    with caplog.at_level(logging.INFO):
        replies = await bot.say(SURVIVOR, "my secret words")
    assert [reply.text for reply in replies] == [texts.SOMETHING_WRONG]
    assert "my secret words" not in caplog.text
    assert "handling an update failed: RuntimeError" in caplog.text


async def test_danger_in_albanian_gets_guidance_first_in_any_chat_state(bot, runtime):
    await onboard(bot)
    replies = await bot.say(SURVIVOR, "më kërcënojnë, jam në rrezik")
    assert replies[0].text == "I am worried about you. Your safety comes first."
    assert replies[1].text == "If you are in danger now, call 999."
    with runtime.database.transaction() as session:
        assert session.scalars(select(Case.urgency)).one() == "urgent"


async def test_danger_in_an_edited_message(bot, fake_api):
    await onboard(bot)
    message_id = fake_api.send_text(SURVIVOR, "hello")
    await bot.settled()
    before = len(fake_api.calls_to("sendMessage", SURVIVOR))
    fake_api.edit_text(SURVIVOR, message_id, "أنا في خطر")
    await bot.settled()
    replies = fake_api.calls_to("sendMessage", SURVIVOR)[before:]
    assert replies[0].text == "I am worried about you. Your safety comes first."


@pytest.mark.security
async def test_no_log_at_any_level_carries_words_names_places_or_the_token(bot, fake_api, caplog):
    caplog.set_level(logging.DEBUG)
    fake_api.send_text(SURVIVOR, "/start", language_code="sq")
    await bot.settled()
    await onboard(bot)
    await bot.say(SURVIVOR, "my secret words about Leeds")
    await bot.say(SURVIVOR, "they found me")
    fake_api.push(
        "message",
        {
            "message_id": 99999,
            "date": 0,
            "chat": {"id": SURVIVOR, "type": "private", "first_name": "Amina"},
            "from": {"id": SURVIVOR, "is_bot": False, "first_name": "Amina"},
            "location": {"latitude": 53.7996, "longitude": -1.5491},
        },
    )
    await bot.settled()
    logged = caplog.text
    assert caplog.records  # the bot did log: this is not a vacuous pass
    for secret in ("secret words", "Leeds", "they found me", "Amina", "53.79", TOKEN):
        assert secret not in logged, secret
