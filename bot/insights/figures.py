"""The daily counts of a date range, read once and cut the ways the Insights page shows them:
by week, by language, by nation, by what was counted (a topic, a reason). Every table comes out
with its small numbers hidden (bot/insights/suppression.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.insights.suppression import Table, table
from bot.storage.models import DailyCount

NOT_CHOSEN = "not chosen"
"""Counted before a language (or a nation) was chosen."""


@dataclass(frozen=True)
class Count:
    day: date
    metric: str
    key: str
    language: str
    nation: str
    count: int


def week_of(day: date) -> date:
    """The Monday the week of `day` starts on."""
    return day - timedelta(days=day.weekday())


def weeks_between(since: date, until: date) -> list[date]:
    first, last = week_of(since), week_of(until)
    return [first + timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


@dataclass(frozen=True)
class Figures:
    since: date
    until: date
    counts: tuple[Count, ...]

    @classmethod
    def read(cls, session: Session, metrics: Iterable[str], since: date, until: date) -> Figures:
        rows = session.execute(
            select(DailyCount).where(
                DailyCount.metric.in_(list(metrics)),
                DailyCount.day >= since,
                DailyCount.day <= until,
            )
        ).scalars()
        counts = tuple(
            Count(r.day, r.metric, r.key, r.language or NOT_CHOSEN, r.nation or NOT_CHOSEN, r.count)
            for r in rows
        )
        return cls(since, until, counts)

    def total(self, metric: str) -> int:
        return sum(c.count for c in self.counts if c.metric == metric)

    def by_week(self, metrics: Sequence[str]) -> Table:
        """Rows are weeks (the Monday, ISO), columns the metrics."""
        weeks = [week.isoformat() for week in weeks_between(self.since, self.until)]
        cells: dict[tuple[str, str], int] = defaultdict(int)
        for c in self._of(metrics):
            cells[(week_of(c.day).isoformat(), c.metric)] += c.count
        return table(cells, weeks, metrics)

    def by_language(self, metrics: Sequence[str]) -> Table:
        return self._by(metrics, lambda c: c.language)

    def by_nation(self, metrics: Sequence[str]) -> Table:
        return self._by(metrics, lambda c: c.nation)

    def by_key(self, metric: str, keys: Sequence[str] = ()) -> Table:
        """One metric by what was counted in it (a topic's node, a reason), largest first; only
        `keys` (in that order) if given."""
        cells: dict[str, int] = defaultdict(int)
        for c in self._of([metric]):
            cells[c.key] += c.count
        rows = list(keys) or sorted(cells, key=lambda key: (-cells[key], key))
        return table({(key, metric): cells.get(key, 0) for key in rows}, rows, [metric])

    def keyed(self, metric: str) -> dict[str, int]:
        """A metric's counts by key, unhidden: for figures worked out from many counts (a median
        time), never to be shown one by one."""
        cells: dict[str, int] = defaultdict(int)
        for c in self._of([metric]):
            cells[c.key] += c.count
        return dict(cells)

    def keyed_by_week(self, metric: str) -> dict[date, dict[str, int]]:
        """As `keyed`, a week (its Monday) at a time."""
        weeks: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for c in self._of([metric]):
            weeks[week_of(c.day)][c.key] += c.count
        return {week: dict(cells) for week, cells in weeks.items()}

    def _by(self, metrics: Sequence[str], dimension) -> Table:  # noqa: ANN001 - a key function
        cells: dict[tuple[str, str], int] = defaultdict(int)
        for c in self._of(metrics):
            cells[(dimension(c), c.metric)] += c.count
        rows = sorted({row for row, _ in cells}, key=lambda row: (row == NOT_CHOSEN, row))
        return table(cells, rows, metrics)

    def _of(self, metrics: Sequence[str]) -> Iterable[Count]:
        wanted = set(metrics)
        return (c for c in self.counts if c.metric in wanted)
