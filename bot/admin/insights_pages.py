"""`/insights`: what Waypost does and where it fails survivors, for the people who run it and
report to funders. Figures from the daily counts only (bot/insights/), every small number
hidden, in the page, its charts and its exports (`/insights/<name>.csv`).
Administrators only."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.console import Console
from bot.clock import LONDON
from bot.insights.report import Report

DEFAULT_WEEKS = 12
LONGEST = timedelta(days=3 * 366)
"""The longest range one page reads: three years of daily counts is still quick."""


@dataclass(frozen=True)
class Period:
    since: date
    until: date
    problem: str | None = None

    @property
    def query(self) -> str:
        return f"since={self.since.isoformat()}&until={self.until.isoformat()}"


def period_of(request: Request, today: date) -> Period:
    """The dates asked for, or the last 12 weeks with a kind word on what was wrong."""
    default = Period(today - timedelta(weeks=DEFAULT_WEEKS) + timedelta(days=1), today)
    since_text = request.query_params.get("since", "")
    until_text = request.query_params.get("until", "")
    if not since_text and not until_text:
        return default
    try:
        since = date.fromisoformat(since_text) if since_text else default.since
        until = date.fromisoformat(until_text) if until_text else today
    except ValueError:
        return Period(default.since, default.until, "Dates look like 2026-12-31.")
    if since > until:
        return Period(default.since, default.until, "The first date must not be after the last.")
    if until - since > LONGEST:
        return Period(default.since, default.until, "Choose three years or less.")
    return Period(since, until)


def insights_routes(console: Console) -> list[Route]:
    def today() -> date:
        return console.clock.now().astimezone(LONDON).date()

    def report(period: Period) -> Report:
        with console.database.transaction() as session:
            return Report.read(session, period.since, period.until)

    async def page(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        period = period_of(request, today())
        found = await run_in_threadpool(report, period)
        return console.render(
            request,
            "insights.html",
            period=period,
            tables=found.tables(),
            waits=found.waits(),
            charts=await run_in_threadpool(found.charts),
        )

    async def table_csv(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        period = period_of(request, today())
        tables = (await run_in_threadpool(report, period)).tables()
        name = request.path_params["name"]
        if name not in tables:
            raise HTTPException(404, "There is no such table.")
        title, rows_are, table = tables[name]
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([f"{title}, {period.since.isoformat()} to {period.until.isoformat()}"])
        writer.writerows(table.csv_rows(rows_are))
        filename = f"waypost-{name}-{period.since.isoformat()}-{period.until.isoformat()}.csv"
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    return [
        Route("/insights", page),
        Route("/insights/{name}.csv", table_csv),
    ]
