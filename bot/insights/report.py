"""What the Insights page shows for a date range: named tables (each also a CSV) and charts,
all from one read of the daily counts, all with small numbers hidden."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot.engine import tallies
from bot.i18n.translator import english_language_name
from bot.insights import charts
from bot.insights.figures import NOT_CHOSEN, Figures, weeks_between
from bot.insights.suppression import TOTAL, Figure, Table, listing
from bot.nations import Nation
from bot.storage.counts import SMALLEST_SHOWN

LABELS = {
    tallies.CONVERSATION_STARTED: "New conversations",
    tallies.CONSENT_GIVEN: "Said yes to keeping their data",
    tallies.CONSENT_DECLINED: "Said no (read without keeping)",
    tallies.TOPIC_OPENED: "Topics opened",
    tallies.TYPED_NOT_UNDERSTOOD: "Typed messages not understood",
    tallies.TYPED_DID_YOU_MEAN: 'Typed messages answered "Did you mean…?"',
    tallies.TYPED_TOPIC_FOUND: "Typed messages that found their topic",
    tallies.DANGER_CLEAR: "Emergency guidance shown",
    tallies.DANGER_POSSIBLE: '"Are you safe right now?" asked',
    tallies.PERSON_REQUESTED: "Requests for a person",
    tallies.CLAIM_WAIT: "Requests claimed by a caseworker",
    tallies.CASE_RESOLVED: "Cases resolved",
    tallies.REMINDER_SET: "Reminders set",
    tallies.REMINDER_DELIVERED: "Reminders delivered",
    tallies.CHECKIN_ANSWERED: "Reporting check-ins answered",
    tallies.CHECKIN_MISSED: "Reporting check-ins missed",
    tallies.CHECKIN_ESCALATED: "Missed check-ins passed to the team",
    tallies.FORGOTTEN: "Erased everything with /forget",
    tallies.RETENTION_DELETED: "Deleted after a long silence",
}
"""Every metric the page reads, in the order of its summary."""
BY_PLACE = (
    tallies.CONVERSATION_STARTED,
    tallies.CONSENT_GIVEN,
    tallies.PERSON_REQUESTED,
    tallies.DANGER_CLEAR,
)
"""The columns of the table by language."""
BY_NATION = (
    tallies.TOPIC_OPENED,
    tallies.PERSON_REQUESTED,
    tallies.DANGER_CLEAR,
    tallies.REMINDER_SET,
)
"""The columns of the table by nation: what happens once a survivor has said where they are (a
new conversation and its consent come before that question)."""
FUNNEL = (
    tallies.CONVERSATION_STARTED,
    tallies.CONSENT_GIVEN,
    tallies.TOPIC_OPENED,
    tallies.PERSON_REQUESTED,
)
NATIONS: dict[Nation, str] = {
    "england_wales": "England and Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


@dataclass(frozen=True)
class Wait:
    """How long requests waited to be claimed, as bands: "within 15 minutes" for half of them
    (the median) and for nine in ten; None where fewer than 5 were claimed."""

    claimed: Figure
    median: str | None
    ninetieth: str | None


@dataclass(frozen=True)
class Report:
    figures: Figures

    @classmethod
    def read(cls, session: Session, since: date, until: date) -> Report:
        return cls(Figures.read(session, LABELS, since, until))

    def tables(self) -> dict[str, tuple[str, str, Table]]:
        """Each table by the name of its CSV: (its title, what its rows are, the table)."""
        f = self.figures
        summary = listing({m: f.total(m) for m in LABELS}, list(LABELS), "count")
        return {
            "summary": ("What happened", "what", _relabel(summary, LABELS)),
            "weeks": ("Week by week", "week starting", _relabel(f.by_week(FUNNEL), {})),
            "languages": ("By language", "language", _languages(f.by_language(BY_PLACE))),
            "nations": ("By nation", "nation", _relabel(f.by_nation(BY_NATION), NATIONS)),
            "topics": ("Topics opened", "topic", _relabel(f.by_key(tallies.TOPIC_OPENED), {})),
            "reasons": (
                "Why a person was asked for",
                "reason",
                _relabel(f.by_key(tallies.PERSON_REQUESTED), {}),
            ),
            "not_understood": (
                "Typed messages not understood, by screen",
                "screen",
                _relabel(f.by_key(tallies.TYPED_NOT_UNDERSTOOD), {}),
            ),
        }

    def waits(self) -> dict[str, Wait]:
        bands = self.figures.keyed(tallies.CLAIM_WAIT)
        return {
            "In office hours": _wait(bands, tallies.IN_HOURS),
            "Out of office hours": _wait(bands, tallies.OUT_OF_HOURS),
        }

    def charts(self) -> dict[str, str]:
        """Each chart by name, as SVG."""
        return {
            "weeks": self._weeks_chart(),
            "waits": self._waits_chart(),
            "funnel": self._funnel_chart(),
            "languages": self._languages_chart(),
            "topics": self._topics_chart(),
        }

    def _weeks_chart(self) -> str:
        weeks = self.figures.by_week(FUNNEL)
        shown = (tallies.CONVERSATION_STARTED, tallies.PERSON_REQUESTED)
        series = {LABELS[m]: [weeks.figure(row, m) for row in weeks.rows] for m in shown}
        mondays = [date.fromisoformat(row) for row in weeks.rows]
        return charts.line_chart("Each week", mondays, series)

    def _waits_chart(self) -> str:
        """Each week's median wait to be claimed, in and out of office hours; a week with fewer
        than 5 claims is not drawn."""
        by_week = self.figures.keyed_by_week(tallies.CLAIM_WAIT)
        mondays = weeks_between(self.figures.since, self.figures.until)
        series = {
            label: [_median_minutes(by_week.get(monday, {}), when) for monday in mondays]
            for label, when in (
                ("In office hours", tallies.IN_HOURS),
                ("Out of office hours", tallies.OUT_OF_HOURS),
            )
        }
        title = "Median wait to be claimed, in minutes (the upper end of its band)"
        return charts.line_chart(title, mondays, series)

    def _languages_chart(self) -> str:
        languages = _languages(self.figures.by_language(BY_PLACE))
        column = LABELS[tallies.CONVERSATION_STARTED]
        bars = [(row, languages.figure(row, column)) for row in languages.rows]
        bars.sort(key=lambda bar: -bar[1].value)
        return charts.bar_chart("New conversations by language", bars)

    def _topics_chart(self) -> str:
        topics = self.figures.by_key(tallies.TOPIC_OPENED)
        bars = [(row, topics.figure(row, tallies.TOPIC_OPENED)) for row in topics.rows[:15]]
        return charts.bar_chart("Topics opened (the 15 most opened)", bars)

    def _funnel_chart(self) -> str:
        bars = [(LABELS[m], _hidden_if_small(self.figures.total(m))) for m in FUNNEL]
        return charts.bar_chart("From first contact to a person", bars)


def _hidden_if_small(value: int) -> Figure:
    return Figure(value, 0 < value < SMALLEST_SHOWN)


def _relabel(table: Table, rows: dict[str, str]) -> Table:
    """The table with its rows, and its columns (metrics), named for people."""
    names = {row: rows.get(row, row) for row in table.rows} | {TOTAL: TOTAL}
    columns = {column: LABELS.get(column, column) for column in table.columns}
    figures = {(names[row], columns[column]): f for (row, column), f in table.figures.items()}
    return Table(
        tuple(names[row] for row in table.rows),
        tuple(columns[column] for column in table.columns),
        figures,
        table.totalled,
    )


def _languages(table: Table) -> Table:
    names = {row: row if row == NOT_CHOSEN else english_language_name(row) for row in table.rows}
    return _relabel(table, names)


def _ordered(bands: dict[str, int], when: str) -> list[tuple[int | None, int]]:
    """How many claims in each band, shortest first; None is the open band past the last."""
    return [(upper, bands.get(f"{when} {upper}", 0)) for upper in tallies.WAIT_BANDS_MINUTES] + [
        (None, bands.get(f"{when} longer", 0))
    ]


def _median_minutes(bands: dict[str, int], when: str) -> Figure:
    """The upper end of the band half the claims fell in (the open band drawn at twice the last
    one's end), hidden where fewer than 5 were claimed."""
    ordered = _ordered(bands, when)
    claimed = sum(count for _, count in ordered)
    if claimed < SMALLEST_SHOWN:
        return Figure(0, True)
    reached = 0
    for upper, count in ordered:
        reached += count
        if reached >= claimed / 2:
            return Figure(upper or 2 * tallies.WAIT_BANDS_MINUTES[-1], False)
    return Figure(2 * tallies.WAIT_BANDS_MINUTES[-1], False)


def _wait(bands: dict[str, int], when: str) -> Wait:
    ordered = _ordered(bands, when)
    claimed = sum(count for _, count in ordered)
    if claimed < SMALLEST_SHOWN:
        return Wait(_hidden_if_small(claimed), None, None)
    return Wait(Figure(claimed, False), _band(ordered, claimed, 0.5), _band(ordered, claimed, 0.9))


def _band(ordered: list[tuple[int | None, int]], claimed: int, share: float) -> str:
    reached = 0
    for upper, count in ordered:
        reached += count
        if reached >= share * claimed:
            return _within(upper)
    return _within(None)


def _within(minutes: int | None) -> str:
    if minutes is None:
        return f"over {tallies.WAIT_BANDS_MINUTES[-1] // 1440} days"
    if minutes < 60:
        return f"within {minutes} minutes"
    if minutes < 1440:
        hours = minutes // 60
        return f"within {hours} hour{'s' if hours > 1 else ''}"
    days = minutes // 1440
    return f"within {days} day{'s' if days > 1 else ''}"
