"""`/understanding`: how often what survivors typed was understood, screen by screen and
language by language. Counts only: the words are never kept for this (bot/storage/counts.py).
Administrators only; each screen links to its editor, where example questions are added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.console import Console
from bot.admin.flow_listing import node_flows
from bot.clock import LONDON
from bot.engine import tallies
from bot.i18n.translator import english_language_name
from bot.storage.counts import CountRow, DailyCounts

PERIODS = (7, 30, 90)
"""Days shown, counting today."""


@dataclass(frozen=True)
class ScreenRow:
    node: str
    flow: str | None
    language: str
    not_understood: CountRow | None
    did_you_mean: CountRow | None
    topic_found: CountRow | None


def understanding_routes(console: Console) -> list[Route]:
    async def page(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        asked = request.query_params.get("days", "")
        days = int(asked) if asked.isdigit() and int(asked) in PERIODS else 30
        rows = await run_in_threadpool(_rows, console, days)
        return console.render(request, "understanding.html", rows=rows, days=days, periods=PERIODS)

    return [Route("/understanding", page)]


def _rows(console: Console, days: int) -> list[ScreenRow]:
    today = console.clock.now().astimezone(LONDON).date()
    with console.database.transaction() as session:
        totals = DailyCounts(session).totals(tallies.TYPED, today - timedelta(days - 1), today)
    flows = node_flows(console.content.draft_files())
    cells: dict[tuple[str, str], dict[str, CountRow]] = {}
    for metric, rows in totals.items():
        for row in rows:
            cells.setdefault((row.key, row.language), {})[metric] = row
    screens = [
        ScreenRow(
            node=node,
            flow=flows.get(node),
            language=english_language_name(language) if language else "not chosen yet",
            not_understood=found.get(tallies.TYPED_NOT_UNDERSTOOD),
            did_you_mean=found.get(tallies.TYPED_DID_YOU_MEAN),
            topic_found=found.get(tallies.TYPED_TOPIC_FOUND),
        )
        for (node, language), found in cells.items()
    ]
    return sorted(
        screens,
        key=lambda s: (-(s.not_understood.count if s.not_understood else 0), s.node, s.language),
    )
