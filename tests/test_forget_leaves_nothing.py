"""After /forget, no row anywhere holds the survivor's chat id, user id or message ids.

Regression for issue 16: `outbox.delivered_chat_id` (where a message to them landed) and the
ids of their messages copied to a caseworker survived erasure, linking a Telegram id to "asked
for help". This runs a whole journey, then reads every column of every table.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from bot.escalation.cases import GROUP_CARDS, TO_CASEWORKER_COPY
from bot.escalation.outbox import Outbox
from bot.escalation.staff import StaffRepository
from bot.storage.models import ChatMessage, OutboxMessage
from tests.fake_bot_api import ApiCall
from tests.telegram_harness import RunningBot
from tests.test_escalation import CASEWORKER, GROUP, eventually, eventually_call
from tests.test_telegram import onboard

pytestmark = pytest.mark.security

# A Telegram-sized id, so it cannot be mistaken for a counter or a case number. In a private
# chat the chat id is the user's id, so one search finds either.
SURVIVOR = 6170004321
NEEDLES = (str(SURVIVOR), f"telegram:{SURVIVOR}")


async def press_label(bot: RunningBot, replies: list[ApiCall], label: str) -> list[ApiCall]:
    data = next((d for r in replies for (lbl, d) in r.buttons if lbl == label), None)
    assert data is not None, f"no button {label!r} in {[r.buttons for r in replies]}"
    return await bot.press(SURVIVOR, data)


async def journey(bot: RunningBot, fake_api, runtime, clock) -> None:
    """Consent, a reminder that fires, a request claimed, and messages relayed both ways."""
    await onboard(bot, SURVIVOR)
    await bot.say(SURVIVOR, "/reminders")
    for data in (
        "reminders/reporting",
        "report_day/2026-11-24",
        "report_time/10:00",
        "report_minute/10:00",
        "report_repeat/weekly",
    ):
        await bot.press(SURVIVOR, data)
    replies = await bot.say(SURVIVOR, "Sandford House")
    await press_label(bot, replies, "No, thank you")
    await bot.press(SURVIVOR, "reminder_notices/both")
    await bot.press(SURVIVOR, "reminder_confirm/save")
    clock.set(datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    assert await bot.channel.reminders.deliver_due(bot.application.bot) == 1

    await bot.say(SURVIVOR, "/human")
    for data in ("human/request", "human_interpreter/yes", "human_gender/any", "human_share/yes"):
        await bot.press(SURVIVOR, data)
    await fake_api.wait_for_calls("sendMessage", 1, chat_id=GROUP)
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    fake_api.send_text(SURVIVOR, "I got a letter today")
    await bot.settled()
    await fake_api.wait_for_calls("copyMessage", 1, chat_id=CASEWORKER)
    fake_api.send_text(CASEWORKER, "Hello, I can help with the letter.")
    await bot.settled()

    notice = await eventually_call(fake_api, "You have a new message.", SURVIVOR)
    await bot.press(SURVIVOR, notice.buttons[0][1])  # Show: their chat now has the copy
    await fake_api.wait_for_calls("copyMessage", 1, chat_id=SURVIVOR)
    await eventually(lambda: nothing_pending(runtime))


def nothing_pending(runtime) -> bool:
    with runtime.database.transaction() as session:
        return Outbox(session).pending() == []


def every_row(runtime) -> list[tuple[str, str, Any]]:
    """(table, column, value) for every value in the database, tables found by reflection."""
    metadata = MetaData()
    with runtime.database.transaction() as session:
        metadata.reflect(bind=session.connection())
        return [
            (table.name, column, value)
            for table in metadata.sorted_tables
            for row in session.execute(select(table)).mappings()
            for column, value in row.items()
        ]


def mentions_survivor(value: Any) -> bool:
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int):
        return value == SURVIVOR
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return any(needle in text for needle in NEEDLES)


async def test_forget_leaves_no_chat_id_user_id_or_message_id_anywhere(
    bot, fake_api, runtime, clock
):
    with runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(CASEWORKER, "Sam", clock.now())
    await journey(bot, fake_api, runtime, clock)
    with runtime.database.transaction() as session:
        remembered = set(session.scalars(select(ChatMessage.message_id)))
        copied = set(
            session.scalars(
                select(OutboxMessage.source_message_id).where(
                    OutboxMessage.kind == TO_CASEWORKER_COPY
                )
            )
        )
    assert remembered and copied  # the journey left what /forget must take away
    assert any(mentions_survivor(value) for _, _, value in every_row(runtime))

    await bot.say(SURVIVOR, "/forget")
    replies = await bot.press(SURVIVOR, "forget/confirm")
    assert replies[0].text.startswith("I have deleted what I kept about you")

    left = [(t, c, v) for t, c, v in every_row(runtime) if mentions_survivor(v)]
    assert left == []
    their_messages = remembered | copied
    left_ids = [
        (t, c, v)
        for t, c, v in every_row(runtime)
        if c.endswith("message_id") and v in their_messages
    ]
    assert left_ids == []
    with runtime.database.transaction() as session:
        cards = session.scalars(
            select(OutboxMessage).where(OutboxMessage.delivered_chat_id.is_not(None))
        ).all()
    assert cards and all(card.kind in GROUP_CARDS for card in cards)  # the group's, kept
