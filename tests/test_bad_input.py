"""Bad input gets a kind, clear answer (or silence), changes nothing, and never crashes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.engine.events import Command, Location, Press, Text, Unsupported
from tests.chat_driver import ChatDriver
from tests.conftest import BAD_INPUTS
from tests.test_telegram import SURVIVOR, onboard

ENGINE_BAD_INPUTS = {
    "empty text": (Text(""), texts.EMPTY_TEXT),
    "whitespace only": (Text(" \n\t "), texts.EMPTY_TEXT),
    "zero-width only": (Text("\u200b\u200b\u2060"), texts.EMPTY_TEXT),
    "right-to-left override only": (Text("\u202e\u202d"), texts.EMPTY_TEXT),
    "control characters": (Text("\x00\x07\x1b"), texts.EMPTY_TEXT),
    "emoji only": (Text("🙂🙂🙂"), texts.NOT_UNDERSTOOD),
    "right-to-left override with words": (Text("\u202eolleh"), texts.NOT_UNDERSTOOD),
    "over 4096 characters": (Text("a" * 5000), texts.TOO_LONG),
    "unknown command": (Command("sudo"), texts.UNKNOWN_COMMAND),
    "a node name as a command": (Command("consent"), texts.UNKNOWN_COMMAND),
    "forged button": (Press("menu/../../etc"), texts.BUTTON_GONE),
    "button for a node that is gone": (Press("deleted_node/x"), texts.STALE_BUTTON),
    "empty button data": (Press(""), texts.STALE_BUTTON),
    "button from another node": (Press("nrm_intro/not_a_button"), texts.BUTTON_GONE),
    "language that does not exist": (Press("language/zz"), texts.BUTTON_GONE),
    "unasked location": (Location(51.5, -0.1), texts.LOCATION_NOT_ASKED),
    "impossible location": (Location(999.0, -999.0), texts.LOCATION_NOT_ASKED),
    "sticker": (Unsupported("Sticker"), texts.UNSUPPORTED),
    "photo": (Unsupported("PhotoSize"), texts.UNSUPPORTED),
    "voice note": (Unsupported("Voice"), texts.UNSUPPORTED),
    "document": (Unsupported("Document"), texts.UNSUPPORTED),
    "contact": (Unsupported("Contact"), texts.UNSUPPORTED),
}


@pytest.mark.parametrize("name", ENGINE_BAD_INPUTS)
def test_bad_input_gets_a_kind_answer_and_changes_nothing(runtime, name):
    BAD_INPUTS.append(name)
    event, kind_answer = ENGINE_BAD_INPUTS[name]
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press("What is the NRM?")
    before = chat.state
    chat.send(event)
    assert chat.texts[0] == kind_answer
    assert texts.SOMETHING_WRONG not in chat.texts
    after = chat.state
    if isinstance(event, Press):
        # An out-of-date or forged button shows the menu (or its own node) again: only the
        # survivor's place may change, nothing they told us.
        after = replace(after, node=before.node)
    assert after == before
    assert chat.buttons  # always a way on


@pytest.mark.security
def test_a_flood_is_slowed_once_then_held_but_danger_still_gets_through(runtime):
    BAD_INPUTS.append("a flood of messages")
    chat = ChatDriver(runtime)
    chat.onboard()
    answers = []
    for _ in range(24):
        answers.append(runtime.conversation.handle(chat.chat_key, Text("hello")).replies)
    assert all(replies for replies in answers[:16])
    flooded = [replies for replies in answers if replies and replies[0].text == texts.SLOW_DOWN]
    assert len(flooded) == 1
    assert answers[-1] == []
    danger = runtime.conversation.handle(chat.chat_key, Text("I want to kill myself")).replies
    assert danger[0].text == "I am worried about you. Your safety comes first."


async def test_on_telegram_bad_input_never_reaches_the_apology(bot, fake_api, runtime):
    await onboard(bot)
    for kind, payload in [
        ("voice", {"file_id": "v", "file_unique_id": "v", "duration": 3}),
        ("document", {"file_id": "d", "file_unique_id": "d"}),
        ("contact", {"phone_number": "+440000000000", "first_name": "X"}),
        ("location", {"latitude": 51.5, "longitude": -0.12}),
        ("text", "\u202e\u200b"),
        ("text", "x" * 4096),
    ]:
        BAD_INPUTS.append(f"telegram {kind}")
        fake_api.push(
            "message",
            {
                "message_id": 50000 + len(BAD_INPUTS),
                "date": 0,
                "chat": {"id": SURVIVOR, "type": "private", "first_name": "S"},
                "from": {"id": SURVIVOR, "is_bot": False, "first_name": "S"},
                kind: payload,
            },
        )
        await bot.settled()
    sent = [call.text for call in fake_api.calls_to("sendMessage", SURVIVOR)]
    assert texts.SOMETHING_WRONG not in sent
    assert sent[-6:] == [
        texts.UNSUPPORTED,
        texts.UNSUPPORTED,
        texts.UNSUPPORTED,
        texts.LOCATION_NOT_ASKED,
        texts.EMPTY_TEXT,
        texts.NOT_UNDERSTOOD,
    ]
