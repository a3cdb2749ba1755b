"""The draft and its publication: what will change, every problem, the plain-language figures;
publish (refused while there are errors), discard, and the versions with restore.
Administrators only."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.console import Console
from bot.admin.content import DraftInfo, PublishRefused
from bot.admin.draft_problems import DraftReport, in_content_terms
from bot.admin.security import checked_form

HARDEST_SHOWN = 5
DIFF_CONTEXT = 2


@dataclass(frozen=True)
class Change:
    info: DraftInfo
    diff: str


def draft_routes(console: Console) -> list[Route]:
    pages = DraftPages(console)
    return [
        Route("/draft", pages.draft),
        Route("/publish", pages.publish, methods=["POST"]),
        Route("/discard", pages.discard, methods=["POST"]),
        Route("/versions", pages.versions),
        Route("/versions/{version:int}/restore", pages.restore, methods=["POST"]),
    ]


class DraftPages:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.store = console.content

    async def draft(self, request: Request) -> Response:
        self.console.staff(request, Role.ADMINISTRATOR)
        return await self._draft_page(request)

    async def publish(self, request: Request) -> Response:
        account = self.console.staff(request, Role.ADMINISTRATOR)
        form = await checked_form(request)
        summary = str(form.get("summary", "")).strip()
        if not summary:
            return await self._draft_page(
                request, 400, "Say in a few words what changed: it is kept with the version."
            )
        try:
            version = await run_in_threadpool(self.store.publish, account.username, summary)
        except PublishRefused as refused:
            return await self._draft_page(
                request, 409, f"Not published: the draft has {len(refused.report.errors)} error(s)."
            )
        except ValueError:
            return await self._draft_page(request, 409, "There is nothing to publish.")
        return RedirectResponse(f"/versions?published={version.id}", status_code=303)

    async def discard(self, request: Request) -> Response:
        self.console.staff(request, Role.ADMINISTRATOR)
        await checked_form(request)
        await run_in_threadpool(self.store.discard_drafts)
        return RedirectResponse("/draft", status_code=303)

    async def versions(self, request: Request) -> Response:
        self.console.staff(request, Role.ADMINISTRATOR)
        versions = await run_in_threadpool(self.store.versions)
        return self.console.render(
            request,
            "versions.html",
            versions=versions,
            published=request.query_params.get("published"),
            restored=request.query_params.get("restored"),
            drafts=bool(self.store.drafts()),
        )

    async def restore(self, request: Request) -> Response:
        account = self.console.staff(request, Role.ADMINISTRATOR)
        await checked_form(request)
        try:
            version = await run_in_threadpool(
                self.store.restore, request.path_params["version"], account.username
            )
        except KeyError:
            raise HTTPException(404, "There is no such version.") from None
        return RedirectResponse(f"/versions?restored={version.id}", status_code=303)

    async def _draft_page(
        self, request: Request, status_code: int = 200, error: str | None = None
    ) -> Response:
        changes = await run_in_threadpool(self._changes)
        report: DraftReport | None = None
        if changes:
            checked = await run_in_threadpool(self.store.check_draft)
            report = in_content_terms(checked, self.store.live_files())
        return self.console.render(
            request,
            "draft.html",
            status_code=status_code,
            changes=changes,
            report=report,
            hardest=sorted(report.readings, key=lambda r: -r.grade)[:HARDEST_SHOWN]
            if report
            else [],
            error=error,
        )

    def _changes(self) -> list[Change]:
        live, drafts = self.store.live_files(), self.store.drafts()
        return [
            Change(info, _diff(info.path, live.get(info.path, ""), drafts[info.path]))
            for info in self.store.draft_changes()
            if info.path in drafts
        ]


def _diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"{path} (published)",
        tofile=f"{path} (draft)",
        n=DIFF_CONTEXT,
    )
    return "".join(lines)
