"""The rules that keep dates from misleading: years, closed days, guessed years, typed hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.config import PROJECT_ROOT
from bot.deadlines.rules import RULES_FILE, Counting, load_deadlines
from bot.office_hours import DEFAULT_OFFICE_HOURS
from bot.reminders.open_now import offices_closed
from bot.reminders.typed_dates import read_date, read_time_range, year_guessed
from bot.reminders.wording import day_words
from bot.working_days import Closed, closed, last_open_day_before

TODAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("day", "shown"),
    [
        (TODAY, "Monday 23 November"),
        (date(2027, 5, 24), "Monday 24 May"),  # 182 days ahead: within six months
        (date(2027, 5, 25), "Tuesday 25 May 2027"),  # 183 days ahead
        (date(2026, 11, 22), "Sunday 22 November 2026"),  # passed: the year says which
        (date(2025, 11, 23), "Sunday 23 November 2025"),
    ],
)
def test_a_day_carries_its_year_unless_within_the_next_six_months(day, shown):
    assert day_words(day, "en_GB", TODAY) == shown


@pytest.mark.parametrize(
    ("day", "nation", "why"),
    [
        (date(2026, 12, 19), "england_wales", Closed.WEEKEND),
        (date(2026, 12, 25), "england_wales", Closed.BANK_HOLIDAY),
        (date(2026, 11, 30), "scotland", Closed.BANK_HOLIDAY),  # St Andrew's Day
        (date(2026, 11, 30), "england_wales", None),
        (date(2027, 3, 17), "northern_ireland", Closed.BANK_HOLIDAY),  # St Patrick's Day
        (date(2027, 3, 17), "england_wales", None),
        (date(2027, 3, 17), None, Closed.BANK_HOLIDAY),  # nation unknown: warn in case
        (date(2026, 12, 23), None, None),
    ],
)
def test_offices_are_closed_on_weekends_and_the_nations_bank_holidays(day, nation, why):
    assert closed(day, nation) == why


@pytest.mark.parametrize(
    ("day", "nation", "before"),
    [
        (date(2026, 12, 25), "england_wales", date(2026, 12, 24)),  # Christmas: Thursday
        (date(2026, 12, 28), "england_wales", date(2026, 12, 24)),  # Boxing Day moved
        (date(2026, 12, 19), "england_wales", date(2026, 12, 18)),  # Saturday: Friday
        (date(2027, 1, 4), "scotland", date(2026, 12, 31)),  # 1 and 2 January, moved
    ],
)
def test_the_day_to_act_by_is_the_working_day_before(day, nation, before):
    assert last_open_day_before(day, nation) == before


def test_support_ends_at_the_earliest_reading_never_later_than_fourteen_days():
    rules = {r.id: r for r in load_deadlines(PROJECT_ROOT / "flows" / RULES_FILE).rules}
    support = rules["support_ends"]
    assert support.about and support.counting is Counting.WORKING_DAYS and support.days == 9
    assert support.due(date(2026, 11, 27), "england_wales") == date(2026, 12, 10)
    assert support.due(date(2026, 11, 27), "scotland") == date(2026, 12, 11)  # St Andrew's
    # Around Christmas, 14 calendar days come before 9 working days: the earlier is shown.
    assert support.due(date(2026, 12, 18), "scotland") == date(2027, 1, 1)
    for offset in range(366):
        decided = date(2026, 1, 1) + timedelta(days=offset)
        for nation in ("england_wales", "scotland", "northern_ireland", None):
            assert support.due(decided, nation) <= decided + timedelta(days=14)


@pytest.mark.parametrize(
    ("typed", "past", "guessed"),
    [
        ("20/11", False, True),  # 20 November has passed: read as next year, so asked
        ("20/11/27", False, False),  # the year was typed
        ("20/11/2027", False, False),
        ("24/11", False, False),  # tomorrow
        ("tuesday", False, False),
        ("24/12", True, True),  # a letter dated 24 December: last year, so asked
        ("21/11", True, False),
    ],
)
def test_a_year_waypost_chose_is_known(typed, past, guessed):
    day = read_date(typed, TODAY, past=past)
    assert day is not None
    assert year_guessed(typed, day, TODAY) is guessed


@pytest.mark.parametrize(
    ("typed", "hours"),
    [
        ("23:00-07:00", (time(23), time(7))),
        ("11pm to 7am", (time(23), time(7))),
        ("from 10 pm until 6:30 am", (time(22), time(6, 30))),
        ("22.30 - 06.00", (time(22, 30), time(6))),
        ("۲۳ تا ۷", (time(23), time(7))),  # Persian digits, any word between
        ("23:00", None),
        ("25:00-07:00", None),
        ("1 2 3", None),
    ],
)
def test_quiet_hours_typed_as_a_range(typed, hours):
    assert read_time_range(typed) == hours


@pytest.mark.parametrize(
    ("moment", "nation", "shut"),
    [
        (datetime(2026, 11, 23, 10, 0, tzinfo=UTC), "england_wales", False),  # Monday 10:00
        (datetime(2026, 11, 23, 18, 0, tzinfo=UTC), "england_wales", True),
        (datetime(2026, 11, 29, 10, 0, tzinfo=UTC), "england_wales", True),  # Sunday
        (datetime(2026, 12, 25, 10, 0, tzinfo=UTC), "england_wales", True),  # Christmas
        (datetime(2026, 11, 30, 10, 0, tzinfo=UTC), "scotland", True),  # St Andrew's Day
        (datetime(2026, 11, 30, 10, 0, tzinfo=UTC), "england_wales", False),
    ],
)
def test_offices_are_shut_out_of_office_hours_and_on_bank_holidays(moment, nation, shut):
    assert offices_closed(moment, DEFAULT_OFFICE_HOURS, nation) is shut
