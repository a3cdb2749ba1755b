"""Console accounts refuse guessable passwords and odd usernames, with a plain reason."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.admin.accounts import AccountError, AccountRepository, Role
from bot.cli import main

pytestmark = pytest.mark.security


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("dana", "password1234", "very common password"),
        ("dana", "qwertyuiop12", "commonly used password"),
        ("dana", "iloveyouiloveyou", "Repeats"),
        ("dana", "short pass", "at least 12 characters"),
        ("margaret", "Margaret-2026-rocks!", "must not contain the username"),
    ],
)
def test_a_guessable_password_is_refused_with_the_reason(runtime, username, password, reason):
    with runtime.database.transaction() as session, pytest.raises(AccountError, match=reason):
        AccountRepository(session).create(
            username, password, Role.ADMINISTRATOR, runtime.clock.now()
        )


@pytest.mark.parametrize("username", ["", "a", "two words", "../etc", "1st", "x" * 41, "ana;--"])
def test_a_username_that_is_not_a_simple_name_is_refused(runtime, username):
    with runtime.database.transaction() as session, pytest.raises(AccountError, match="username"):
        AccountRepository(session).create(
            username, "plenty of unguessable words", Role.ADMINISTRATOR, runtime.clock.now()
        )


def test_a_strong_password_and_a_simple_name_make_an_account(runtime):
    with runtime.database.transaction() as session:
        account = AccountRepository(session).create(
            "dana.k", "violet tractor under moonlight", Role.ADMINISTRATOR, runtime.clock.now()
        )
    assert account.username == "dana.k"


def test_the_command_says_why_a_password_is_refused(monkeypatch, settings):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)
    result = CliRunner().invoke(
        main,
        ["admin", "create-user", "dana", "--role", "administrator", "--password", "password1234"],
    )
    assert result.exit_code == 1
    assert "choose a stronger password: This is a very common password" in result.output
