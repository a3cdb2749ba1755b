"""When the team is at work, so survivors are told honestly when a person will see a request."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from babel.dates import format_time, get_day_names

from bot.clock import LONDON
from bot.i18n.translator import formatting_locale

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_PATTERN = re.compile(
    r"^\s*(?P<first>[a-z]{3})\s*(?:-\s*(?P<last>[a-z]{3}))?\s+"
    r"(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})\s*$"
)


class OfficeHoursError(ValueError):
    pass


@dataclass(frozen=True)
class OfficeHours:
    first_day: int
    last_day: int
    start: time
    end: time

    @classmethod
    def parse(cls, text: str) -> OfficeHours:
        """Read hours such as ``Mon-Fri 09:00-17:00`` (UK time)."""
        match = _PATTERN.match(text.lower())
        if not match or match["first"] not in DAYS or (match["last"] or "mon") not in DAYS:
            raise OfficeHoursError(
                f"office hours {text!r} are not like 'Mon-Fri 09:00-17:00' (days, then UK times)"
            )
        first = DAYS.index(match["first"])
        last = DAYS.index(match["last"]) if match["last"] else first
        try:
            start, end = (
                time.fromisoformat(match["start"].zfill(5)),
                time.fromisoformat(match["end"].zfill(5)),
            )
        except ValueError:
            raise OfficeHoursError(
                f"office hours {text!r} have a time that does not exist"
            ) from None
        if end <= start or last < first:
            raise OfficeHoursError(f"office hours {text!r} end before they start")
        return cls(first, last, start, end)

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(LONDON)
        return self.first_day <= local.weekday() <= self.last_day and (
            self.start <= local.time() < self.end
        )

    def describe(self, language: str) -> str:
        """The hours in the survivor's language, e.g. ``Monday–Friday, 09:00–17:00``."""
        language = formatting_locale(language)
        names = get_day_names("wide", locale=language)
        days = names[self.first_day]
        if self.last_day != self.first_day:
            days = f"{days}–{names[self.last_day]}"
        start = format_time(self.start, "HH:mm", locale=language)
        end = format_time(self.end, "HH:mm", locale=language)
        return f"{days}, {start}–{end}"


DEFAULT_OFFICE_HOURS = OfficeHours.parse("Mon-Fri 09:00-17:00")
