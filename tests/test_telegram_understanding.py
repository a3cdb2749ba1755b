"""End to end over the fake Bot API: what survivors type, understood where it matters most."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.app import build_runtime
from bot.config import PROJECT_ROOT
from bot.storage.models import Case
from tests.telegram_harness import RunningBot, running_bot

SURVIVOR = 5151
WORRIED = "I am worried about you. Your safety comes first."


@pytest.fixture
async def every_language_bot(settings, clock, fake_api) -> AsyncIterator[RunningBot]:
    """The bot with the catalogues it ships in all ten languages."""
    runtime = build_runtime(replace(settings, locales_dir=PROJECT_ROOT / "locales"), clock)
    try:
        async with running_bot(runtime, fake_api) as running:
            yield running
    finally:
        runtime.close()


async def test_a_threat_in_levantine_arabic_before_any_language_gets_guidance_in_arabic(
    every_language_bot,
):
    bot = every_language_bot
    replies = await bot.say(SURVIVOR, "رح يقتلوني")
    arabic = bot.channel.services.content().translations.translator("ar")
    assert replies[0].text.strip("\u200f") == arabic(WORRIED, "onboarding/danger")
    assert any("999" in reply.text for reply in replies)


async def test_waiting_for_an_answer_in_arabic_is_no_danger(every_language_bot):
    replies = await every_language_bot.say(SURVIVOR, "انتظر ردكم")
    assert not any("999" in reply.text for reply in replies)


async def test_danger_typed_as_an_appointment_name_is_not_saved(bot, runtime):
    await bot.say(SURVIVOR, "/start")
    await bot.press(SURVIVOR, "start/en")
    await bot.press(SURVIVOR, "consent/agree")
    await bot.press(SURVIVOR, "nation/england_wales")
    await bot.say(SURVIVOR, "/reminders")
    await bot.press(SURVIVOR, "reminders/appointment")
    replies = await bot.say(SURVIVOR, "he is outside my door and he will hurt me")
    assert replies[0].text == WORRIED
    with runtime.database.transaction() as session:
        assert [case.urgency for case in session.scalars(select(Case))] == ["urgent"]
    listing = await bot.say(SURVIVOR, "/reminders")
    assert not any("outside my door" in reply.text for reply in listing)


async def test_a_question_typed_at_the_menu_in_arabic_reaches_its_topic(every_language_bot):
    bot = every_language_bot
    await bot.say(SURVIVOR, "/start")
    await bot.press(SURVIVOR, "start/ar")
    await bot.press(SURVIVOR, "consent/agree")
    await bot.press(SURVIVOR, "nation/england_wales")
    arabic = bot.channel.services.content().translations.translator("ar")
    question = arabic("what does nrm mean", "nrm_basics/nrm_intro")
    assert question != "what does nrm mean"  # asked in Arabic
    replies = await bot.say(SURVIVOR, question)
    first_line = arabic("The NRM is the National Referral Mechanism.", "nrm_basics/nrm_intro")
    assert replies[0].text.strip("\u200f") == first_line
