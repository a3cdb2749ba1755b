"""Console sessions end when they should: on sign-out (everywhere), a new password, a disabled
account, or 30 minutes idle; administrators manage accounts from the CLI and the web."""

from __future__ import annotations

from datetime import timedelta

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from bot.admin.accounts import AccountRepository
from bot.admin.security import SESSION_COOKIE
from bot.cli import main
from tests.console_harness import ADMIN, CASEWORKER_USER, PASSWORD, ConsoleUnderTest, token_in

pytestmark = pytest.mark.security

NEW_PASSWORD = "lantern orchard quietly 58"


def signed_in(client: TestClient) -> bool:
    return client.get("/", follow_redirects=False).status_code == 200


def second_browser(console: ConsoleUnderTest, cookie: str | None = None) -> TestClient:
    """Another browser on the same console, optionally holding a copied session cookie."""
    cookies = {SESSION_COOKIE: cookie} if cookie else None
    return TestClient(console.client.app, base_url="https://testserver", cookies=cookies)


def sign_in(client: TestClient, username: str, password: str = PASSWORD):
    token = token_in(client.get("/sign-in").text)
    return client.post(
        "/sign-in",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def account_id(console: ConsoleUnderTest, username: str) -> int:
    with console.runtime.database.transaction() as session:
        account = AccountRepository(session).by_username(username)
        assert account is not None
        return account.id


def test_signing_out_ends_every_session_and_a_copied_cookie_with_it(console):
    console.sign_in(ADMIN)
    copied = console.client.cookies[SESSION_COOKIE]
    with second_browser(console) as laptop:
        sign_in(laptop, ADMIN)
        assert signed_in(laptop)
        console.client.post("/sign-out", data={"csrf_token": console.form_token()})
        assert not signed_in(laptop)
    with second_browser(console, copied) as thief:
        assert not signed_in(thief)


def test_a_session_ends_after_30_minutes_idle_but_not_while_in_use(console, clock):
    console.sign_in(ADMIN)
    for _ in range(3):  # 87 minutes in all, never 30 without a request
        clock.advance(timedelta(minutes=29))
        assert signed_in(console.client)
    clock.advance(timedelta(minutes=31))
    assert not signed_in(console.client)


def test_a_busy_session_still_ends_8_hours_after_signing_in(console, clock):
    console.sign_in(ADMIN)
    for _ in range(16):  # a request every 29 minutes: 7 hours 44 minutes
        clock.advance(timedelta(minutes=29))
        assert signed_in(console.client)
    clock.advance(timedelta(minutes=17))
    assert not signed_in(console.client)


def test_a_new_password_from_the_command_line_ends_sessions_and_replaces_the_old(
    console, settings, monkeypatch
):
    console.sign_in(ADMIN)
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(main, ["admin", "set-password", ADMIN, "--password", NEW_PASSWORD])
    assert result.exit_code == 0, result.output
    assert "every session of theirs has ended" in result.output
    assert not signed_in(console.client)
    assert sign_in(console.client, ADMIN, PASSWORD).status_code == 401
    assert sign_in(console.client, ADMIN, NEW_PASSWORD).status_code == 303


def test_the_command_line_refuses_a_weak_password_or_an_unknown_name(
    settings, console, monkeypatch
):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)
    weak = CliRunner().invoke(main, ["admin", "set-password", ADMIN, "--password", "password1234"])
    assert weak.exit_code == 1 and "choose a stronger password" in weak.output
    unknown = CliRunner().invoke(main, ["admin", "disable", "nobody"])
    assert unknown.exit_code == 1 and "there is no account called 'nobody'" in unknown.output
    assert sign_in(console.client, ADMIN).status_code == 303  # nothing changed


