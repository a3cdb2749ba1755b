"""Who is signed in, what their role lets them do, and CSRF protection for every form.

Sessions are signed cookies (Starlette's SessionMiddleware): HttpOnly, Secure, SameSite=Strict.
Every POST must carry the session's CSRF token (a form field or the X-CSRF-Token header); each
POST handler reads its form through `checked_form`, so none can forget.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.admin.accounts import Role
from bot.storage.database import Database
from bot.storage.models import StaffAccount

SESSION_COOKIE = "waypost_console"
SESSION_HOURS = 8
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class SignInNeeded(Exception):
    """Raised by pages for signed-in staff when nobody is: the app sends them to sign in."""


def session_secret(secret_key: str) -> str:
    """The cookie-signing key, derived from WAYPOST_SECRET_KEY (never the key itself)."""
    return hmac.new(
        secret_key.encode(), b"waypost web console sessions", hashlib.sha256
    ).hexdigest()


def csrf_token(request: Request) -> str:
    token = request.session.get(CSRF_FIELD)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[CSRF_FIELD] = token
    return token


async def checked_form(request: Request) -> FormData:
    """The POSTed form, once its CSRF token matches the session's; 403 otherwise."""
    form = await request.form()
    sent = form.get(CSRF_FIELD) or request.headers.get(CSRF_HEADER) or ""
    expected = request.session.get(CSRF_FIELD)
    if not isinstance(sent, str) or not isinstance(expected, str):
        raise HTTPException(403, "This form has expired. Go back, reload the page and try again.")
    if not hmac.compare_digest(sent, expected):
        raise HTTPException(403, "This form has expired. Go back, reload the page and try again.")
    return form


def sign_in(request: Request, account: StaffAccount) -> None:
    request.session.clear()  # a new session on sign-in: no fixation
    request.session["account"] = account.id
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    request.session.clear()


def signed_in(request: Request, database: Database) -> StaffAccount | None:
    account_id = request.session.get("account")
    if not isinstance(account_id, int):
        return None
    with database.transaction() as session:
        return session.get(StaffAccount, account_id)


def require(request: Request, database: Database, *roles: Role) -> StaffAccount:
    """The signed-in account, if its role is one of `roles`; 403 for any other role."""
    account = signed_in(request, database)
    if account is None:
        raise SignInNeeded
    if roles and Role(account.role) not in roles:
        raise HTTPException(403, "Your account cannot do this.")
    return account


def template_globals(request: Request, account: StaffAccount | None) -> dict[str, Any]:
    return {"request": request, "account": account, "csrf_token": csrf_token(request)}
