"""The translations pages (administrators): how complete each language is, each string's English
beside its translation and the language's renderings of the key terms it uses (the term base,
`locales/<language>/terms.yaml`), and marking a translation checked by a native speaker.

Marking a translation checked takes the `unreviewed` flag off it in the draft catalogue: a
content change like any other, live for survivors once the draft is published.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.catalogue_editing import marked_reviewed
from bot.admin.console import Console
from bot.admin.security import checked_form
from bot.admin.translation_review import (
    Templates,
    catalogue_file,
    language_status,
    languages,
    review_rows,
    right_to_left,
)
from bot.escalation.cards import language_in_english
from bot.flows.translations.terms import TermBase, term_bases
from bot.flows.translations.workflow import EntryState, Status
from bot.i18n.translator import language_name

SHOWN = ("all", *(state.value for state in EntryState))
NOT_UNREVIEWED = "Only a translation that survivors see and nobody has checked can be marked."


@dataclass(frozen=True)
class TermView:
    """One key term of a string, as the term base says the language writes it."""

    english: str
    use: str
    note: str | None
    dari: str | None


def key_terms(base: TermBase | None, source: str) -> list[TermView]:
    if base is None:
        return []
    return [
        TermView(term.english[0], rendering.use, rendering.note, rendering.dari)
        for term, rendering in base.found_in(source)
    ]


@dataclass(frozen=True)
class LanguageRow:
    code: str
    name: str
    status: Status


def translation_routes(console: Console) -> list[Route]:
    templates = Templates(console.content)

    async def overview(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        files = console.content.draft_files()
        template = templates.of(files)
        rows = [
            LanguageRow(code, _name(code), language_status(template, files, code))
            for code in languages(files)
        ]
        return console.render(request, "translations.html", languages=rows)

    async def language_page(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        language = request.path_params["language"]
        files = console.content.draft_files()
        if language not in languages(files):
            raise HTTPException(404, f"There is no catalogue for {language!r}.")
        show = request.query_params.get("show", "all")
        if show not in SHOWN:
            show = "all"
        rows = review_rows(templates.of(files), files.get(catalogue_file(language)), language)
        counts = {state: sum(row.state is state for row in rows) for state in EntryState}
        # The term base is read from the live locales: the console does not edit it.
        base = term_bases(console.content.settings.locales_dir, [language]).get(language)
        shown_rows = [row for row in rows if show == "all" or row.state.value == show]
        return console.render(
            request,
            "translation_language.html",
            code=language,
            name=_name(language),
            rtl=right_to_left(language),
            rows=shown_rows,
            terms=[key_terms(base, row.source) for row in shown_rows],
            counts=counts,
            total=len(rows),
            show=show,
            shown=SHOWN,
            marked=request.query_params.get("marked") == "1",
        )

    async def mark_reviewed(request: Request) -> Response:
        account = console.staff(request, Role.ADMINISTRATOR)
        form = await checked_form(request)
        language = request.path_params["language"]
        files = console.content.draft_files()
        path = catalogue_file(language)
        if path not in files:
            raise HTTPException(404, f"There is no catalogue for {language!r}.")
        # Browsers send line breaks in form values as CRLF; catalogues have plain LF.
        context = _unbroken(form.get("context")) or None
        source = _unbroken(form.get("source"))
        rows = review_rows(templates.of(files), files[path], language)
        row = next((r for r in rows if (r.context, r.source) == (context, source)), None)
        if row is None or row.state is not EntryState.UNREVIEWED:
            raise HTTPException(409, NOT_UNREVIEWED)

        def mark(draft: dict[str, str]) -> dict[str, str]:
            # On the draft as it is at this moment, under the store's lock: an edit saved by
            # someone else since this page was read is kept.
            return {path: marked_reviewed(draft[path], context, source)}

        await run_in_threadpool(console.content.change_drafts, mark, account.username)
        show = str(form.get("show", "all"))
        back = show if show in SHOWN else "all"
        return RedirectResponse(f"/translations/{language}?show={back}&marked=1", status_code=303)

    return [
        Route("/translations", overview),
        Route("/translations/{language:str}", language_page),
        Route("/translations/{language:str}/reviewed", mark_reviewed, methods=["POST"]),
    ]


def _name(code: str) -> str:
    """ "Albanian (Shqip)": administrators read English, reviewers their own language."""
    english, own = language_in_english(code), language_name(code)
    return english if english == own else f"{english} ({own})"


def _unbroken(value: object) -> str:
    return str(value or "").replace("\r\n", "\n")
