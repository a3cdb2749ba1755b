"""The web console's ASGI app: sign-in, roles, and the pages of each part."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.admin.account_pages import account_routes
from bot.admin.case_pages import case_routes
from bot.admin.console import Console
from bot.admin.content import ContentStore
from bot.admin.draft_pages import draft_routes
from bot.admin.flow_pages import flow_routes
from bot.admin.headers import SecurityHeaders
from bot.admin.insights_pages import insights_routes
from bot.admin.loading import LoadContent
from bot.admin.preview import Previews
from bot.admin.preview_pages import preview_routes
from bot.admin.row_ids import register_row_ids
from bot.admin.security import SESSION_COOKIE, SESSION_HOURS, SignInNeeded, session_secret
from bot.admin.sign_in_pages import sign_in_routes
from bot.admin.translation_pages import translation_routes
from bot.admin.understanding_pages import understanding_routes
from bot.clock import Clock
from bot.config import Settings
from bot.storage.database import Database


def create_app(
    settings: Settings, database: Database, clock: Clock, load_content: LoadContent
) -> Starlette:
    """The console; `load_content` reads content as the bot would (`bot.app.load_for_console`)."""
    register_row_ids()  # before any route is made: they use it
    store = ContentStore(settings, database, clock, load_content)
    console = Console(settings, database, clock, store, load_content)
    assert settings.secret_key is not None, "the console signs its cookies with the secret key"
    previews = Previews(store, settings, clock, load_content)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        previews.close()  # their throwaway databases go with the console

    async def home(request: Request) -> Response:
        console.staff(request)
        return console.render(request, "home.html")

    async def needs_sign_in(request: Request, _error: Exception) -> Response:
        return RedirectResponse("/sign-in", status_code=303)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return console.render(
            request, "error.html", status_code=error.status_code, message=error.detail
        )

    routes = [
        Route("/", home),
        *sign_in_routes(console),
        *account_routes(console),
        *case_routes(console),
        *translation_routes(console),
        *flow_routes(console),
        *draft_routes(console),
        *preview_routes(console, previews),
        *understanding_routes(console),
        *insights_routes(console),
        Mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=session_secret(settings.secret_key),
                session_cookie=SESSION_COOKIE,
                max_age=SESSION_HOURS * 3600,
                same_site="strict",
                https_only=True,
            ),
        ],
        exception_handlers={SignInNeeded: needs_sign_in, HTTPException: refused},
        lifespan=lifespan,
    )
