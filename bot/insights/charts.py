"""Charts of the Insights page, drawn on the server as SVG by leather: plain shapes with their
colours as attributes, no script and no style sheet, so they sit inside the page under the
console's strict Content-Security-Policy and print as they show.

Readable without colour: each line has its own dash pattern (named in the title and the key),
and every chart sits above the table it was drawn from. A hidden figure (fewer than 5) is not
drawn: a line has a gap there, a bar is left out, and the chart says so.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from xml.etree import ElementTree

import leather

from bot.insights.suppression import FEWER, Figure
from bot.storage.counts import SMALLEST_SHOWN

WIDTH = 760
LINES = (("#1d4e89", "none", "solid"), ("#b5430f", "8 4", "dashed"), ("#2f7d32", "2 4", "dotted"))
"""Colour, dash pattern and the pattern's name, one per line."""
BAR_COLOUR = "#1d4e89"


def _titled(title: str, hidden: bool) -> str:
    return f"{title} (figures of {FEWER} are not drawn)" if hidden else title


def _svg(chart: leather.Chart, height: int) -> str:
    out = io.StringIO()
    chart.to_svg(out, width=WIDTH, height=height)
    return out.getvalue()


def line_chart(title: str, weeks: Sequence[date], series: dict[str, Sequence[Figure]]) -> str:
    """One line per series over the weeks. A week between two hidden ones has no line to
    either side and does not show: the table under the chart has it."""
    hidden = any(f.hidden for figures in series.values() for f in figures)
    # A line with nothing to draw (every week hidden or none counted) is left out.
    series = {name: fs for name, fs in series.items() if any(f.drawn is not None for f in fs)}
    if not series:
        return _nothing_to_draw(title)
    names = [f"{name} ({LINES[i % len(LINES)][2]})" for i, name in enumerate(series)]
    chart = leather.Chart(_titled(f"{title}: {', '.join(names)}", hidden))
    highest = max((f.value for fs in series.values() for f in fs if not f.hidden), default=0)
    chart.add_y_scale(0, max(5, highest))
    # Weeks by number, each tick named by its Monday: a date scale would tick between weeks.
    chart.add_x_scale(0, max(1, len(weeks) - 1))
    every = max(1, -(-len(weeks) // 6))
    chart.add_x_axis(
        ticks=list(range(0, len(weeks), every)),
        tick_formatter=lambda n, *_: weeks[int(n)].strftime("%-d %b"),
    )
    for index, (name, figures) in enumerate(series.items()):
        colour, dashes, _ = LINES[index % len(LINES)]
        points = [(n, f.drawn) for n, f in enumerate(figures)]
        chart.add_line(points, name=name, stroke_color=colour, width=3, stroke_dasharray=dashes)
    return _svg(chart, 320)


def bar_chart(title: str, bars: Sequence[tuple[str, Figure]]) -> str:
    """Horizontal bars in the order given, hidden ones left out."""
    shown = [(label, figure.value) for label, figure in bars if not figure.hidden]
    if not shown:
        return _nothing_to_draw(title)
    chart = leather.Chart(_titled(title, len(shown) < len(bars)))
    chart.add_bars([(value, label) for label, value in shown], fill_color=BAR_COLOUR)
    return _svg(chart, 90 + 34 * len(shown))


def _nothing_to_draw(title: str) -> str:
    svg = ElementTree.Element(
        "svg", xmlns="http://www.w3.org/2000/svg", width=str(WIDTH), height="70"
    )
    lines = (title, f"Nothing to draw: none counted, or every figure under {SMALLEST_SHOWN}.")
    for number, line in enumerate(lines):
        text = ElementTree.SubElement(svg, "text", x="20", y=str(28 + 24 * number), fill="#333")
        text.set("font-family", "sans-serif")
        text.text = line
    return ElementTree.tostring(svg, encoding="unicode")
