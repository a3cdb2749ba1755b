"""A translation is shown only if it is real: not the English again, in its own script, with
every number unchanged. Unchecked ones are shown, counted, and the survivor is told."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner

from bot.app import build_runtime
from bot.cli import main
from bot.i18n.catalogues import load_catalogue
from bot.i18n.quality import copies_english, in_own_script, numbers_changed, usable
from tests.chat_driver import ChatDriver
from tests.conftest import FIXTURES

HELPLINE = "Modern Slavery and Exploitation Helpline: 08000 121 700. Free, day and night."


def test_the_english_pasted_back_is_not_a_translation():
    assert copies_english(HELPLINE, HELPLINE)
    assert not copies_english("{what}: {when}", "{what}: {when}")  # nothing to translate


@pytest.mark.parametrize(
    ("language", "text", "own"),
    [
        ("ar", "اتصل بخط المساعدة: 08000 121 700", True),
        ("fa", "با Samaritans تماس بگیرید: 116 123", True),  # a name may stay in Latin letters
        ("ar", "Call the helpline: 08000 121 700", False),
        ("ti", "ናብ መስመር ሓገዝ ደውሉ: 08000 121 700", True),
        ("am", "Telefononi linjën e ndihmës", False),
        ("sq", "Telefononi linjën e ndihmës: 08000 121 700", True),
        ("vi", "Gọi đường dây trợ giúp: 08000 121 700", True),
    ],
)
def test_a_translation_must_be_in_its_languages_own_script(language, text, own):
    assert in_own_script(text, language) is own


def test_every_number_phone_number_and_web_address_must_be_kept():
    source = "Call 08000 121 700, or see ico.org.uk. At least 30 days."
    assert (
        numbers_changed(source, "Telefononi 08000 121 700 ose ico.org.uk. Të paktën 30 ditë.") == []
    )
    assert numbers_changed(source, "Telefononi 08000 121 770 ose ico.org.uk. 30 ditë.") == [
        "08000 121 700"
    ]
    assert numbers_changed(source, "Telefononi 08000 121 700. 30 ditë.") == ["ico.org.uk"]
    assert not usable(source, "Telefononi 0800 121 700 ose ico.org.uk. 30 ditë.", "sq")


@pytest.fixture
def locales(tmp_path):
    target = tmp_path / "locales"
    shutil.copytree(FIXTURES / "locales", target)
    return target


def add_to_catalogue(locales, entries: str) -> None:
    path = locales / "sq" / "LC_MESSAGES" / "messages.po"
    path.write_text(path.read_text() + entries)


BAD_ENTRIES = """
msgctxt "onboarding/help"
msgid "If you are in danger now, call 999."
msgstr "Nëse jeni në rrezik tani, telefononi 998."

msgctxt "onboarding/help"
msgid "Samaritans: 116 123. Free, day and night, if you need someone to talk to."
msgstr "Samaritans: 116 123. Free, day and night, if you need someone to talk to."

#, unreviewed
msgctxt "onboarding/nation"
msgid "Scotland"
msgstr "Skocia"
"""


def test_bad_translations_fall_back_to_english_and_flows_check_names_them(locales, monkeypatch):
    add_to_catalogue(locales, BAD_ENTRIES)
    catalogue = load_catalogue(locales / "sq" / "LC_MESSAGES" / "messages.po", "sq")
    keys = {key for key in catalogue.messages}
    assert ("onboarding/help", "If you are in danger now, call 999.") not in keys
    assert (
        "onboarding/help",
        "Samaritans: 116 123. Free, day and night, if you need someone to talk to.",
    ) not in keys
    assert catalogue.messages[("onboarding/nation", "Scotland")] == "Skocia"
    assert catalogue.automatic

    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(locales))
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code != 0
    assert "999 must appear exactly as in the English" in result.output
    assert "same as the English, so shown as missing" in result.output

    status = CliRunner().invoke(main, ["i18n", "status"])
    [row] = [line for line in status.output.splitlines() if line.startswith("sq")]
    assert row.split()[3] == "1"  # unreviewed


def test_the_survivor_is_told_once_that_a_translation_is_automatic(locales, settings, clock):
    add_to_catalogue(locales, BAD_ENTRIES)
    runtime = build_runtime(replace(settings, locales_dir=locales), clock)
    try:
        chat = ChatDriver(runtime)
        chat.start()
        chat.press("Shqip")
        notice = "A computer helped translate Waypost into your language. Some words may be wrong."
        assert chat.texts.count(notice) == 1  # in English: the fixture has no translation of it
        chat.press("Po, në rregull")
        assert notice not in chat.texts
        chat.command("language")
        chat.press("Shqip")
        assert notice not in chat.texts  # the same language again: not told again
    finally:
        runtime.close()


@pytest.mark.parametrize(
    ("language", "text", "own"),
    [
        ("am", "የመጨረሻው ውሳኔ (conclusive grounds)", True),  # the term glossed in brackets
        ("ps", "لومړنۍ پرېکړه (reasonable grounds)", True),
        ("ti", "ኣብ ቴሌግራም 'Settings' (ምድላዋት) ክፈቱ።", True),  # the name in English, glossed
        ("am", "The final decision (ውሳኔ)", False),  # English with a word glossed is still English
        ("ps", "(reasonable grounds)", False),
    ],
)
def test_a_term_in_brackets_after_its_rendering_does_not_make_it_english(language, text, own):
    assert in_own_script(text, language) is own
