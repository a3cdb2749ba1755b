"""Signing in to the console and out of it.

Guessing is slowed per username and per address (bot/admin/throttle.py). Checking a password
(argon2) is slow and memory-hungry on purpose, so it runs in worker threads, a few at a time:
guesses can neither stall every page nor exhaust the server's memory. Failed sign-ins are
logged with the address and a short keyed hash of the name typed, never the name itself (people
type their password into it) nor the password.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math

from anyio import CapacityLimiter, to_thread
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import AccountDisabled, AccountRepository
from bot.admin.console import Console
from bot.admin.security import checked_form, session_secret, sign_in, sign_out
from bot.admin.throttle import SignInThrottle, in_words
from bot.storage.database import Database
from bot.storage.models import StaffAccount

log = logging.getLogger(__name__)

HASHING = CapacityLimiter(4)
"""Password checks and hashes at once: each argon2 run takes 64 MiB for a fraction of a second."""


def sign_in_routes(console: Console) -> list[Route]:
    throttle = SignInThrottle(console.clock)
    assert console.settings.secret_key is not None, "the console signs its cookies with the key"
    name_key = session_secret(console.settings.secret_key).encode()

    async def sign_in_page(request: Request) -> Response:
        if request.method == "GET":
            return console.render(request, "sign_in.html")
        form = await checked_form(request)
        username, password = str(form.get("username", "")), str(form.get("password", ""))
        address = request.client.host if request.client else "unknown"
        name = _short_hash(name_key, username)
        wait = throttle.wait(username, address)
        if wait is not None:
            log.warning(
                "Console sign-in refused unchecked: name %s or address %s locked", name, address
            )
            page = console.render(
                request,
                "sign_in.html",
                status_code=429,
                error=(
                    "Too many failed sign-ins for this username or from this address. "
                    f"Wait {in_words(wait)}, then try again."
                ),
            )
            page.headers["Retry-After"] = str(math.ceil(wait.total_seconds()))
            return page
        try:
            account = await to_thread.run_sync(
                _checked, console.database, username, password, limiter=HASHING
            )
        except AccountDisabled as refusal:
            log.warning("Console sign-in refused: the account of name %s is disabled", name)
            return console.render(request, "sign_in.html", status_code=403, error=str(refusal))
        if account is None:
            failures = throttle.failed(username, address)
            log.warning(
                "Console sign-in failed: name %s, address %s, %d failure(s) in a row",
                name,
                address,
                failures,
            )
            return console.render(
                request, "sign_in.html", status_code=401, error="Wrong username or password."
            )
        throttle.succeeded(username)
        sign_in(request, account, console.clock.now())
        log.info("Console sign-in: account %d from %s", account.id, address)
        return RedirectResponse("/", status_code=303)

    async def sign_out_page(request: Request) -> Response:
        await checked_form(request)
        sign_out(request, console.database)
        return RedirectResponse("/sign-in", status_code=303)

    return [
        Route("/sign-in", sign_in_page, methods=["GET", "POST"]),
        Route("/sign-out", sign_out_page, methods=["POST"]),
    ]


def _checked(database: Database, username: str, password: str) -> StaffAccount | None:
    with database.transaction() as session:
        return AccountRepository(session).sign_in(username, password)


def _short_hash(key: bytes, username: str) -> str:
    """Enough to see that failures are at one name; keyed, so a list of likely names (or
    passwords) cannot be hashed to find which it was."""
    typed = username.strip().casefold().encode()
    return hmac.new(key, typed, hashlib.sha256).hexdigest()[:8]
