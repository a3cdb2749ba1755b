"""Survivors' words are encrypted at rest; keys can be rotated; a wrong key is caught."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.app import build_runtime
from bot.cli import main
from bot.escalation.case_notes import CaseNotes
from bot.storage.sealing import Keyring, SealingError
from tests.chat_driver import ChatDriver

pytestmark = pytest.mark.security

STORY = "SECRET-STORY: they kept me at the car wash in Leeds"
WORDS = "SECRET-WORDS: please call me on Tuesday"


def survivor_rows(runtime) -> bytes:
    """The rows that are about one survivor, as an attacker without the key sees them."""
    with runtime.database.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM survivors")).all()
        rows += connection.execute(text("SELECT * FROM case_notes")).all()
    return repr(rows).encode()


def stored(runtime) -> bytes:
    """Everything the database holds about survivors, as an attacker without the key sees it."""
    raw = survivor_rows(runtime)
    url = runtime.settings.database_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        raw += b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    return raw


def write_story(runtime) -> ChatDriver:
    chat = ChatDriver(runtime)
    chat.onboard()
    chat.press("What is the NRM?")
    chat.command("menu")
    chat.press("My story: tell it once")
    chat.press("Write or change my story")
    chat.text(STORY)
    return chat


def add_words_to_a_request(chat: ChatDriver) -> None:
    chat.ask_for_a_person()
    chat.text(WORDS)


def test_the_database_file_shows_no_survivor_text_without_the_key(runtime, settings):
    chat = write_story(runtime)
    add_words_to_a_request(chat)
    assert chat.state.answers["account"] == STORY
    raw = stored(runtime)
    assert b"SECRET-STORY" not in raw and b"car wash" not in raw
    assert b"SECRET-WORDS" not in raw
    # What they read is sealed in their own rows. The daily counts name topics read in a day by
    # language and nation, never by whom (tests/test_insights_counting.py), so the file may.
    assert b"nrm_" not in survivor_rows(runtime)


@pytest.mark.sqlite_only
def test_deleted_text_does_not_linger_in_the_file(runtime, settings):
    chat = write_story(runtime)
    add_words_to_a_request(chat)
    chat.command("forget")
    chat.press("Yes, delete everything")
    raw = stored(runtime)
    assert b"SECRET-STORY" not in raw and b"SECRET-WORDS" not in raw


def test_the_wrong_key_is_caught_with_a_clear_message(runtime, settings, clock):
    write_story(runtime)
    runtime.close()
    other = build_runtime(replace(settings, secret_key=Keyring.new_key()), clock)
    try:
        with pytest.raises(SealingError, match="cannot be opened with WAYPOST_SECRET_KEY"):
            ChatDriver(other).state  # noqa: B018 - reading is what fails
    finally:
        other.close()


def test_keys_rotate_reseals_everything_under_the_new_key(runtime, settings, clock, monkeypatch):
    add_words_to_a_request(write_story(runtime))
    runtime.close()
    new_key = Keyring.new_key()
    monkeypatch.setenv("WAYPOST_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("WAYPOST_SECRET_KEY", f"{new_key},{settings.secret_key}")
    result = CliRunner().invoke(main, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 2 survivor, reminder and case note record(s)" in result.output
    rotated = build_runtime(replace(settings, secret_key=new_key), clock)
    try:
        assert ChatDriver(rotated).state.answers["account"] == STORY
        with rotated.database.transaction() as session:
            assert [note.text for note in CaseNotes(session).of_case(1)] == [WORDS]
    finally:
        rotated.close()


def test_keys_new_makes_a_working_key():
    result = CliRunner().invoke(main, ["keys", "new"])
    Keyring([result.output.strip()]).seal({"ok": True})


def test_the_demo_chat_makes_its_own_key_and_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WAYPOST_SECRET_KEY", raising=False)
    result = CliRunner().invoke(main, ["chat"], input="1\n")
    assert result.exit_code == 0, result.output
    assert "demo: no WAYPOST_SECRET_KEY" in result.output
    assert (tmp_path / ".waypost-demo-key").stat().st_mode & 0o777 == 0o600
    again = CliRunner().invoke(main, ["chat"], input="/menu\n")
    assert "Is this OK?" in again.output  # the same key opened the same survivor
