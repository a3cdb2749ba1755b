"""Working days in each UK nation: when offices are shut (weekends and the nation's bank
holidays), for the reminders that say who is open now and the deadlines counted in working days.
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import holidays

from bot.nations import Nation

BANK_HOLIDAY_REGIONS: dict[Nation, str] = {
    "england_wales": "ENG",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


def add_working_days(start: date, days: int, nation: str | None) -> date:
    """`days` working days after `start`, skipping weekends and the nation's bank holidays.

    Without a nation, only days that are bank holidays everywhere in the UK are skipped, so the
    date given is never later than the real one.
    """
    day = start
    left = days
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and not _bank_holiday(day, nation):
            left -= 1
    return day


class Closed(StrEnum):
    WEEKEND = "weekend"
    BANK_HOLIDAY = "bank_holiday"


def closed(day: date, nation: str | None) -> Closed | None:
    """Why offices are shut on `day` for a survivor in `nation`, if they are.

    Without a nation, a bank holiday in any part of the UK counts: a warning to act early is
    safe where it is not needed, and missing one is not.
    """
    if day.weekday() >= 5:
        return Closed.WEEKEND
    regions = [BANK_HOLIDAY_REGIONS[nation]] if nation in BANK_HOLIDAY_REGIONS else None
    if any(day in _holidays(r, day.year) for r in regions or BANK_HOLIDAY_REGIONS.values()):
        return Closed.BANK_HOLIDAY
    return None


def last_open_day_before(day: date, nation: str | None) -> date:
    """The working day before `day` (by the same reckoning as `closed`)."""
    earlier = day - timedelta(days=1)
    while closed(earlier, nation) is not None:
        earlier -= timedelta(days=1)
    return earlier


def _bank_holiday(day: date, nation: str | None) -> bool:
    region = BANK_HOLIDAY_REGIONS.get(nation or "")
    if region is not None:
        return day in _holidays(region, day.year)
    return all(day in _holidays(r, day.year) for r in BANK_HOLIDAY_REGIONS.values())


@cache
def _holidays(region: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=region, years=year)
