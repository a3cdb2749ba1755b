"""Waypost in each of the nine languages it ships: complete, and every screen in that language."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot import texts
from bot.app import build_runtime
from bot.config import PROJECT_ROOT
from bot.engine.events import Press, Start
from bot.engine.replies import Message
from bot.flowmodel.flowset import callback_data
from bot.flows.translations import workflow
from bot.i18n.catalogues import catalogue_path

LOCALES = PROJECT_ROOT / "locales"
LANGUAGES = ("sq", "vi", "ti", "ar", "fa", "ps", "ckb", "ro", "am")


@pytest.fixture(scope="module")
def template():
    return workflow.extract(PROJECT_ROOT / "flows", PROJECT_ROOT / "bot")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(template, language):
    assert catalogue_path(LOCALES, language).is_file()
    status = workflow.status(template, LOCALES, language)
    assert (status.percent, status.missing, status.fuzzy) == (100, 0, 0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_shows_in_the_language_with_nothing_left_in_english(settings, clock, language):
    """Each screen is opened by one of its own buttons, from a chat past consent."""
    runtime = build_runtime(replace(settings, locales_dir=LOCALES), clock)
    try:
        handle = runtime.conversation.handle
        notice = runtime.engine.content.translations.translator(language)(texts.NOT_TRANSLATED)
        for node in runtime.engine.content.flows.nodes.values():
            chat = f"{language}:{node.id}"
            for event in (
                Start(language, chosen=True),
                Press(callback_data("consent", "agree")),
                Press(callback_data("nation", "england_wales")),
            ):
                handle(chat, event)
            ref = node.buttons[0].ref if node.buttons else "-"
            replies = handle(chat, Press(callback_data(node.id, ref))).replies
            shown = [reply.text for reply in replies if isinstance(reply, Message)]
            assert shown, node.id
            assert notice not in shown, (node.id, shown)
    finally:
        runtime.close()
