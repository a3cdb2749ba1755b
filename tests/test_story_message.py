"""The message that carries a survivor's story can be taken out of their chat, once the story is
kept: in the engine (a request to the channel) and end to end over the fake Bot API."""

from __future__ import annotations

import pytest

from bot.engine.events import Text
from bot.engine.my_data import STORY_MESSAGE
from bot.engine.replies import DeleteMessages
from bot.escalation.story_message import BY_HAND, DELETING, STILL_THERE
from tests.chat_driver import ChatDriver

STORY = "I came here in 2024. I need a lawyer."
STORY_MESSAGE_ID = 77
SURVIVOR = 4242


@pytest.fixture
def chat(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press("My story: tell it once")
    chat.press("Write or change my story")
    # As a channel does: the survivor's message comes with its id in their chat.
    chat.replies = runtime.conversation.handle(
        chat.chat_key, Text(STORY), incoming_message_id=STORY_MESSAGE_ID
    ).replies
    return chat


def deletions(chat: ChatDriver) -> list[DeleteMessages]:
    return [reply for reply in chat.replies if isinstance(reply, DeleteMessages)]


def test_after_saving_the_survivor_is_offered_to_delete_the_message(chat):
    assert chat.texts[0].startswith("Thank you. I have kept your story.")
    assert chat.labels[:2] == ["Delete my message from the chat", "Keep it in the chat"]
    assert deletions(chat) == []


def test_the_message_goes_from_the_chat_and_the_story_stays(chat):
    chat.press("Delete my message from the chat")
    assert deletions(chat) == [DeleteMessages((STORY_MESSAGE_ID,))]
    assert chat.texts[:2] == [DELETING, BY_HAND]
    assert "Your story is still kept in Waypost." in chat.texts
    assert chat.state.answers["account"] == STORY
    assert chat.state.story_message is None


def test_a_kept_message_is_told_in_mydata_and_goes_with_the_story(chat):
    chat.press("Keep it in the chat")
    assert deletions(chat) == []
    chat.command("mydata")
    assert STORY_MESSAGE in chat.texts
    chat.command("menu")
    chat.press("My story: tell it once")
    chat.press("Delete my story")
    assert deletions(chat) == [DeleteMessages((STORY_MESSAGE_ID,))]
    assert "account" not in chat.state.answers
    chat.press("Delete my story")
    assert deletions(chat) == []
    assert STILL_THERE in chat.texts  # no number any more: how to do it by hand


def test_a_story_typed_without_a_message_id_offers_only_the_way_by_hand(runtime):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press("My story: tell it once")
    chat.press("Write or change my story")
    chat.text(STORY)
    chat.press("Delete my message from the chat")
    assert deletions(chat) == []
    assert chat.texts[:2] == [STILL_THERE, BY_HAND]


async def test_the_story_message_is_deleted_over_telegram(bot, fake_api, runtime):
    await bot.say(SURVIVOR, "/start")
    for data in ("start/en", "consent/agree", "nation/england_wales"):
        await bot.press(SURVIVOR, data)
    await bot.press(SURVIVOR, "menu/my_story")
    await bot.press(SURVIVOR, "my_story/my_story_write")
    story_id = fake_api.send_text(SURVIVOR, STORY)
    await bot.settled()
    replies = await bot.press(SURVIVOR, "my_story_saved/delete_message")
    [deletion] = fake_api.calls_to("deleteMessages", SURVIVOR)
    assert deletion.params["message_ids"] == [story_id]
    assert replies[0].text == DELETING
    state = ChatDriver(runtime, chat_key=f"telegram:{SURVIVOR}").state
    assert state.answers["account"] == STORY
