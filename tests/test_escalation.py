"""Escalation end to end: cases reach the caseworker group once, whatever goes wrong."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.app import build_runtime
from bot.engine.typed_text import MAX_TYPED
from bot.escalation.staff import StaffRepository
from bot.storage.models import Case, CaseEvent, OperatorAlert, OutboxMessage
from tests.chat_driver import ChatDriver
from tests.telegram_harness import running_bot
from tests.test_telegram import SURVIVOR, onboard

GROUP = -100500
CASEWORKER = 9001
STRANGER = 5555


@pytest.fixture
def caseworker(runtime) -> int:
    with runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(CASEWORKER, "Sam", runtime.clock.now())
    return CASEWORKER


def case(runtime, case_id: int = 1) -> Case:
    with runtime.database.transaction() as session:
        return session.get(Case, case_id)


def events(runtime) -> list[str]:
    with runtime.database.transaction() as session:
        return [f"{e.actor} {e.action}" for e in session.scalars(select(CaseEvent))]


def outbox_attempts(runtime) -> int:
    with runtime.database.transaction() as session:
        return session.scalars(select(OutboxMessage.attempts)).one()


async def eventually(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """For state the bot writes in the background, with no event to await."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition never became true"
        await asyncio.sleep(0.01)


async def ask_for_a_person(bot) -> None:
    await onboard(bot)
    await bot.say(SURVIVOR, "/human")
    for button in (
        "human/request",
        "human_interpreter/yes",
        "human_gender/woman",
        "human_share/yes",
    ):
        await bot.press(SURVIVOR, button)


