"""Reminders end to end: the real Telegram Application against the fake Bot API server.

Time is the test's ManualClock; a delivery run is started by hand after moving it, as the
scheduler's tick would start one.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import build_runtime
from bot.escalation.staff import StaffRepository
from bot.storage.models import Case, Reminder
from tests.fake_bot_api import ApiCall
from tests.telegram_harness import RunningBot, running_bot
from tests.test_escalation import CASEWORKER, GROUP

SURVIVOR = 5151
BANNED_IN_PREVIEWS = ("Home Office", "NRM", "trafficking", "slavery")


async def press_label(bot: RunningBot, replies: list[ApiCall], label: str) -> list[ApiCall]:
    data = next((d for r in replies for (lbl, d) in r.buttons if lbl == label), None)
    assert data is not None, f"no button {label!r} in {[r.buttons for r in replies]}"
    return await bot.press(SURVIVOR, data)


async def set_weekly_reporting(
    bot: RunningBot, language: str = "en", checkin: str = "No, thank you"
) -> list[ApiCall]:
    """On Monday 23 November 2026: weekly reporting on Tuesdays at 10:00, from tomorrow."""
    await bot.say(SURVIVOR, "/start")
    await bot.press(SURVIVOR, f"start/{language}")
    await bot.press(SURVIVOR, "consent/agree")
    await bot.press(SURVIVOR, "nation/england_wales")
    replies = await bot.say(SURVIVOR, "/reminders")
    replies = await bot.press(SURVIVOR, "reminders/reporting")
    replies = await bot.press(SURVIVOR, "report_day/2026-11-24")
    replies = await bot.press(SURVIVOR, "report_time/10:00")
    replies = await bot.press(SURVIVOR, "report_minute/10:00")
    replies = await bot.press(SURVIVOR, "report_repeat/weekly")
    replies = await bot.say(SURVIVOR, "Sandford House")
    replies = await press_label(bot, replies, checkin)
    replies = await bot.press(SURVIVOR, "reminder_notices/both")
    return await bot.press(SURVIVOR, "reminder_confirm/save")


async def deliver_at(bot: RunningBot, clock, moment: datetime) -> list[ApiCall]:
    clock.set(moment)
    before = len(bot.api.accepted("sendMessage", SURVIVOR))
    await bot.channel.reminders.deliver_due(bot.application.bot)
    return bot.api.accepted("sendMessage", SURVIVOR)[before:]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def test_a_reminder_fires_once_discreetly_and_shows_details_on_a_tap(bot, clock):
    saved = await set_weekly_reporting(bot)
    assert "Saved. I will remind you." in [r.text for r in saved]
    assert await deliver_at(bot, clock, utc(2026, 11, 24, 7, 59)) == []
    [notice] = await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    assert notice.text == "Reminder: Tuesday 10:00"
    assert not any(word in notice.text for word in BANNED_IN_PREVIEWS)
    assert await deliver_at(bot, clock, utc(2026, 11, 24, 8, 1)) == []
    details = await press_label(bot, [notice], "Show details")
    assert "Reporting. Next: Tuesday 24 November, 10:00. Every week.\nWhere: Sandford House" in [
        r.text for r in details
    ]
    [question] = await deliver_at(bot, clock, utc(2026, 11, 24, 12, 0))
    assert question.text == "How did it go on Tuesday 10:00?"
    thanks = await press_label(bot, [question], "I went")
    assert thanks[0].text == "Thank you for telling me. Well done."
    again = await press_label(bot, [question], "I went")
    assert again[0].text == "Thank you, I have your answer already."
    # Next week, the day before and two hours before.
    assert [m.text for m in await deliver_at(bot, clock, utc(2026, 11, 30, 10, 0))] == [
        "Reminder: Tuesday 10:00"
    ]


async def test_could_not_go_gives_guidance_and_a_way_to_a_caseworker(bot, clock):
    await set_weekly_reporting(bot)
    await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    [question] = await deliver_at(bot, clock, utc(2026, 11, 24, 12, 0))
    guidance = await press_label(bot, [question], "I could not go")
    assert "Call your legal adviser or support worker. Tell them why you could not go." in [
        r.text for r in guidance
    ]
    assert ("Ask a caseworker to help me", "reporting_missed_help/ask") in guidance[-1].buttons


@pytest.mark.security
async def test_a_button_from_another_survivors_reminder_does_nothing(bot, clock, fake_api):
    await set_weekly_reporting(bot)
    [notice] = await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    [(_, data)] = notice.buttons
    other = 6161
    await bot.say(other, "/start")
    await bot.press(other, "start/en")
    await bot.press(other, "consent/agree")
    replies = await bot.press(other, data)
    assert replies[0].text == "That button is from an older message."
    assert "Sandford House" not in " ".join(r.text for r in replies)


async def test_telegram_flood_control_is_waited_out_and_nothing_is_lost(bot, clock, fake_api):
    await set_weekly_reporting(bot)
    fake_api.fail_next(
        "sendMessage", 429, "Too Many Requests: retry after 1", chat_id=SURVIVOR, retry_after=1
    )
    [notice] = await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    assert notice.text == "Reminder: Tuesday 10:00"
    assert len([c for c in fake_api.calls_to("sendMessage", SURVIVOR) if c.failed]) == 1


async def test_a_survivor_who_blocked_the_bot_has_their_reminders_paused(bot, clock, runtime):
    await set_weekly_reporting(bot)
    bot.api.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user", SURVIVOR)
    assert await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0)) == []
    with runtime.database.transaction() as session:
        assert [r.paused for r in session.scalars(select(Reminder))] == ["blocked"]
    assert await deliver_at(bot, clock, utc(2026, 11, 30, 10, 0)) == []
    listing = await bot.say(SURVIVOR, "/reminders")
    assert "Reporting: paused." in [r.text for r in listing]


async def test_an_answered_check_in_brings_no_one(bot, clock, runtime):
    await set_weekly_reporting(bot, checkin="Yes, ask me 1 hour after")
    await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    [checkin] = await deliver_at(bot, clock, utc(2026, 11, 24, 11, 0))
    assert checkin.text == "Are you safe? Please tap a button."
    await press_label(bot, [checkin], "I am safe")
    await deliver_at(bot, clock, utc(2026, 11, 24, 15, 0))
    with runtime.database.transaction() as session:
        assert session.scalars(select(Case)).all() == []


async def test_an_unanswered_check_in_opens_an_urgent_case(bot, clock, runtime, fake_api):
    await set_weekly_reporting(bot, checkin="Yes, ask me 1 hour after")
    await deliver_at(bot, clock, utc(2026, 11, 24, 8, 0))
    await deliver_at(bot, clock, utc(2026, 11, 24, 11, 0))
    await deliver_at(bot, clock, utc(2026, 11, 24, 13, 59))
    with runtime.database.transaction() as session:
        assert session.scalars(select(Case)).all() == []
    await deliver_at(bot, clock, utc(2026, 11, 24, 14, 0))
    with runtime.database.transaction() as session:
        [case] = session.scalars(select(Case)).all()
        assert (case.reason, case.urgency) == ("missed_checkin", "urgent")
    await deliver_at(bot, clock, utc(2026, 11, 24, 15, 0))
    with runtime.database.transaction() as session:
        assert len(session.scalars(select(Case)).all()) == 1


async def test_the_caseworker_who_claims_a_missed_check_in_sees_where_and_when(
    bot, clock, runtime, fake_api
):
    await set_weekly_reporting(bot, checkin="Yes, ask me 1 hour after")
    await deliver_at(bot, clock, utc(2026, 11, 24, 11, 0))
    await deliver_at(bot, clock, utc(2026, 11, 24, 14, 0))
    with runtime.database.transaction() as session:
        StaffRepository(session).add_caseworker(CASEWORKER, "Sam", clock.now())
    fake_api.press(GROUP, "case:claim:1", user_id=CASEWORKER, chat_type="supergroup")
    await bot.settled()
    [card] = fake_api.calls_to("sendMessage", CASEWORKER)
    assert card.text.startswith("Case #1 (URGENT)")
    assert (
        "Missed safety check-in after: Reporting, Tuesday 24 November, 10:00 (UK time), "
        "at Sandford House" in card.text
    )
    # They did not agree to share, so what is to come stays private.
    assert "Reminders to come" not in card.text


async def test_albanian_weekly_reporting_survives_a_restart_one_reminder_each_time(
    runtime, clock, settings, fake_api
):
    async with running_bot(runtime, fake_api) as first:
        await set_weekly_reporting(first, language="sq")
    # The bot is down when the notice falls due, and back within the grace period.
    clock.set(utc(2026, 11, 24, 8, 20))
    restarted = build_runtime(settings, clock)
    try:
        async with running_bot(restarted, fake_api) as again:
            for moment in (
                utc(2026, 11, 24, 8, 20),
                utc(2026, 11, 24, 8, 21),
                utc(2026, 11, 30, 10, 0),  # the day before the next one
                utc(2026, 12, 1, 8, 0),  # two hours before
                utc(2026, 12, 1, 8, 1),
            ):
                clock.set(moment)
                await again.channel.reminders.deliver_due(again.application.bot)
        notices = [c.text for c in fake_api.accepted("sendMessage", SURVIVOR)]
        assert [text for text in notices if text.startswith("Reminder")] == [
            "Reminder: e martë 10:00"
        ] * 3
    finally:
        restarted.close()


async def test_reminders_missed_long_ago_come_as_one_short_summary(bot, clock, settings, fake_api):
    await set_weekly_reporting(bot)
    clock.set(utc(2026, 11, 25, 9, 0))  # a day later: the notices and the question are stale
    await bot.channel.reminders.deliver_due(bot.application.bot)
    [summary] = [c for c in fake_api.accepted("sendMessage", SURVIVOR) if "offline" in c.text]
    assert summary.text == (
        "I was offline for a while, so I could not remind you on time of:\n"
        "• Tuesday 10:00\n"
        "Send /reminders to see all your reminders."
    )
    await bot.channel.reminders.deliver_due(bot.application.bot)
    assert len([c for c in fake_api.accepted("sendMessage", SURVIVOR) if "offline" in c.text]) == 1


async def test_clock_changes_keep_reporting_at_ten_local(bot, clock):
    clock.set(utc(2027, 3, 22, 10, 0))  # Monday; the clocks go forward on Sunday 28 March
    await bot.say(SURVIVOR, "/start")
    await bot.press(SURVIVOR, "start/en")
    await bot.press(SURVIVOR, "consent/agree")
    await bot.press(SURVIVOR, "nation/england_wales")
    await bot.say(SURVIVOR, "/reminders")
    await bot.press(SURVIVOR, "reminders/reporting")
    await bot.say(SURVIVOR, "23/3")
    await bot.say(SURVIVOR, "10:00")
    await bot.press(SURVIVOR, "report_repeat/weekly")
    await bot.press(SURVIVOR, "report_place/-")
    await bot.press(SURVIVOR, "report_checkin/no")
    await bot.press(SURVIVOR, "reminder_notices/two_hours")
    await bot.press(SURVIVOR, "reminder_confirm/save")
    assert len(await deliver_at(bot, clock, utc(2027, 3, 23, 8, 0))) == 1  # GMT: 08:00 UTC
    await deliver_at(bot, clock, utc(2027, 3, 23, 12, 0))  # "how did it go"
    assert await deliver_at(bot, clock, utc(2027, 3, 30, 6, 59)) == []
    [notice] = await deliver_at(bot, clock, utc(2027, 3, 30, 7, 0))  # BST: 08:00 local
    assert notice.text == "Reminder: Tuesday 10:00"
    clock.set(utc(2027, 11, 2, 7, 0))  # and back in October (Sunday 31 October)
    await bot.channel.reminders.deliver_due(bot.application.bot)  # catches up, in one summary
    assert await deliver_at(bot, clock, utc(2027, 11, 2, 7, 59)) == []
    [notice] = await deliver_at(bot, clock, utc(2027, 11, 2, 8, 0))  # GMT again
    assert notice.text == "Reminder: Tuesday 10:00"
