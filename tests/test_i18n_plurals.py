"""Counted messages take each language's plural form (CLDR), in code and in flows."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from bot.app import build_runtime
from bot.cli import main
from bot.config import PROJECT_ROOT
from bot.engine.events import Press, Start
from bot.flowmodel.flowset import callback_data
from bot.flowmodel.schema import Say
from bot.flows.translations.checks import check_catalogue
from bot.i18n import plurals
from bot.i18n.catalogues import PO_WIDTH, load_catalogues
from bot.i18n.quality import numbers_changed, usable_plural
from bot.i18n.translator import Translations, counted
from bot.reminders.actions import CHECKIN

LOCALES = PROJECT_ROOT / "locales"


@pytest.fixture(scope="module")
def translations() -> Translations:
    return Translations(load_catalogues(LOCALES))


def checkin(translations: Translations, language: str, hours: int) -> str:
    """The safety check-in line for a number of hours, as the engine renders it."""
    line = counted(translations.translator(language), CHECKIN, hours)
    return line.format(hours=hours)


@pytest.mark.parametrize(
    ("language", "one_hour", "three_hours"),
    [
        ("en", "within 1 hour,", "within 3 hours,"),
        ("ar", "خلال ساعة واحدة", "خلال 3 ساعات"),  # 3-10 take the plural; 1 a word of its own
        ("sq", "brenda një ore", "brenda 3 orëve"),  # the ablative, not "brenda 3 orë"
        ("ps", "په یوه ساعت کې", "په 3 ساعتونو کې"),  # the singular for 1, not a plural
    ],
)
def test_one_hour_and_three_hours_take_their_own_forms(
    translations, language, one_hour, three_hours
):
    one, three = checkin(translations, language, 1), checkin(translations, language, 3)
    assert one_hour in one and three_hours not in one
    assert three_hours in three and one_hour not in three


def test_arabic_has_six_forms_chosen_by_its_cldr_rule(translations):
    """0, 1, 2, 3-10, 11-99 and 100+ each take their own form of "hours"."""
    assert plurals.tags("ar") == ("zero", "one", "two", "few", "many", "other")
    said = {n: checkin(translations, "ar", n) for n in (1, 2, 3, 10, 11, 99, 100, 102)}
    assert "ساعتين" in said[2]
    assert "3 ساعات" in said[3] and "10 ساعات" in said[10]
    assert "11 ساعةً" in said[11] and "99 ساعةً" in said[99]
    assert "100 ساعة" in said[100] and "102 ساعة" in said[102]


def test_the_form_follows_each_languages_rule_not_englishs():
    assert [plurals.form_index("ro", n) for n in (1, 2, 19, 20, 101)] == [0, 1, 1, 2, 1]
    assert [plurals.form_index("fa", n) for n in (0, 1, 2)] == [0, 0, 1]  # 0 is singular
    assert plurals.form_index("en", Decimal("1.5")) == 1
    assert plurals.plural_forms_header("sq").startswith("nplurals=2;")


def test_every_catalogue_has_every_plural_form_of_its_language():
    template = _read(LOCALES / "messages.pot")
    counted_ids = [m.id for m in template if m.pluralizable]
    assert len(counted_ids) >= 8
    for code in ("am", "ar", "ckb", "fa", "ps", "ro", "sq", "ti", "vi"):
        catalog = _read(LOCALES / code / "LC_MESSAGES" / "messages.po", code)
        assert catalog.num_plurals == plurals.count_of_forms(code)
        for singular, plural in counted_ids:
            found = catalog.get(singular, _context(template, singular))
            assert found is not None and "unreviewed" in found.flags, (code, singular)
            assert usable_plural(singular, plural, list(found.string), code), (code, singular)


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _context(template, singular: str) -> str | None:
    return next(m.context for m in template if m.pluralizable and m.id[0] == singular)


def test_a_form_left_out_fails_the_check_with_the_file_line_and_form(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    path = locales / "ar" / "LC_MESSAGES" / "messages.po"
    catalog = _read(path, "ar")
    entry = catalog.get("{days} day left.")
    forms = list(entry.string)
    forms[3] = ""  # 3-10 days
    entry.string = tuple(forms)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=PO_WIDTH)
    [problem] = [p for p in check_catalogue(path, "ar") if "{days} day left." in p.message]
    assert problem.severity == "error" and problem.path == path and problem.line > 1
    assert "msgstr[3], few (3, 4, 5, ...) is missing" in problem.message
    # ... and survivors get the English for every number rather than a form that is not there
    translator = Translations(load_catalogues(locales)).translator("ar")
    assert counted(translator, _days_left(), 5) == "{days} days left."
    assert translator.fell_back


def _days_left():
    from bot.deadlines.actions import DAYS_LEFT

    return DAYS_LEFT


def test_flows_check_fails_on_a_missing_plural_form(tmp_path, monkeypatch):
    locales = tmp_path / "locales"
    shutil.copytree(LOCALES, locales, ignore=shutil.ignore_patterns("*.mo"))
    path = locales / "sq" / "LC_MESSAGES" / "messages.po"
    text = path.read_text()
    marker = 'msgstr[1] "Kanë mbetur {days} ditë."'
    assert marker in text
    path.write_text(text.replace(marker, 'msgstr[1] ""'))
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(locales))
    result = CliRunner().invoke(main, ["flows", "check"])
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "plural form msgstr[1], other" in result.output


def test_a_one_number_form_may_write_the_number_as_a_word():
    """Arabic's dual "يومين" (two days) stands for {count}; a form for many numbers may not."""
    singular, plural = "{count} day left.", "{count} days left."
    forms = [
        "لم يبقَ أي يوم.",
        "بقي يوم واحد.",
        "بقي يومان.",
        "بقيت {count} أيام.",
        "بقي {count} يومًا.",
        "بقي {count} يوم.",
    ]
    assert usable_plural(singular, plural, forms, "ar")
    assert not usable_plural(singular, plural, [*forms[:3], "بقيت أيام.", *forms[4:]], "ar")
    assert not usable_plural(singular, plural, forms[:5], "ar")  # a form short