@pytest.mark.security
async def test_a_request_reaches_the_group_once_as_a_card_that_reveals_little(bot, fake_api):
    await ask_for_a_person(bot)
    [card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    assert card.text.startswith(
        "Case #1 · normal · English · England or Wales · asked for person · opened"
    )
    assert card.buttons == [("Claim", "case:claim:1")]

    await bot.say(SURVIVOR, "/human")
    again = await bot.press(SURVIVOR, "human/request")
    assert again[0].text.startswith("Request to talk to a person, number 1,")  # asked nothing
    assert await bot.channel.courier.deliver_due(bot.application.bot) == 0
    assert len(fake_api.accepted("sendMessage", GROUP)) == 1


async def test_danger_in_arabic_gets_guidance_first_then_an_urgent_card(bot, fake_api):
    await onboard(bot)
    replies = await bot.say(SURVIVOR, "أنا في خطر")
    assert replies[0].text == "I am worried about you. Your safety comes first."
    [card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    assert "URGENT" in card.text and "danger: in danger" in card.text
    calls = fake_api.calls
    assert calls.index(replies[1]) < calls.index(card)  # 999 went out before the alert


async def test_a_typed_message_while_a_request_is_open_reaches_the_case(bot, fake_api, caseworker):
    await ask_for_a_person(bot)
    [told] = await bot.say(SURVIVOR, "Can someone call me in the afternoon?")
    assert told.text == "I have added this to your request. The team will read it."
    [group_card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    assert "afternoon" not in group_card.text
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [private] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert (
        "They wrote while waiting:\n- 23 Nov 10:00 UTC: Can someone call me in the afternoon?"
    ) in private.text


async def test_a_card_too_long_for_one_message_comes_in_parts_with_its_buttons_under_the_last(
    bot, fake_api, runtime, caseworker
):
    await ask_for_a_person(bot)
    for letter in "жщ":
        await bot.say(SURVIVOR, letter * MAX_TYPED)  # as long as one Telegram message can be
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    parts = fake_api.calls_to("sendMessage", CASEWORKER)
    assert len(parts) > 2 and all(len(part.text) <= MAX_TYPED for part in parts)
    assert parts[0].text.startswith("Case #1 (normal)")
    assert [part.buttons for part in parts[:-1]] == [[]] * (len(parts) - 1)
    assert parts[-1].buttons[-1] == ("Resolve", "case:resolve:1")
    everything = "".join(part.text for part in parts)
    assert everything.count("ж") == everything.count("щ") == MAX_TYPED
    assert case(runtime).status == "claimed"


@pytest.mark.security
async def test_someone_who_is_not_a_caseworker_cannot_claim(bot, fake_api, runtime, caseworker):
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=STRANGER, chat_type="supergroup")
    await bot.settled()
    answer = fake_api.calls_to("answerCallbackQuery")[-1]
    assert answer.params["text"] == "You are not authorised to act on cases."
    assert case(runtime).status == "open" and case(runtime).claimed_by is None
    assert fake_api.calls_to("sendMessage", STRANGER) == []


@pytest.mark.parametrize(
    "data", ["case:claim:99999999999999999999", "relay:show:99999999999999999999"]
)
@pytest.mark.security
async def test_a_forged_button_with_a_huge_case_number_changes_nothing(
    bot, fake_api, runtime, caseworker, caplog, data
):
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, data, user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    assert case(runtime).status == "open"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_claim_sends_the_full_card_privately_then_resolve(bot, fake_api, runtime, caseworker):
    await ask_for_a_person(bot)
    [_card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [private] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert private.text.startswith("Case #1 (normal)\nLanguage: English")
    assert "Interpreter: needed\nWould like help from: a woman\n" in private.text
    assert "asked for person" in private.text
    assert "Topics read: none yet.\nNo story written." in private.text
    assert private.buttons == [
        ("Reply", "case:reply:1"),
        ("Ready replies", "case:replies:1"),
        ("Resolve", "case:resolve:1"),
    ]
    [edit] = fake_api.calls_to("editMessageText", GROUP)
    assert edit.text.endswith("Claimed by Sam.")
    assert case(runtime).status == "claimed"

    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER + 1, chat_type="supergroup")
    await bot.settled()
    assert "not authorised" in fake_api.calls_to("answerCallbackQuery")[-1].params["text"]

    fake_api.press(CASEWORKER, "case:resolve:1", user_id=CASEWORKER)
    await bot.settled()
    assert case(runtime).status == "resolved"
    assert events(runtime) == [
        "survivor opened:asked_for_person",
        f"caseworker:{CASEWORKER} claimed",
        f"caseworker:{CASEWORKER} resolved",
    ]


async def test_claiming_without_a_private_chat_explains_and_changes_nothing(
    bot, fake_api, runtime, caseworker
):
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.fail_next(
        "sendMessage",
        403,
        "Forbidden: bot can't initiate conversation with a user",
        chat_id=CASEWORKER,
    )
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    assert (
        "Open a private chat with me" in fake_api.calls_to("answerCallbackQuery")[-1].params["text"]
    )
    assert case(runtime).status == "open" and case(runtime).claimed_by is None


async def test_telegram_failing_then_recovering_delivers_exactly_once(
    bot, fake_api, clock, runtime
):
    fake_api.fail_next("sendMessage", 502, "Bad Gateway", chat_id=GROUP)
    await ask_for_a_person(bot)
    await eventually(lambda: outbox_attempts(runtime) == 1)
    assert fake_api.accepted("sendMessage", GROUP) == []
    clock.advance(timedelta(seconds=3))
    bot.channel.courier.wake()
    await fake_api.wait_for_calls("sendMessage", 2, chat_id=GROUP)
    assert len(fake_api.accepted("sendMessage", GROUP)) == 1


async def test_flood_control_is_waited_out_and_delivers_exactly_once(bot, fake_api):
    fake_api.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", chat_id=GROUP, retry_after=1
    )
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 2, chat_id=GROUP)
    assert len(fake_api.accepted("sendMessage", GROUP)) == 1


