"""Who is signed in, what their role lets them do, and CSRF protection for every form.

Sessions are signed cookies (Starlette's SessionMiddleware): HttpOnly, Secure, SameSite=Strict.
A signed cookie cannot be taken back, so each one carries its account's session version and
when it was last used, and every request checks both against the database and the clock:
signing out, a new password or a disabled account (each adds one to the version) ends every
session of the account at once, and a session idle for 30 minutes ends too.
Every POST must carry the session's CSRF token (a form field or the X-CSRF-Token header); each
POST handler reads its form through `checked_form`, so none can forget.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from bot.admin.accounts import AccountRepository, Role
from bot.storage.database import Database
from bot.storage.models import StaffAccount

SESSION_COOKIE = "waypost_console"
SESSION_HOURS = 8
"""The longest a session lasts, however busy (the cookie is signed afresh on every answer, so
its own age says nothing: the time of signing in, inside it, does)."""
IDLE = timedelta(minutes=30)
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


def sign_in(request: Request, account: StaffAccount, now: datetime) -> None:
    request.session.clear()  # a new session on sign-in: no fixation
    request.session["account"] = account.id
    request.session["version"] = account.session_version
    request.session["since"] = request.session["seen"] = int(now.timestamp())
    request.session[CSRF_FIELD] = secrets.token_urlsafe(32)


def sign_out(request: Request, database: Database) -> None:
    """Ends every session of the account, not only this browser's: whoever else holds one of
    its cookies (a shared computer, a stolen cookie) is signed out too."""
    account_id = request.session.get("account")
    if isinstance(account_id, int):
        with database.transaction() as session:
            AccountRepository(session).end_sessions(account_id)
    request.session.clear()


def signed_in(request: Request, database: Database, now: datetime) -> StaffAccount | None:
    """The account whose session this is, if it is still live; a session that is not (idle too
    long or too old, signed out, password changed, account disabled) is emptied."""
    account_id, version = request.session.get("account"), request.session.get("version")
    since, seen = request.session.get("since"), request.session.get("seen")
    if not (
        isinstance(account_id, int)
        and isinstance(version, int)
        and isinstance(since, int)
        and isinstance(seen, int)
    ):
        return None  # nobody signed in (the sign-in page's session holds only its CSRF token)
    idle, age = (now - datetime.fromtimestamp(moment, now.tzinfo) for moment in (seen, since))
    if idle > IDLE or age > timedelta(hours=SESSION_HOURS):
        request.session.clear()
        return None
    with database.transaction() as session:
        account = session.get(StaffAccount, account_id)
    if account is None or account.disabled_at is not None or account.session_version != version:
        request.session.clear()
        return None
    request.session["seen"] = int(now.timestamp())
    return account


def require(request: Request, database: Database, now: datetime, *roles: Role) -> StaffAccount:
    """The signed-in account, if its role is one of `roles`; 403 for any other role."""
    account = signed_in(request, database, now)
    if account is None:
        raise SignInNeeded
    if roles and Role(account.role) not in roles:
        raise HTTPException(403, "Your account cannot do this.")
    return account


def template_globals(request: Request, account: StaffAccount | None) -> dict[str, Any]:
    return {"request": request, "account": account, "csrf_token": csrf_token(request)}
