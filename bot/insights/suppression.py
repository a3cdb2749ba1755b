"""Hiding small numbers in a table so that none can be read, or worked out, from what is shown.

A count below `SMALLEST_SHOWN` may point to a person ("one Tigrinya speaker in Wales asked for a
person on Tuesday"), so it is shown as "fewer than 5". Hiding it alone is not enough when the
table shows totals: the total minus the cells shown gives it back. So, as statistics offices do,
a column with a total never has exactly one hidden figure: when it would,
the next smallest figure in it is hidden too ("not shown"), and so on until no line gives one
away. This guards each table; comparing two date ranges is not guarded, which is one reason
the page is for administrators only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.storage.counts import SMALLEST_SHOWN

FEWER = f"fewer than {SMALLEST_SHOWN}"
NOT_SHOWN = "not shown"
"""A figure of 5 or more hidden so that a small one beside it cannot be worked out."""


@dataclass(frozen=True)
class Figure:
    value: int
    hidden: bool

    @property
    def shown(self) -> str:
        if not self.hidden:
            return str(self.value)
        return FEWER if self.value < SMALLEST_SHOWN else NOT_SHOWN

    @property
    def drawn(self) -> int | None:
        """The value a chart may draw: nothing where the figure is hidden."""
        return None if self.hidden else self.value


TOTAL = "Total"
"""The name of the totals row."""


@dataclass(frozen=True)
class Table:
    """Counts by row (a language, a week, a topic) and column (what was counted), small numbers
    hidden. Columns count different things, so only a column has a total, and only when its rows
    add up to something (a language's conversations do; the lines of a summary do not)."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    figures: Mapping[tuple[str, str], Figure]
    """Every cell, and (TOTAL, column) for each column of a totalled table."""
    totalled: bool

    def figure(self, row: str, column: str) -> Figure:
        return self.figures[(row, column)]

    @property
    def all_rows(self) -> tuple[str, ...]:
        return (*self.rows, TOTAL) if self.totalled else self.rows

    def csv_rows(self, row_title: str) -> list[list[str]]:
        lines = [[row_title, *self.columns]]
        for row in self.all_rows:
            lines.append([row, *(self.figure(row, column).shown for column in self.columns)])
        return lines


def table(
    counts: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    columns: Sequence[str],
    totalled: bool = True,
) -> Table:
    """The table of `counts` (missing cells are 0), every small figure hidden and, in a totalled
    table, enough others that no hidden figure can be worked out from its column's total."""
    values: dict[tuple[str, str], int] = {
        (row, column): counts.get((row, column), 0) for row in rows for column in columns
    }
    if totalled:
        for column in columns:
            values[(TOTAL, column)] = sum(values[(row, column)] for row in rows)
    hidden = {cell for cell, value in values.items() if 0 < value < SMALLEST_SHOWN}
    if totalled:
        _protect([[(row, column) for row in (*rows, TOTAL)] for column in columns], values, hidden)
    figures = {cell: Figure(value, cell in hidden) for cell, value in values.items()}
    return Table(tuple(rows), tuple(columns), figures, totalled)


def _protect(
    lines: list[list[tuple[str, str]]],
    values: Mapping[tuple[str, str], int],
    hidden: set[tuple[str, str]],
) -> None:
    """Hide more until no line (a column with its total) has exactly one hidden figure: its
    parts add up to the total, so one hidden figure is the total less the others."""
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            others = [cell for cell in line if cell not in hidden and values[cell] > 0]
            if not others:
                continue  # every other figure is 0: the hidden one is 0 too, which hides nothing
            # The smallest, and a part before the total: hiding a total says the least.
            hidden.add(min(others, key=lambda cell: (TOTAL in cell, values[cell])))
            changed = True


def listing(counts: Mapping[str, int], rows: Sequence[str], column: str) -> Table:
    """Different things counted, one a row: nothing adds up, so only small figures are hidden."""
    return table({(row, column): counts.get(row, 0) for row in rows}, rows, [column], False)