async def test_a_group_that_became_a_supergroup_is_followed(bot, fake_api):
    fake_api.fail_next(
        "sendMessage",
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        chat_id=GROUP,
        migrate_to_chat_id=-100999,
    )
    await ask_for_a_person(bot)
    [card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=-100999)
    assert card.text.startswith("Case #1")
    assert fake_api.calls_to("leaveChat") == []


async def test_a_restart_between_case_and_delivery_still_delivers_urgent_first(runtime, fake_api):
    for number, text in enumerate(["/human", "/human", "they found me"], start=1):
        chat = ChatDriver(runtime, chat_key=f"telegram:{number}")
        chat.onboard()
        if text == "/human":
            chat.ask_for_a_person()
        else:
            chat.text(text)
    assert fake_api.calls_to("sendMessage") == []  # no bot was running

    async with running_bot(runtime, fake_api):
        cards = await fake_api.wait_for_calls("sendMessage", 3, chat_id=GROUP)
    assert [card.text.split(" · ")[:2] for card in cards] == [
        ["Case #3", "URGENT"],
        ["Case #1", "normal"],
        ["Case #2", "normal"],
    ]


async def test_removed_from_the_group_alerts_operators_and_uses_the_supervisor_chat(
    settings, clock, fake_api
):
    runtime = build_runtime(replace(settings, supervisor_chat_id=-100600), clock)
    try:
        fake_api.fail_next(
            "sendMessage",
            403,
            "Forbidden: bot was kicked from the supergroup chat",
            chat_id=GROUP,
        )
        async with running_bot(runtime, fake_api) as bot:
            await ask_for_a_person(bot)
            [card] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=-100600)
        assert card.text.startswith("Case #1")
        with runtime.database.transaction() as session:
            [alert] = session.scalars(select(OperatorAlert)).all()
        assert "cannot post to chat -100500 (Forbidden)" in alert.message
    finally:
        runtime.close()


