"""Days and times as survivors type them: in figures the way people in the UK write them
(24/11, 10:30, 2pm), or a day in words in their own language ("26 November", "tomorrow",
"thứ ba", "marți", "ማክሰኞ").

Figures are read here; words are left to `dateparser`, which knows the month and weekday names
and words like "tomorrow" of all of Waypost's languages (each checked in
tests/test_typed_dates.py). Whatever is read is shown back to the survivor before anything is
saved, so a misreading is caught by them, never silently kept.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from dateparser.date import DateDataParser

from bot.engine.typed_text import clean

_FIGURES = re.compile(r"(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})(?:\s*[/.\-\s]\s*(\d{2}|\d{4}))?")
"""Day and month, and maybe the year, in figures: 24/11, 24.11.2026, 24-11-26."""
_PERSIAN_WEEKDAY = re.compile(r"(\S)[ \u200c]?(شنبه)")
"""Persian and Dari weekdays end in شنبه: typed with a space, a joiner or neither."""


def read_date(
    typed: str, today: date, past: bool = False, language: str | None = None
) -> date | None:
    """A day typed in figures or in words. Without a year, the next such day (or, for a day in
    the `past`, like the date on a letter, the last one)."""
    text = clean(typed)
    if not text:
        return None
    if re.search(r"\d", text) and not re.search(r"[^\W\d_]", text):
        return _in_figures(text, today, past)
    return _in_words(text, today, past, language)


def year_guessed(typed: str, day: date, today: date) -> bool:
    """Whether the year of `day`, read from `typed`, was Waypost's guess rather than the
    survivor's: "20/11" typed on 23 November is read as next year, and they are asked, never
    moved there silently."""
    text = clean(typed)
    figures = _FIGURES.fullmatch(text)
    year_typed = re.search(r"\d{4}", text) is not None or bool(figures and figures[3])
    return not year_typed and day.year != today.year


def read_time(typed: str) -> time | None:
    """10, 10:30, 10.30, 10h30, 1030, 10am, 2 pm, 14:00."""
    text = clean(typed).lower().replace(" ", "")
    found = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm)?", text)
    if not found:
        return None
    hour, minute = int(found[1]), int(found[2] or 0)
    if found[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found[3] == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def read_time_range(typed: str) -> tuple[time, time] | None:
    """Two times, whatever stands between them: "23:00-07:00", "11pm to 7am", "23 إلى 7"."""
    text = clean(typed).lower()
    found = re.findall(r"\d{1,2}(?:\s*[:.h]\s*\d{2})?\s*(?:am|pm)?", text)
    if len(found) != 2:
        return None
    start, end = (read_time(part) for part in found)
    return None if start is None or end is None else (start, end)


def _in_figures(text: str, today: date, past: bool) -> date | None:
    """24/11, 24.11.2026, 24-11-26 (day first, as in the UK) or 2026-11-24."""
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        return _date(year, month, day)
    found = _FIGURES.fullmatch(text)
    if not found:
        return None
    day, month = int(found[1]), int(found[2])
    if found[3]:
        year = int(found[3])
        return _date(year + 2000 if year < 100 else year, month, day)
    this_year = _date(today.year, month, day)
    if this_year is not None and not past and this_year < today:
        return _date(today.year + 1, month, day)
    if this_year is not None and past and this_year > today:
        return _date(today.year - 1, month, day)
    return this_year


def _in_words(text: str, today: date, past: bool, language: str | None) -> date | None:
    if read_time(text) is not None:
        return None  # "2pm" is a time: at a day's question it names no day
    parser = DateDataParser(
        languages=list(dict.fromkeys([language or "en", "en"])),
        settings={
            "PREFER_DATES_FROM": "past" if past else "future",
            "RELATIVE_BASE": datetime.combine(today, time(12)),
            "DATE_ORDER": "DMY",
        },
    )
    with_joiner = _PERSIAN_WEEKDAY.sub("\\1\u200c\\2", text)
    joined = _PERSIAN_WEEKDAY.sub(r"\1\2", text)
    for spelling in dict.fromkeys([text, with_joiner, joined]):
        found = parser.get_date_data(spelling)
        # A month or a week ("December", "next week") names no one day: ask again.
        if found.date_obj is not None and found.period == "day":
            return found.date_obj.date()
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