@pytest.mark.parametrize(
    ("language", "english", "translation", "missing"),
    [
        ("ar", "from the last 2 days", "من آخر يومين", []),
        ("ar", "from the last 2 days", "من آخر ثلاثة أيام", ["2"]),
        ("sq", "within 3 hours", "brenda tre orëve", []),
        ("ro", "call 116 123", "sună la unu", ["116 123"]),  # phone numbers never as words
        ("ro", "1 day", "o zi", ["1"]),  # "o" is also "a": it cannot stand for a number
        ("vi", "45 days", "bốn mươi lăm ngày", ["45"]),  # only 1 to 10
    ],
)
def test_the_number_check_accepts_small_numbers_written_as_words(
    language, english, translation, missing
):
    assert numbers_changed(english, translation, language) == missing


def test_a_flow_message_with_count_is_extracted_with_its_plural_and_rendered(
    settings, clock, translations
):
    template = _read(LOCALES / "messages.pot")
    entry = template.get(
        "Waypost then deletes the messages in this chat from the last day. Only one short "
        "message is left.",
        "phone_safety/phone_quick_exit",
    )
    assert entry is not None and entry.pluralizable and "{count}" in entry.id[1]
    runtime = build_runtime(replace(settings, locales_dir=LOCALES), clock)
    said = {}
    try:
        handle = runtime.conversation.handle
        for language in ("en", "ar", "ro"):
            chat = f"plural:{language}"
            handle(chat, Start(language, chosen=True))
            handle(chat, Press(callback_data("consent", "agree")))
            handle(chat, Press(callback_data("nation", "england_wales")))
            replies = handle(chat, Press(callback_data("phone_safety", "phone_quick_exit")))
            said[language] = " ".join(getattr(r, "text", "") for r in replies.replies)
    finally:
        runtime.close()
    assert "from the last 2 days." in said["en"]
    assert "من آخر يومين" in said["ar"]  # the dual, not "آخر 2 يوم"
    assert "din ultimele 2 zile" in said["ro"]


def test_a_say_with_count_needs_its_plural_and_shows_the_number():
    with pytest.raises(ValueError, match="needs both `count`"):
        Say(text="one day", count=2)
    with pytest.raises(ValueError, match="write \\{count\\} in it"):
        Say(text="one day", plural="some days", count=2)
    assert Say(text="one day", plural="{count} days", count=2).plural == "{count} days"


def test_hours_in_the_checkin_are_a_number_not_text():
    from bot.reminders.actions import _hours

    assert _hours(timedelta(minutes=180)) == 3 and str(_hours(timedelta(minutes=90))) == "1.5"
