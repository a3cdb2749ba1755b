"""Days typed in figures or in words, in each of Waypost's languages."""

from __future__ import annotations

from datetime import date, time

import pytest

from bot.reminders.typed_dates import read_date, read_time

SUNDAY = date(2026, 12, 6)
TUESDAY, TOMORROW = date(2026, 12, 8), date(2026, 12, 7)
NEXT_26_NOVEMBER = date(2027, 11, 26)


@pytest.mark.parametrize(
    ("language", "typed", "day"),
    [
        ("en", "tuesday", TUESDAY),
        ("en", "Next Tuesday", TUESDAY),
        ("en", "tomorrow", TOMORROW),
        ("en", "26 November", NEXT_26_NOVEMBER),
        ("en", "14 dec", date(2026, 12, 14)),
        ("en", "on the 12th", date(2026, 12, 12)),
        ("ro", "marți", TUESDAY),
        ("ro", "marti", TUESDAY),
        ("ro", "mâine", TOMORROW),
        ("ro", "26 noiembrie", NEXT_26_NOVEMBER),
        ("vi", "thứ ba", TUESDAY),
        ("vi", "thu ba", TUESDAY),
        ("vi", "ngày mai", TOMORROW),
        ("vi", "26 tháng 11", NEXT_26_NOVEMBER),
        ("sq", "e martë", TUESDAY),
        ("sq", "neser", TOMORROW),
        ("sq", "26 nëntor", NEXT_26_NOVEMBER),
        ("ar", "الثلاثاء", TUESDAY),
        ("ar", "غدا", TOMORROW),
        ("ar", "26 نوفمبر", NEXT_26_NOVEMBER),
        ("fa", "سه شنبه", TUESDAY),  # typed with a space for the joiner
        ("fa", "سه‌شنبه", TUESDAY),
        ("fa", "پنج شنبه", date(2026, 12, 10)),
        ("fa", "فردا", TOMORROW),
        ("fa", "۲۶ نوامبر", NEXT_26_NOVEMBER),
        ("ps", "سبا", TOMORROW),
        ("ps", "سه شنبه", TUESDAY),
        ("ckb", "سێشەممە", TUESDAY),
        ("am", "ማክሰኞ", TUESDAY),
        ("am", "ነገ", TOMORROW),
        ("ti", "ሰሉስ", TUESDAY),
        ("ti", "ጽባሕ", TOMORROW),
    ],
)
def test_a_day_in_words_in_the_survivors_language(language, typed, day):
    assert read_date(typed, SUNDAY, language=language) == day


def test_english_words_are_understood_whatever_the_language():
    assert read_date("tomorrow", SUNDAY, language="ti") == TOMORROW


def test_a_day_in_the_past_is_the_last_such_day():
    assert read_date("tuesday", SUNDAY, past=True) == date(2026, 12, 1)
    assert read_date("26 November", SUNDAY, past=True) == date(2026, 11, 26)


@pytest.mark.parametrize(
    "typed", ["december", "next week", "in two weeks", "2pm", "hello", "next tuesday-ish", ""]
)
def test_what_names_no_one_day_is_not_read_as_one(typed):
    assert read_date(typed, SUNDAY) is None


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("24/11", date(2027, 11, 24)),
        ("7.12", date(2026, 12, 7)),
        ("24-11-26", date(2026, 11, 24)),
        ("2026-12-24", date(2026, 12, 24)),
        ("31/02", None),
    ],
)
def test_a_day_in_figures_is_day_first_as_in_the_uk(typed, day):
    assert read_date(typed, SUNDAY) == day


@pytest.mark.parametrize(
    ("typed", "at"),
    [("10", time(10)), ("2 pm", time(14)), ("14:30", time(14, 30)), ("10h30", time(10, 30))],
)
def test_times_in_figures(typed, at):
    assert read_time(typed) == at


@pytest.mark.parametrize("typed", ["25:99", "13pm", "soon"])
def test_what_is_no_time_is_not_read_as_one(typed):
    assert read_time(typed) is None
