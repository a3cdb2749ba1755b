"""Buttons for setting a reminder without typing: days, hours, minutes, what and where.

Each also reads the same answer typed (see `typed_dates`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from babel.dates import format_date, format_time

from bot.engine.pickers import Option, PickView
from bot.engine.typed_text import clean
from bot.reminders.schedule import local
from bot.reminders.typed_dates import read_date, read_time, year_guessed
from bot.texts import N_

DAYS_SHOWN = 14
LATEST_DAY = timedelta(days=366)
HOURS = range(7, 21)
MINUTES = (0, 15, 30, 45)
MAX_WHAT = 60
"""What and where are short labels, not stories (they show in every reminder)."""
TIME_KEY = "reminder_time"
SKIP = "-"
GUESSED = "?"
"""After a typed day whose year Waypost chose ("20/11" read as next year): the survivor is asked
"Did you mean …?" before it is used (the `check_typed_day` action, or `show_deadlines`)."""

TODAY = N_("Today")
TOMORROW = N_("Tomorrow")
YESTERDAY = N_("Yesterday")
TYPE_A_DAY = N_("Please choose a day, or type the date like 24/11.")
TYPE_A_TIME = N_("Please choose a time, or type it like 10:30.")
TYPE_SHORTER = N_("Please choose a button, or type a few words (not more than 60 letters).")
SKIP_LABEL = N_("Skip")

APPOINTMENTS = {
    "doctor": N_("Doctor or nurse"),
    "legal": N_("Solicitor or legal adviser"),
    "support": N_("Support worker"),
    "interview": N_("Interview"),
}


def _today(view: PickView) -> date:
    return local(view.now).date()


@dataclass(frozen=True)
class DayPicker:
    """Two weeks as buttons, from today on (or back from today, for a day in the `past`, like
    the date on a letter); any day up to a year away typed."""

    past: bool = False
    columns: int = 2
    typing_hint: str = TYPE_A_DAY

    def options(self, view: PickView) -> list[Option]:
        today = _today(view)
        options = []
        step = -1 if self.past else 1
        for offset in range(DAYS_SHOWN):
            day = today + timedelta(days=offset * step)
            label = format_date(day, "EEE d MMM", locale=view.locale)
            if offset < 2:
                near = (TODAY, YESTERDAY if self.past else TOMORROW)[offset]
                label = f"{view.translate(near)} ({label})"
            options.append(Option(label, day.isoformat()))
        return options

    def accepts(self, value: str, view: PickView) -> bool:
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return False
        today = _today(view)
        if self.past:
            return today - LATEST_DAY <= day <= today
        return today <= day <= today + LATEST_DAY

    def read(self, typed: str, view: PickView) -> str | None:
        today = _today(view)
        day = read_date(typed, today, self.past, view.state.language)
        if day is None or not self.accepts(day.isoformat(), view):
            return None
        return day.isoformat() + (GUESSED if year_guessed(typed, day, today) else "")


@dataclass(frozen=True)
class TimePicker:
    """Hours first (`hours`), then the minutes within the chosen hour; or a time typed."""

    hours: bool
    columns: int = 4
    typing_hint: str = TYPE_A_TIME
    shown: range = HOURS
    """The hours offered as buttons (any other can be typed)."""

    def options(self, view: PickView) -> list[Option]:
        if self.hours:
            times = [time(hour) for hour in self.shown]
        else:
            chosen = read_time(view.state.answers.get(TIME_KEY, "")) or time(9)
            times = [time(chosen.hour, minute) for minute in MINUTES]
        return [Option(format_time(t, "HH:mm", locale=view.locale), f"{t:%H:%M}") for t in times]

    def accepts(self, value: str, view: PickView) -> bool:
        return read_time(value) is not None

    def read(self, typed: str, view: PickView) -> str | None:
        found = read_time(typed)
        return None if found is None else f"{found:%H:%M}"


@dataclass(frozen=True)
class WordsPicker:
    """A few common answers as buttons (or Skip); anything short typed instead."""

    choices: dict[str, str]
    skip: bool = False
    columns: int = 1
    typing_hint: str = TYPE_SHORTER

    def options(self, view: PickView) -> list[Option]:
        options = [Option(view.translate(label), value) for value, label in self.choices.items()]
        if self.skip:
            options.append(Option(view.translate(SKIP_LABEL), SKIP))
        return options

    def accepts(self, value: str, view: PickView) -> bool:
        return value in self.choices or (self.skip and value == SKIP)

    def read(self, typed: str, view: PickView) -> str | None:
        text = clean(typed)
        return text if 0 < len(text) <= MAX_WHAT else None
