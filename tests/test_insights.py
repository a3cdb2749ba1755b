"""Insights' figures: small numbers hidden so that none can be read or worked out from a total,
and waiting times told in bands."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.engine import tallies
from bot.insights.charts import bar_chart, line_chart
from bot.insights.report import Report
from bot.insights.suppression import (
    FEWER,
    NOT_SHOWN,
    TOTAL,
    Figure,
    Table,
    listing,
    table,
)
from bot.storage.counts import DailyCounts


def columns_of(found: Table) -> list[list[Figure]]:
    """Each column with its total: what adds up."""
    return [[found.figure(row, column) for row in found.all_rows] for column in found.columns]


def test_a_small_figure_is_hidden_and_so_is_one_more_in_its_column():
    found = table({("en", "n"): 40, ("ti", "n"): 3}, ["en", "ti"], ["n"])
    assert found.figure("ti", "n").shown == FEWER
    # 43 - 40 would give the 3 back: the English figure is hidden too, the total stays.
    assert found.figure("en", "n").shown == NOT_SHOWN and found.figure(TOTAL, "n").shown == "43"


def test_each_column_is_guarded_on_its_own_and_rows_have_no_total():
    counts = {("en", "a"): 50, ("en", "b"): 30, ("ar", "a"): 20, ("ar", "b"): 2}
    found = table(counts, ["en", "ar"], ["a", "b"])
    assert found.figure("ar", "b").shown == FEWER and found.figure("en", "b").shown == NOT_SHOWN
    assert found.figure("en", "a").shown == "50" and found.figure(TOTAL, "b").shown == "32"
    assert ("en", TOTAL) not in found.figures  # different things counted do not add up


def test_zero_is_shown_and_hides_nothing():
    found = table({("en", "n"): 12}, ["en", "ti"], ["n"])
    assert found.figure("ti", "n").shown == "0" and found.figure("en", "n").shown == "12"


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ).filter(lambda grid: len({len(row) for row in grid}) == 1)
)
def test_no_line_ever_gives_away_a_hidden_figure(grid):
    rows = [f"r{i}" for i in range(len(grid))]
    columns = [f"c{j}" for j in range(len(grid[0]))]
    counts = {(r, c): grid[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    found = table(counts, rows, columns)
    for column in columns_of(found):
        assert sum(f.hidden for f in column) != 1
    for figure in found.figures.values():
        assert figure.hidden or not 0 < figure.value < 5


def test_a_csv_shows_what_the_table_shows():
    found = table({("en", "n"): 7, ("ti", "n"): 2}, ["en", "ti"], ["n"])
    assert found.csv_rows("language") == [
        ["language", "n"],
        ["en", NOT_SHOWN],  # would give the 2 back from the total
        ["ti", FEWER],
        [TOTAL, "9"],
    ]


def test_a_listing_of_different_things_has_no_total_and_hides_only_small_figures():
    found = listing({"conversations": 7, "requests": 2}, ["conversations", "requests"], "count")
    assert found.csv_rows("what") == [
        ["what", "count"],
        ["conversations", "7"],
        ["requests", FEWER],
    ]


def test_waits_are_told_in_bands_and_only_from_five_requests(runtime):
    now = datetime(2026, 12, 2, 12, tzinfo=UTC)
    with runtime.database.transaction() as session:
        counts = DailyCounts(session)
        for minutes in (3, 4, 12, 14, 50, 200, 3000):
            counts.add(tallies.CLAIM_WAIT, now, tallies.claim_wait_key(minutes, True), "en")
        for minutes in (3, 4):
            counts.add(tallies.CLAIM_WAIT, now, tallies.claim_wait_key(minutes, False), "en")
    with runtime.database.transaction() as session:
        report = Report.read(session, date(2026, 12, 1), date(2026, 12, 6))
    waits = report.waits()
    in_hours, out_of_hours = waits["In office hours"], waits["Out of office hours"]
    assert in_hours.claimed.shown == "7"
    assert (in_hours.median, in_hours.ninetieth) == ("within 15 minutes", "over 2 days")
    assert out_of_hours.claimed.shown == FEWER and out_of_hours.median is None
    # Week by week: the one week with 7 claims in hours has a median (15 minutes); out of hours
    # had 2, too few to draw.
    chart = report.charts()["waits"]
    assert "In office hours (solid)" in chart and "Out of office hours" not in chart


def test_a_chart_with_every_figure_hidden_says_there_is_nothing_to_draw():
    weeks = [date(2026, 11, 23), date(2026, 11, 30)]
    hidden = [Figure(3, True), Figure(2, True)]
    assert "Nothing to draw" in line_chart("Each week", weeks, {"x": hidden})
    shown = line_chart("Each week", weeks, {"x": hidden, "y": [Figure(9, False)] * 2})
    assert "y (solid)" in shown and "x (" not in shown


def test_charts_draw_no_hidden_figure_and_carry_no_script():
    weeks = [date(2026, 11, 23), date(2026, 11, 30)]
    svg = line_chart("Each week", weeks, {"x": [Figure(9, False), Figure(3, True)]})
    assert "<script" not in svg and "style=" not in svg and "are not drawn" in svg
    bars = bar_chart("Languages", [("English", Figure(40, False)), ("Tigrinya", Figure(3, True))])
    assert "English" in bars and "Tigrinya" not in bars and "<script" not in bars
    assert "style=" not in bars  # the console's policy allows no inline style
