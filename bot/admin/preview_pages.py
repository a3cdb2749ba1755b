"""`/preview`: the chat simulator on the draft, in any language (see preview.py).
Administrators only; each administrator's session has its own preview."""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import Role
from bot.admin.console import Console
from bot.admin.draft_problems import DraftProblem
from bot.admin.node_edits import catalogue_languages
from bot.admin.preview import PreviewChat, Previews
from bot.admin.security import checked_form
from bot.i18n.catalogues import SOURCE_LANGUAGE
from bot.i18n.translator import language_name

SESSION_KEY = "preview"


def preview_routes(console: Console, previews: Previews) -> list[Route]:
    async def page(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        languages = [SOURCE_LANGUAGE, *catalogue_languages(console.content.draft_files())]
        asked = request.query_params.get("language", SOURCE_LANGUAGE)
        language = asked if asked in languages else SOURCE_LANGUAGE
        if request.method == "POST":
            form = await checked_form(request)
            await run_in_threadpool(_act, previews, _key(request), language, form)
            return RedirectResponse(f"/preview?language={language}", status_code=303)
        chat, errors = await run_in_threadpool(_current, previews, _key(request), language)
        return console.render(
            request,
            "preview.html",
            chat=chat,
            errors=errors,
            language=language,
            languages=[(code, language_name(code)) for code in languages],
        )

    return [Route("/preview", page, methods=["GET", "POST"])]


def _key(request: Request) -> str:
    key = request.session.get(SESSION_KEY)
    if not isinstance(key, str):
        key = request.session[SESSION_KEY] = secrets.token_urlsafe(16)
    return key


def _current(
    previews: Previews, key: str, language: str
) -> tuple[PreviewChat | None, list[DraftProblem]]:
    """The session's preview on the draft as it is now, started (or restarted, for another
    language) as needed; or no chat and the errors that stop the bot serving the draft."""
    with previews.lock:
        draft = previews.draft()
        if draft.content is None:
            return None, draft.errors
        chat = previews.chat(key)
        fresh = chat is None or chat.language != language
        if chat is None:
            chat = previews.open(key, language)
        chat.serve(draft)
        if fresh:
            chat.restart(language)
        return chat, []


def _act(previews: Previews, key: str, language: str, form: FormData) -> None:
    with previews.lock:
        chat, _errors = _current(previews, key, language)
        if chat is None:
            return
        if "reset" in form:
            chat.restart(language)
        elif isinstance(press := form.get("press"), str) and press:
            chat.pressed(press)
        elif isinstance(text := form.get("text"), str) and text.strip():
            chat.typed(text)