def test_a_disabled_account_is_signed_out_and_cannot_sign_in_until_enabled(
    console, settings, monkeypatch
):
    console.sign_in(CASEWORKER_USER)
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)
    disabled = CliRunner().invoke(main, ["admin", "disable", CASEWORKER_USER])
    assert disabled.exit_code == 0, disabled.output
    assert not signed_in(console.client)
    refused = sign_in(console.client, CASEWORKER_USER)
    assert refused.status_code == 403 and "This account is disabled" in refused.text
    wrong = sign_in(console.client, CASEWORKER_USER, "not the password at all")
    assert wrong.status_code == 401  # the wrong password says nothing about the account
    enabled = CliRunner().invoke(main, ["admin", "enable", CASEWORKER_USER])
    assert enabled.exit_code == 0 and "can sign in again" in enabled.output
    assert sign_in(console.client, CASEWORKER_USER).status_code == 303


def test_an_administrator_sets_a_password_on_the_web_and_the_holder_is_signed_out(console):
    ben = account_id(console, CASEWORKER_USER)
    with second_browser(console) as bens:
        sign_in(bens, CASEWORKER_USER)
        console.sign_in(ADMIN)
        done = console.client.post(
            f"/accounts/{ben}/password",
            data={"password": NEW_PASSWORD, "csrf_token": console.form_token("/accounts")},
        )
        assert done.status_code == 200 and f"{CASEWORKER_USER} has a new password" in done.text
        assert not signed_in(bens)
        assert sign_in(bens, CASEWORKER_USER, NEW_PASSWORD).status_code == 303
    assert signed_in(console.client)


def test_an_administrator_changing_their_own_password_stays_signed_in_only_here(console):
    console.sign_in(ADMIN)
    with second_browser(console) as laptop:
        sign_in(laptop, ADMIN)
        console.client.post(
            f"/accounts/{account_id(console, ADMIN)}/password",
            data={"password": NEW_PASSWORD, "csrf_token": console.form_token("/accounts")},
        )
        assert signed_in(console.client) and not signed_in(laptop)


def test_the_web_refuses_a_weak_password_and_says_why(console):
    console.sign_in(ADMIN)
    answer = console.client.post(
        f"/accounts/{account_id(console, CASEWORKER_USER)}/password",
        data={"password": "ben-password-1", "csrf_token": console.form_token("/accounts")},
    )
    assert answer.status_code == 400
    assert "The password was not changed: the password must not contain the username" in answer.text
    assert sign_in(second_browser(console), CASEWORKER_USER).status_code == 303


def test_an_administrator_disables_and_enables_an_account_on_the_web(console):
    ben = account_id(console, CASEWORKER_USER)
    with second_browser(console) as bens:
        sign_in(bens, CASEWORKER_USER)
        console.sign_in(ADMIN)
        disabled = console.client.post(
            f"/accounts/{ben}/disable", data={"csrf_token": console.form_token("/accounts")}
        )
        assert "can no longer sign in" in disabled.text and "disabled since" in disabled.text
        assert not signed_in(bens)
        assert sign_in(bens, CASEWORKER_USER).status_code == 403
        console.client.post(
            f"/accounts/{ben}/enable", data={"csrf_token": console.form_token("/accounts")}
        )
        assert sign_in(bens, CASEWORKER_USER).status_code == 303


def test_an_administrator_cannot_disable_their_own_account_on_the_web(console):
    console.sign_in(ADMIN)
    answer = console.client.post(
        f"/accounts/{account_id(console, ADMIN)}/disable",
        data={"csrf_token": console.form_token("/accounts")},
    )
    assert answer.status_code == 400 and "cannot disable your own account" in answer.text
    assert signed_in(console.client)


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/accounts"), ("post", "/accounts/1/disable"), ("post", "/accounts/1/password")],
)
def test_a_caseworker_cannot_manage_accounts(console, method, path):
    console.sign_in(CASEWORKER_USER)
    data = {"csrf_token": console.form_token(), "password": NEW_PASSWORD}
    answer = console.client.request(method, path, data=data if method == "post" else None)
    assert answer.status_code == 403
    assert sign_in(second_browser(console), ADMIN).status_code == 303  # admin untouched


def test_an_oversized_account_number_names_nothing(console):
    console.sign_in(ADMIN)
    answer = console.client.post(
        "/accounts/99999999999999999999/disable",
        data={"csrf_token": console.form_token("/accounts")},
    )
    assert answer.status_code == 404