async def claimed_case(bot, fake_api) -> None:
    """A case claimed by Sam, once the survivor has been told so (sent in the background)."""
    await ask_for_a_person(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    await eventually_call(fake_api, texts.CASE_CLAIMED)


async def test_the_survivor_is_told_when_a_person_takes_the_case(bot, fake_api, caseworker):
    await claimed_case(bot, fake_api)
    await eventually(
        lambda: (
            fake_api.calls_to("sendMessage", SURVIVOR)[-1].text
            == "A caseworker is now looking after your request. What you write here goes to them."
        )
    )


async def test_while_claimed_the_survivors_messages_go_to_the_caseworker(bot, fake_api, caseworker):
    await claimed_case(bot, fake_api)
    message_id = fake_api.send_text(SURVIVOR, "I got a letter today")
    await bot.settled()
    assert fake_api.calls_to("sendMessage", SURVIVOR)[-1].text == "Sent to your caseworker."
    [copy] = await fake_api.wait_for_calls("copyMessage", 1, chat_id=CASEWORKER)
    assert copy.params["from_chat_id"] == SURVIVOR and copy.params["message_id"] == message_id
    assert copy.buttons == [("Reply to case #1", "case:reply:1")]

    fake_api.send_sticker(SURVIVOR)
    await bot.settled()
    await fake_api.wait_for_calls("copyMessage", 2, chat_id=CASEWORKER)


async def test_danger_while_claimed_still_gets_guidance_first_and_reaches_the_caseworker(
    bot, fake_api, runtime, caseworker
):
    await claimed_case(bot, fake_api)
    replies = await bot.say(SURVIVOR, "they found me")
    assert replies[0].text == "I am worried about you. Your safety comes first."
    await fake_api.wait_for_calls("copyMessage", 1, chat_id=CASEWORKER)
    assert case(runtime).urgency == "urgent"


@pytest.mark.security
async def test_the_caseworker_writes_and_the_survivor_reads_behind_a_discreet_notice(
    bot, fake_api, caseworker
):
    await claimed_case(bot, fake_api)
    written = fake_api.send_text(CASEWORKER, "Hello, I am Sam. I can help with the letter.")
    await bot.settled()
    assert fake_api.calls_to("sendMessage", CASEWORKER)[-1].text == "Sent to case #1."
    notice = await eventually_call(fake_api, "You have a new message.")
    assert notice.buttons == [
        ("Show", notice.buttons[0][1]),
        ("End the conversation", "relay:end:1"),
    ]

    fake_api.press(SURVIVOR + 1, notice.buttons[0][1])  # someone else's chat: nothing shown
    await bot.settled()
    assert fake_api.calls_to("copyMessage", SURVIVOR + 1) == []

    fake_api.press(SURVIVOR, notice.buttons[0][1])
    await bot.settled()
    [header] = fake_api.calls_to("editMessageText", SURVIVOR)
    assert header.text == "From your caseworker:"
    [copy] = fake_api.calls_to("copyMessage", SURVIVOR)
    assert copy.params["from_chat_id"] == CASEWORKER and copy.params["message_id"] == written


async def test_resolving_tells_the_survivor_once_and_the_menus_come_back(
    bot, fake_api, runtime, caseworker
):
    await claimed_case(bot, fake_api)
    fake_api.press(CASEWORKER, "case:resolve:1", user_id=CASEWORKER)
    await bot.settled()
    await eventually_call(
        fake_api, "Your caseworker has closed this conversation. The menu is back: send /menu."
    )
    replies = await bot.say(SURVIVOR, "/menu")
    assert replies[-1].text == "What would you like to know?"


async def test_the_survivor_can_end_the_conversation(bot, fake_api, runtime, caseworker):
    await claimed_case(bot, fake_api)
    fake_api.send_text(CASEWORKER, "How are you?")
    await bot.settled()
    notice = await eventually_call(fake_api, "You have a new message.")
    fake_api.press(SURVIVOR, "relay:end:1")
    await bot.settled()
    assert fake_api.calls_to("sendMessage", SURVIVOR)[-1].text == (
        "You have ended the conversation. The menu is back: send /menu."
    )
    assert case(runtime).status == "resolved"
    await fake_api.wait_for_calls("sendMessage", 3, chat_id=CASEWORKER)
    assert (
        "the survivor ended the conversation"
        in fake_api.calls_to("sendMessage", CASEWORKER)[-1].text
    )
    assert notice is not None


async def test_a_caseworker_with_two_cases_chooses_which_one_to_write_to(
    bot, fake_api, runtime, caseworker
):
    await claimed_case(bot, fake_api)
    other = ChatDriver(runtime, chat_key="telegram:8888")
    other.onboard()
    other.ask_for_a_person()
    bot.channel.courier.wake()
    await fake_api.wait_for_calls("sendMessage", 2, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:2", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()

    fake_api.press(CASEWORKER, "case:reply:1", user_id=CASEWORKER)
    await bot.settled()
    assert fake_api.calls_to("answerCallbackQuery")[-1].params["text"] == (
        "Now writing to case #1. Send your message."
    )
    fake_api.send_text(CASEWORKER, "For case one")
    await bot.settled()
    assert fake_api.calls_to("sendMessage", CASEWORKER)[-1].text == "Sent to case #1."
    await eventually_call(fake_api, "You have a new message.")
    assert not any(
        c.text == "You have a new message." for c in fake_api.calls_to("sendMessage", 8888)
    )


async def eventually_call(fake_api, text: str, chat_id: int = SURVIVOR):
    def found():
        return next((c for c in fake_api.calls_to("sendMessage", chat_id) if c.text == text), None)

    await eventually(lambda: found() is not None)
    return found()


async def test_the_case_card_shows_the_story_only_when_the_survivor_shares_it(
    bot, fake_api, runtime, caseworker
):
    await onboard(bot)
    await bot.press(SURVIVOR, "menu/nrm_intro")
    await bot.press(SURVIVOR, "menu/my_story")
    await bot.press(SURVIVOR, "my_story/my_story_write")
    await bot.say(SURVIVOR, "I worked on a farm and was never paid.")
    await bot.say(SURVIVOR, "/human")
    for button in ("human/request", "human_interpreter/no", "human_gender/any", "human_share/no"):
        await bot.press(SURVIVOR, button)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [private] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert "never paid" not in private.text
    assert "They chose not to share the topics they read, their story or reminders." in private.text
    [group_card] = fake_api.calls_to("sendMessage", GROUP)
    assert "never paid" not in group_card.text


async def test_a_shared_story_and_topics_are_on_the_case_card(bot, fake_api, runtime, caseworker):
    await onboard(bot)
    await bot.press(SURVIVOR, "menu/nrm_intro")
    await bot.press(SURVIVOR, "menu/my_story")
    await bot.press(SURVIVOR, "my_story/my_story_write")
    await bot.say(SURVIVOR, "I worked on a farm and was never paid.")
    await ask_for_a_person_again(bot)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [private] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert "Topics read: What the NRM is, My story, told once." in private.text
    assert "Their story, in their words:\nI worked on a farm and was never paid." in private.text


async def ask_for_a_person_again(bot) -> None:
    await bot.say(SURVIVOR, "/human")
    for button in (
        "human/request",
        "human_interpreter/yes",
        "human_gender/woman",
        "human_share/yes",
    ):
        await bot.press(SURVIVOR, button)


async def test_an_urgent_case_nobody_claims_is_alerted_again_and_to_the_supervisor(
    settings, clock, fake_api
):
    runtime = build_runtime(replace(settings, supervisor_chat_id=-100600), clock)
    try:
        async with running_bot(runtime, fake_api) as bot:
            await onboard(bot)
            await bot.say(SURVIVOR, "I am in danger")
            await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
            clock.advance(timedelta(minutes=9))
            assert bot.channel.courier.realert_unclaimed() == []
            clock.advance(timedelta(minutes=2))
            bot.channel.courier.wake()
            [again] = (await fake_api.wait_for_calls("sendMessage", 2, chat_id=GROUP))[1:]
            [supervisor] = await fake_api.wait_for_calls("sendMessage", 1, chat_id=-100600)
        assert again.text.startswith("Still not claimed: Case #1 · URGENT")
        assert supervisor.text == again.text
        assert "system realerted" in events(runtime)
    finally:
        runtime.close()


async def test_a_ready_reply_reaches_the_survivor_in_their_language(
    bot, fake_api, runtime, caseworker
):
    await claimed_case(bot, fake_api)
    await bot.say(SURVIVOR, "/language")
    await bot.press(SURVIVOR, "language/sq")
    fake_api.press(CASEWORKER, "case:replies:1", user_id=CASEWORKER)
    await bot.settled()
    offer = fake_api.calls_to("sendMessage", CASEWORKER)[-1]
    assert offer.text == "Send a ready reply to case #1 (in their language):"
    assert (
        "I am looking into this. I will write to you again today.",
        "ready:1:looking_into_it",
    ) in offer.buttons

    fake_api.press(STRANGER, "ready:1:looking_into_it", user_id=STRANGER)
    await bot.settled()
    assert fake_api.calls_to("answerCallbackQuery")[-1].params["text"] == (
        "You are not authorised to act on cases."
    )

    fake_api.press(CASEWORKER, "ready:1:looking_into_it", user_id=CASEWORKER)
    await bot.settled()
    notice = await eventually_call(fake_api, "You have a new message.")
    fake_api.press(SURVIVOR, notice.buttons[0][1])
    await bot.settled()
    assert fake_api.calls_to("sendMessage", SURVIVOR)[-1].text == (
        "Po e shqyrtoj këtë. Do t'ju shkruaj përsëri sot."
    )
    assert f"caseworker:{CASEWORKER} ready:looking_into_it" in events(runtime)
