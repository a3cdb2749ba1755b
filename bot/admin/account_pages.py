"""`/accounts`: administrators set a console account's password, disable it or enable it again,
as `waypost admin set-password`, `disable` and `enable` do. Each change to a password or a
disabling ends every session of the account at once (bot/admin/security.py). Caseworkers get 403.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from bot.admin.accounts import AccountError, AccountRepository, Role
from bot.admin.console import Console
from bot.admin.disabling import disable_account
from bot.admin.security import checked_form, sign_in
from bot.admin.sign_in_pages import HASHING
from bot.storage.models import StaffAccount

log = logging.getLogger(__name__)
DONE = "accounts_done"
"""The session key of the line that says what the last change did, shown once."""


def account_routes(console: Console) -> list[Route]:
    def page(request: Request, status_code: int = 200, error: str | None = None) -> Response:
        with console.database.transaction() as session:
            accounts = AccountRepository(session).all()
        done = request.session.pop(DONE, None)
        return console.render(
            request,
            "accounts.html",
            status_code=status_code,
            accounts=accounts,
            error=error,
            done=done if error is None else None,
        )

    async def accounts_page(request: Request) -> Response:
        console.staff(request, Role.ADMINISTRATOR)
        return page(request)

    async def set_password(request: Request) -> Response:
        me = console.staff(request, Role.ADMINISTRATOR)
        form = await checked_form(request)
        password = str(form.get("password", ""))
        target = _target(request)

        def new_password(accounts: AccountRepository, username: str) -> StaffAccount:
            return accounts.set_password(username, password)

        try:
            # Checking the password's strength and hashing it take a moment: off the event loop.
            account = await to_thread.run_sync(
                _change, console, target, new_password, limiter=HASHING
            )
        except AccountError as error:
            return page(request, 400, f"The password was not changed: {error}.")
        log.info("Console account %d: password set by account %d", account.id, me.id)
        if account.id == me.id:  # this browser stays signed in, every other session ends
            sign_in(request, account, console.clock.now())
        return _done(request, f"{account.username} has a new password; their other sessions ended.")

    async def disable(request: Request) -> Response:
        me = console.staff(request, Role.ADMINISTRATOR)
        await checked_form(request)
        target = _target(request)
        if target == me.id:
            return page(
                request,
                400,
                "You cannot disable your own account here: another administrator can, or "
                "`waypost admin disable`.",
            )
        now, actor = console.clock.now(), f"console:{me.username}"
        try:
            disabled = _change(
                console,
                target,
                lambda accounts, name: disable_account(accounts.session, name, actor, now),
            )
        except AccountError as error:
            return page(request, 400, f"Nothing changed: {error}.")
        log.info("Console account %d: disabled by account %d", disabled.account.id, me.id)
        return _done(request, disabled.summary())

    async def enable(request: Request) -> Response:
        me = console.staff(request, Role.ADMINISTRATOR)
        await checked_form(request)
        try:
            account = _change(
                console, _target(request), lambda accounts, name: accounts.enable(name)
            )
        except AccountError as error:
            return page(request, 400, f"Nothing changed: {error}.")
        log.info("Console account %d: enabled by account %d", account.id, me.id)
        return _done(request, f"{account.username} can sign in again.")

    return [
        Route("/accounts", accounts_page),
        Route("/accounts/{account_id:row_id}/password", set_password, methods=["POST"]),
        Route("/accounts/{account_id:row_id}/disable", disable, methods=["POST"]),
        Route("/accounts/{account_id:row_id}/enable", enable, methods=["POST"]),
    ]


Changed = TypeVar("Changed")


def _change(
    console: Console, account_id: int, change: Callable[[AccountRepository, str], Changed]
) -> Changed:
    """Applies `change` to the account with this id, in one transaction; 404 if there is none."""
    with console.database.transaction() as session:
        accounts = AccountRepository(session)
        account = accounts.get(account_id)
        if account is None:
            raise HTTPException(404, "There is no such account.")
        return change(accounts, account.username)


def _target(request: Request) -> int:
    account_id: int = request.path_params["account_id"]
    return account_id


def _done(request: Request, message: str) -> Response:
    request.session[DONE] = message
    return RedirectResponse("/accounts", status_code=303)
