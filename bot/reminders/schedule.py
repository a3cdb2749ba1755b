"""When a reminder's messages fall: wall-clock rules in Europe/London, instants in UTC.

Survivors think in local wall time ("Tuesdays at 10:00"), so every rule is kept that way and
turned into a UTC instant only for one occurrence at a time. That is what keeps reminders right
across the clock changes: a weekly 10:00 stays 10:00 in March and October, while the UTC
instant moves by an hour.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from bot.clock import LONDON

QUIET_MARGIN = timedelta(minutes=10)
"""A message moved out of quiet hours goes this long before they start, not on the dot."""


class Repeat(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"


STEP_DAYS = {Repeat.WEEKLY: 7, Repeat.FORTNIGHTLY: 14, Repeat.FOUR_WEEKLY: 28}


class Notice(StrEnum):
    """When, before the event, a survivor is reminded."""

    WEEK_BEFORE = "week_before"
    DAY_BEFORE = "day_before"
    TWO_HOURS = "two_hours"
    ONE_HOUR = "one_hour"


DEFAULT_NOTICES = (Notice.DAY_BEFORE, Notice.TWO_HOURS)
DAYS_BEFORE = {Notice.WEEK_BEFORE: 7, Notice.DAY_BEFORE: 1}


@dataclass(frozen=True)
class Rule:
    """A reminder's timing: the first day, the time of day, and how it repeats."""

    first_day: date
    at: time
    repeat: Repeat = Repeat.ONCE

    def day(self, index: int) -> date:
        """The local date of occurrence number `index` (0 is the first)."""
        if self.repeat is Repeat.ONCE:
            return self.first_day
        if self.repeat is Repeat.MONTHLY:
            return _add_months(self.first_day, index)
        return self.first_day + timedelta(days=STEP_DAYS[self.repeat] * index)

    def occurrence(self, index: int) -> datetime:
        """Occurrence number `index` as a UTC instant."""
        return local_to_utc(self.day(index), self.at)

    def next_index(self, after: datetime) -> int | None:
        """The first occurrence strictly after `after`, or None if there is none."""
        if self.repeat is Repeat.ONCE:
            return 0 if self.occurrence(0) > after else None
        local_day = after.astimezone(LONDON).date()
        elapsed = (local_day - self.first_day).days
        if self.repeat is Repeat.MONTHLY:
            index = max(
                0,
                (local_day.year - self.first_day.year) * 12
                + local_day.month
                - self.first_day.month
                - 1,
            )
        else:
            index = max(0, elapsed // STEP_DAYS[self.repeat] - 1)
        while self.occurrence(index) <= after:
            index += 1
        return index


def local_to_utc(day: date, at: time) -> datetime:
    """A London wall-clock time as UTC. In the spring gap it lands an hour later (as a clock
    that was not put forward would show); in the autumn overlap, on the first of the two."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def local(instant: datetime) -> datetime:
    return instant.astimezone(LONDON)


def notice_time(occurrence: datetime, notice: Notice) -> datetime:
    """ "The day before" means the same wall-clock time on the day before, not 24 hours."""
    if notice in DAYS_BEFORE:
        wall = local(occurrence)
        day = wall.date() - timedelta(days=DAYS_BEFORE[notice])
        return local_to_utc(day, wall.timetz().replace(tzinfo=None))
    hours = 2 if notice is Notice.TWO_HOURS else 1
    return occurrence - timedelta(hours=hours)


@dataclass(frozen=True)
class QuietHours:
    """Local times when the bot never writes first; `start` after `end` spans midnight."""

    start: time
    end: time

    def contains(self, instant: datetime) -> bool:
        wall = local(instant).time().replace(tzinfo=None)
        if self.start <= self.end:
            return self.start <= wall < self.end
        return wall >= self.start or wall < self.end

    def move_out(self, instant: datetime, before: datetime) -> datetime:
        """A time outside quiet hours for a message due at `instant` about an event at `before`:
        when quiet hours end if that is still before the event, otherwise just before they
        began."""
        if not self.contains(instant):
            return instant
        wall = local(instant)
        end_day = wall.date()
        if wall.time().replace(tzinfo=None) >= self.end and self.start > self.end:
            end_day += timedelta(days=1)
        ends = local_to_utc(end_day, self.end)
        if ends < before:
            return ends
        start_day = wall.date()
        if wall.time().replace(tzinfo=None) < self.start:
            start_day -= timedelta(days=1)
        return local_to_utc(start_day, self.start) - QUIET_MARGIN

    def label(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """From ``22:00-08:00``, as stored."""
        start, _, end = text.partition("-")
        return cls(time.fromisoformat(start), time.fromisoformat(end))


def _add_months(day: date, months: int) -> date:
    """The same day of the month, or the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
