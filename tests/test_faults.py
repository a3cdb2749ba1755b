"""Faults: Telegram failing, the database briefly gone, an update delivered twice after a crash.

The survivor's place and cases survive, and nothing is handled or sent twice.
"""

from __future__ import annotations

import signal

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from bot import texts
from bot.engine.events import Command
from tests.conftest import FAULTS
from tests.test_restart import bot_process
from tests.test_telegram import SURVIVOR, onboard


def test_an_update_delivered_twice_is_handled_once(runtime):
    FAULTS.append("update redelivered")
    first = runtime.conversation.handle("test:1", Command("help"), update_id=41)
    again = runtime.conversation.handle("test:1", Command("help"), update_id=41)
    assert first.replies and again.replies == []


async def test_the_database_briefly_unreachable_costs_a_moment_not_the_message(bot, runtime):
    FAULTS.append("database unreachable")
    await onboard(bot)
    failures = {"left": 2}

    def unreachable(*_args: object) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise OperationalError("SELECT", {}, ConnectionError("server closed the connection"))

    await bot.channel.courier.stop()  # only the survivor's turn should meet the fault
    event.listen(runtime.database.engine, "before_cursor_execute", unreachable)
    try:
        replies = await bot.say(SURVIVOR, "/menu")
    finally:
        event.remove(runtime.database.engine, "before_cursor_execute", unreachable)
    assert [reply.text for reply in replies] == ["What would you like to know?"]
    assert failures["left"] == 0


async def test_telegram_failing_to_take_a_reply_is_retried_once_it_recovers(bot, fake_api):
    await onboard(bot)
    for status, description in [(502, "Bad Gateway"), (504, "Gateway Timeout")]:
        FAULTS.append(f"telegram {status}")
        fake_api.fail_next("sendMessage", status, description, chat_id=SURVIVOR)
    await bot.say(SURVIVOR, "/menu")
    accepted = [c.text for c in fake_api.accepted("sendMessage", SURVIVOR)]
    assert accepted[-1] == "What would you like to know?"
    assert accepted.count("What would you like to know?") == 2  # onboarding's, and this one
    assert texts.SOMETHING_WRONG not in accepted


def test_killed_mid_conversation_then_a_redelivered_update_is_not_handled_again(
    fake_api, database_url, tmp_path
):
    FAULTS.append("process killed")
    log = tmp_path / "bot.log"
    chat = 4545
    with bot_process(fake_api, database_url, log) as first:
        exchange_in(fake_api, chat, "/start", 1)
        handled = fake_api.text_message(chat, "/help")
        update_id = fake_api.push("message", handled)
        assert fake_api.wait_until(lambda: len(fake_api.calls_to("sendMessage", chat)) >= 5)
        first.send_signal(signal.SIGKILL)  # no clean shutdown, nothing confirmed
        first.wait()
    before = len(fake_api.calls_to("sendMessage", chat))
    with bot_process(fake_api, database_url, log):
        fake_api.push("message", handled, update_id=update_id)  # Telegram delivers it again
        replies = exchange_in(fake_api, chat, "/start", 1)
    assert replies == ["Hello. Which language do you want to use?"]
    assert len(fake_api.calls_to("sendMessage", chat)) == before + 1  # /help not answered twice


def exchange_in(fake_api, chat: int, text: str, replies: int) -> list[str]:
    before = len(fake_api.calls_to("sendMessage", chat))
    fake_api.send_text(chat, text)
    assert fake_api.wait_until(
        lambda: len(fake_api.calls_to("sendMessage", chat)) >= before + replies
    )
    return [call.text for call in fake_api.calls_to("sendMessage", chat)[before:]]
