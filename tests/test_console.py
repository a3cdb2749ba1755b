"""The terminal chat: the same engine, buttons as numbers."""

from __future__ import annotations

import io

from click.testing import CliRunner

from bot.channels.console import ConsoleChat
from bot.cli import main
from tests.conftest import FIXTURES


def chat(runtime, lines: list[str], language: str | None = None) -> str:
    output = io.StringIO()
    ConsoleChat(runtime.conversation, io.StringIO("\n".join(lines) + "\n"), output).run(language)
    return output.getvalue()


def test_a_person_can_pick_a_language_consent_and_browse(runtime):
    transcript = chat(runtime, ["1", "1", "2", "1", "3"])
    assert "  1. English\n  2. Shqip" in transcript
    assert "Is this OK?\n  1. Yes, that is OK\n  2. No" in transcript
    assert "What would you like to know?" in transcript
    assert "First, the Home Office makes a decision. It is called reasonable grounds." in transcript
    assert "support for 90 days" in transcript


def test_commands_typing_and_numbers_out_of_range(runtime):
    transcript = chat(runtime, ["1", "1", "1", "19", "/help", "/exit", "/quit", "/menu"])
    assert "> 19\n\nSorry, I did not understand." in transcript
    assert "call 999" in transcript
    assert "> /exit\n\nOK" in transcript
    assert "> /menu" not in transcript  # /quit ended the chat


def test_lang_option_starts_in_that_language(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WAYPOST_LOCALES_DIR", str(FIXTURES / "locales"))
    result = CliRunner().invoke(main, ["chat", "--lang", "sq"], input="1\n")
    assert result.exit_code == 0, result.output
    assert "Waypost drejtohet nga Waypost demo (not a real service)." in result.output
    assert (tmp_path / "waypost.sqlite3").exists()


def test_lang_option_with_a_language_we_do_not_have(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["chat", "--lang", "xx"])
    assert result.exit_code == 1
    assert "no 'xx' content yet; available: en" in result.output
