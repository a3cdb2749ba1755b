"""Reminder timing in Europe/London, across the clock changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from bot.reminders.schedule import Notice, QuietHours, Repeat, Rule, notice_time


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekly_reporting_stays_at_ten_oclock_local_across_the_march_change() -> None:
    # 2027: the clocks go forward on Sunday 28 March.
    rule = Rule(date(2027, 3, 23), time(10, 0), Repeat.WEEKLY)
    assert rule.occurrence(0) == utc(2027, 3, 23, 10, 0)  # GMT
    assert rule.occurrence(1) == utc(2027, 3, 30, 9, 0)  # BST: 10:00 local is 09:00 UTC


def test_weekly_reporting_stays_at_ten_oclock_local_across_the_october_change() -> None:
    # 2027: the clocks go back on Sunday 31 October.
    rule = Rule(date(2027, 10, 26), time(10, 0), Repeat.WEEKLY)
    assert rule.occurrence(0) == utc(2027, 10, 26, 9, 0)
    assert rule.occurrence(1) == utc(2027, 11, 2, 10, 0)


def test_the_day_before_means_the_same_wall_time_even_when_the_clocks_change_between() -> None:
    monday_after_change = utc(2027, 3, 29, 9, 0)  # 10:00 BST
    assert notice_time(monday_after_change, Notice.DAY_BEFORE) == utc(2027, 3, 28, 9, 0)
    # 10:00 on Sunday 28 March is BST already; on Saturday it was GMT.
    sunday = utc(2027, 3, 28, 9, 0)
    assert notice_time(sunday, Notice.DAY_BEFORE) == utc(2027, 3, 27, 10, 0)
    assert notice_time(sunday, Notice.TWO_HOURS) == utc(2027, 3, 28, 7, 0)


def test_a_time_in_the_spring_gap_is_not_lost() -> None:
    rule = Rule(date(2027, 3, 28), time(1, 30))
    assert rule.occurrence(0) == utc(2027, 3, 28, 1, 30)  # shown as 02:30 BST


@pytest.mark.parametrize(
    ("repeat", "expected"),
    [
        (Repeat.WEEKLY, [date(2027, 1, 5), date(2027, 1, 12), date(2027, 1, 19)]),
        (Repeat.FORTNIGHTLY, [date(2027, 1, 5), date(2027, 1, 19), date(2027, 2, 2)]),
        (Repeat.FOUR_WEEKLY, [date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2)]),
        (Repeat.MONTHLY, [date(2027, 1, 5), date(2027, 2, 5), date(2027, 3, 5)]),
    ],
)
def test_repeats(repeat: Repeat, expected: list[date]) -> None:
    rule = Rule(date(2027, 1, 5), time(10, 0), repeat)
    assert [rule.day(i) for i in range(3)] == expected


def test_monthly_on_the_31st_falls_on_the_last_day_of_short_months() -> None:
    rule = Rule(date(2027, 1, 31), time(9, 0), Repeat.MONTHLY)
    assert [rule.day(i) for i in range(4)] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]


@pytest.mark.parametrize("repeat", list(Repeat))
def test_next_index_is_the_first_occurrence_after_a_moment(repeat: Repeat) -> None:
    rule = Rule(date(2027, 1, 5), time(10, 0), repeat)
    for moment in (utc(2026, 12, 1), utc(2027, 1, 5, 10, 0), utc(2027, 6, 17, 3), utc(2028, 2, 9)):
        index = rule.next_index(moment)
        if index is None:
            assert repeat is Repeat.ONCE and rule.occurrence(0) <= moment
            continue
        assert rule.occurrence(index) > moment
        assert index == 0 or rule.occurrence(index - 1) <= moment


def test_quiet_hours_move_a_reminder_to_when_they_end_if_that_is_before_the_event() -> None:
    quiet = QuietHours(time(22, 0), time(8, 0))
    event = utc(2027, 1, 12, 10, 0)
    assert quiet.move_out(utc(2027, 1, 12, 7, 0), event) == utc(2027, 1, 12, 8, 0)
    assert not quiet.contains(utc(2027, 1, 12, 9, 0))


def test_quiet_hours_move_a_reminder_earlier_if_they_end_after_the_event() -> None:
    quiet = QuietHours(time(22, 0), time(8, 0))
    event = utc(2027, 1, 12, 7, 30)
    moved = quiet.move_out(utc(2027, 1, 12, 5, 30), event)
    assert moved == utc(2027, 1, 11, 21, 50)
    assert not quiet.contains(moved)


def test_quiet_hours_within_one_day() -> None:
    quiet = QuietHours.parse("13:00-15:00")
    assert quiet.contains(utc(2027, 1, 12, 14, 0))
    assert quiet.move_out(utc(2027, 1, 12, 14, 0), utc(2027, 1, 12, 18, 0)) == utc(
        2027, 1, 12, 15, 0
    )
    assert quiet.label() == "13:00-15:00"
