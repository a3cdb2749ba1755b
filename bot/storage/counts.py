"""Counting what happens, a day at a time, so the people who run Waypost can see where it
fails survivors without any figure pointing to one of them (see `DailyCount`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.clock import LONDON
from bot.storage.models import DailyCount, Survivor

SMALLEST_SHOWN = 5
"""Counts below this are shown as "fewer than 5": small numbers can point to a person."""


@dataclass(frozen=True)
class CountRow:
    key: str
    language: str
    count: int

    @property
    def shown(self) -> str:
        return str(self.count) if self.count >= SMALLEST_SHOWN else f"fewer than {SMALLEST_SHOWN}"


class DailyCounts:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self,
        metric: str,
        now: datetime,
        key: str = "",
        language: str | None = None,
        nation: str | None = None,
    ) -> None:
        """One more, in the same transaction as what it counts: a single upsert, so two turns
        counting the same thing at once both count."""
        values = {
            "day": now.astimezone(LONDON).date(),
            "metric": metric,
            "key": key,
            "language": language or "",
            "nation": nation or "",
            "count": 1,
        }
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(DailyCount).values(**values)
        self.session.execute(
            statement.on_conflict_do_update(
                index_elements=["day", "metric", "key", "language", "nation"],
                set_={"count": DailyCount.count + 1},
            )
        )

    def add_for_survivor(self, metric: str, now: datetime, survivor_id: int, key: str = "") -> None:
        """One more, by the language and nation of the survivor it happened to (the survivor is
        not named in the count)."""
        found = self.session.execute(
            select(Survivor.language, Survivor.nation).where(Survivor.id == survivor_id)
        ).first()
        language, nation = found if found is not None else (None, None)
        self.add(metric, now, key, language, nation)

    def totals(self, metrics: Iterable[str], since: date, until: date) -> dict[str, list[CountRow]]:
        """Each metric's counts from `since` to `until` (UK dates, both included), by key and
        language, largest first."""
        rows = self.session.execute(
            select(
                DailyCount.metric, DailyCount.key, DailyCount.language, func.sum(DailyCount.count)
            )
            .where(DailyCount.metric.in_(list(metrics)))
            .where(DailyCount.day >= since, DailyCount.day <= until)
            .group_by(DailyCount.metric, DailyCount.key, DailyCount.language)
        ).all()
        totals: dict[str, list[CountRow]] = {}
        for metric, key, language, count in rows:
            totals.setdefault(metric, []).append(CountRow(key, language, int(count)))
        for found in totals.values():
            found.sort(key=lambda row: (-row.count, row.key, row.language))
        return totals
