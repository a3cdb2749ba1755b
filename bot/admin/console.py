"""What every page of the web console works with, built once when it starts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from bot.admin.accounts import Role
from bot.admin.content import ContentStore
from bot.admin.loading import LoadContent
from bot.admin.security import require, signed_in, template_globals
from bot.clock import Clock
from bot.config import Settings
from bot.storage.database import Database
from bot.storage.models import StaffAccount

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")


@dataclass
class Console:
    settings: Settings
    database: Database
    clock: Clock
    content: ContentStore
    load_content: LoadContent

    def staff(self, request: Request, *roles: Role) -> StaffAccount:
        """The signed-in account, for a page only these roles may use (any, if none given)."""
        return require(request, self.database, self.clock.now(), *roles)

    def render(
        self, request: Request, template: str, status_code: int = 200, **values: Any
    ) -> HTMLResponse:
        account = signed_in(request, self.database, self.clock.now())
        context = {**template_globals(request, account), **values}
        return TEMPLATES.TemplateResponse(request, template, context, status_code=status_code)
