"""Data of survivors silent for long is deleted, after one discreet warning."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.retention import WARNING
from bot.storage.models import Reminder
from tests.chat_driver import ChatDriver
from tests.test_reminders_conversation import set_weekly_reporting
from tests.test_telegram import SURVIVOR, onboard


async def test_a_silent_survivor_is_warned_once_then_erased(bot, fake_api, runtime, clock):
    await onboard(bot)
    clock.advance(timedelta(days=172))
    await bot.channel.sweep_retention(bot.application.bot)
    assert fake_api.calls_to("sendMessage", SURVIVOR)[-1].text != WARNING  # not yet

    clock.advance(timedelta(days=2))
    await bot.channel.sweep_retention(bot.application.bot)
    await bot.channel.sweep_retention(bot.application.bot)
    warnings = [c for c in fake_api.calls_to("sendMessage", SURVIVOR) if c.text == WARNING]
    assert len(warnings) == 1
    for word in ("trafficking", "slavery", "Home Office", "NRM"):
        assert word not in WARNING

    clock.advance(timedelta(days=7))
    await bot.channel.sweep_retention(bot.application.bot)
    assert runtime.conversation.state_of(f"telegram:{SURVIVOR}") is None


async def test_writing_after_the_warning_keeps_everything(bot, fake_api, runtime, clock):
    await onboard(bot)
    clock.advance(timedelta(days=175))
    await bot.channel.sweep_retention(bot.application.bot)
    await bot.say(SURVIVOR, "/menu")
    clock.advance(timedelta(days=8))
    await bot.channel.sweep_retention(bot.application.bot)
    assert runtime.conversation.state_of(f"telegram:{SURVIVOR}") is not None


async def test_a_survivor_with_an_open_case_is_active(bot, fake_api, runtime, clock):
    chat = ChatDriver(runtime, chat_key=f"telegram:{SURVIVOR}")
    chat.onboard()
    chat.ask_for_a_person()
    clock.advance(timedelta(days=400))
    await bot.channel.sweep_retention(bot.application.bot)
    assert WARNING not in [c.text for c in fake_api.calls_to("sendMessage", SURVIVOR)]
    assert runtime.conversation.state_of(f"telegram:{SURVIVOR}") is not None


async def test_a_survivor_with_reminders_to_come_is_active_until_they_pause_them(
    bot, fake_api, runtime, clock
):
    chat = ChatDriver(runtime, chat_key=f"telegram:{SURVIVOR}")
    chat.onboard()
    set_weekly_reporting(chat)
    chat.press("Yes, save it")
    clock.advance(timedelta(days=200))
    await bot.channel.sweep_retention(bot.application.bot)
    assert WARNING not in [c.text for c in fake_api.calls_to("sendMessage", SURVIVOR)]

    with runtime.database.transaction() as session:
        session.execute(update(Reminder).values(paused="survivor"))
    await bot.channel.sweep_retention(bot.application.bot)
    assert WARNING in [c.text for c in fake_api.calls_to("sendMessage", SURVIVOR)]
