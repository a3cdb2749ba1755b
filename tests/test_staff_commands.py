"""`waypost caseworkers` and `waypost cases`, as an operator runs them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import main
from tests.chat_driver import ChatDriver


@pytest.fixture
def cli(settings, monkeypatch):
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    return run


def test_caseworkers_add_list_remove(cli):
    assert "No caseworkers yet" in cli("caseworkers", "list")
    assert (
        cli("caseworkers", "add", "9001", "--name", "Sam") == "Sam (9001) can now act on cases.\n"
    )
    assert cli("caseworkers", "list").startswith("9001\tSam\tadded ")
    cli("caseworkers", "remove", "9001")
    result = CliRunner().invoke(main, ["caseworkers", "remove", "9001"])
    assert result.exit_code == 1 and "9001 is not a caseworker" in result.output


def test_cases_list_shows_open_cases_their_age_and_waiting_alerts(cli, runtime, clock):
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.text("they found me")
    output = cli("cases", "list")
    assert "Case #1 · URGENT · English · England or Wales · danger: followed" in output
    assert "1 alert(s) not yet delivered" in output


def test_cases_list_when_there_are_none(cli):
    assert cli("cases", "list") == "No open cases.\n"
