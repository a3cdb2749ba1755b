"""A reminder says when and where someone reports: the database keeps none of it in clear."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import Date, Time, column, inspect, table, text

from bot.cli import main
from bot.reminders.plan import REPORTING, ReminderDraft
from bot.reminders.repository import SENT, ReminderRepository
from bot.reminders.schedule import Notice, Repeat, Rule
from bot.storage.database import Database, alembic_config
from bot.storage.models import UTCDateTime
from bot.storage.sealing import Keyring, SealingError
from bot.storage.survivors import SurvivorRepository

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PLACE = "Sandford House"
REPORTING_DRAFT = ReminderDraft(
    REPORTING,
    Rule(date(2026, 11, 24), time(10, 37), Repeat.FORTNIGHTLY),
    (Notice.DAY_BEFORE, Notice.ONE_HOUR),
    checkin_after=timedelta(minutes=45),
    place=PLACE,
)
# What a reader of the raw rows must not find: the place, the kind, the rule, the notices and
# purposes, the time of day, the days, the check-in minutes and the answer.
REVEALING = (
    PLACE,
    "reporting",
    "fortnightly",
    "day_before",
    "one_hour",
    "after",
    "10:37",
    "2026-11-24",
    "45",
    "missed",
)
# The moments the scheduler queries, listed in SECURITY.md: in clear, and nothing else is.
SCHEDULING_TIMES = {"created_at", "next_due_at", "due_at", "sent_at", "answer_by", "escalated_at"}
IN_CLEAR = {
    "reminders": {"id", "survivor_id", "timing", "paused", "next_index"},
    "reminder_messages": {
        "id",
        "reminder_id",
        "timing",
        "occurrence",
        "position",
        "status",
        "attempts",
        "has_answer",
    },
}


def raw_rows(database: Database) -> dict[str, list[dict[str, object]]]:
    with database.engine.connect() as connection:
        return {
            name: [
                dict(row) for row in connection.execute(text(f"SELECT * FROM {name}")).mappings()
            ]
            for name in IN_CLEAR
        }


def shown(database: Database) -> list[str]:
    """Revealing words in any column kept in clear, and any column not known to be harmless."""
    found = []
    for name, rows in raw_rows(database).items():
        assert rows
        for row in rows:
            if not str(row.get("sealed")).startswith("gAAAAA"):  # not a Fernet token
                found.append(f"{name} unsealed")
            found += sorted(set(row) - IN_CLEAR[name] - SCHEDULING_TIMES - {"sealed"})
            clear = " ".join(str(row[column]) for column in IN_CLEAR[name] & set(row))
            found += [word for word in REVEALING if word.lower() in clear.lower()]
    return found


@pytest.fixture
def database(database_url) -> Database:
    database = Database(database_url, Keyring([Keyring.new_key()]))
    database.migrate()
    yield database
    database.close()


def add_reporting(database: Database) -> int:
    with database.transaction() as session:
        survivor = SurvivorRepository(session).load_or_create("test:1", NOW)
        return ReminderRepository(session).add(survivor.survivor_id, REPORTING_DRAFT, NOW).id


@pytest.mark.security
def test_a_reminder_row_shows_no_place_time_kind_or_rule(database):
    reminder_id = add_reporting(database)
    with database.transaction() as session:
        reminders = ReminderRepository(session)
        after = reminders.due(datetime(2026, 11, 25, tzinfo=UTC), 10)[-1]
        assert after.purpose == "after"
        reminders.answer(after.id, "missed", NOW)
        assert reminders.find(1, reminder_id, NOW).draft == REPORTING_DRAFT
    assert shown(database) == []


def test_a_new_time_is_planned_even_where_the_old_one_was_sent(database):
    reminder_id = add_reporting(database)
    moved = ReminderDraft(REPORTING, Rule(date(2026, 11, 25), time(15, 0)), (Notice.DAY_BEFORE,))
    with database.transaction() as session:
        reminders = ReminderRepository(session)
        first = reminders.due(datetime(2026, 11, 24, tzinfo=UTC), 10)
        reminders.set_status([message.id for message in first], SENT)
        reminders.change(1, reminder_id, moved, NOW + timedelta(hours=1))
        planned = reminders.due(datetime(2026, 11, 26, tzinfo=UTC), 10)
    assert [(m.purpose, m.occurrence_at.hour) for m in planned] == [
        ("day_before", 15),
        ("after", 15),
    ]


@pytest.mark.security
def test_keys_rotate_reseals_reminders_and_their_messages(database_url, monkeypatch):
    old_key, new_key = Keyring.new_key(), Keyring.new_key()
    database = Database(database_url, Keyring([old_key]))
    database.migrate()
    add_reporting(database)
    database.close()
    monkeypatch.setenv("WAYPOST_DATABASE_URL", database_url)
    monkeypatch.setenv("WAYPOST_SECRET_KEY", f"{new_key},{old_key}")
    result = CliRunner().invoke(main, ["keys", "rotate"])
    assert result.exit_code == 0, result.output
    assert "Re-encrypted 4 survivor, reminder" in result.output  # the reminder, 3 messages
    only_new = Database(database_url, Keyring([new_key]))
    try:
        with only_new.transaction() as session:
            due = ReminderRepository(session).due(datetime(2026, 11, 25, tzinfo=UTC), 10)
            assert [(m.purpose, m.draft.place) for m in due] == [
                ("day_before", PLACE),
                ("one_hour", PLACE),
                ("after", PLACE),
            ]
    finally:
        only_new.close()


def sealing_revision() -> tuple[str, str]:
    """This migration and the one before it, whatever numbers they were given."""
    scripts = ScriptDirectory.from_config(alembic_config())
    for script in scripts.walk_revisions():
        if Path(script.path).name.endswith("_sealed_reminders.py"):
            assert isinstance(script.down_revision, str)
            return script.revision, script.down_revision
    raise AssertionError("the migration that seals reminders is missing")


@pytest.mark.security
def test_the_migration_seals_existing_reminders_and_opens_them_again(empty_database_url):
    keyring = Keyring([Keyring.new_key()])
    database = Database(empty_database_url, keyring)
    sealing, before = sealing_revision()
    config = alembic_config()
    config.attributes["keyring"] = keyring
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, before)
        insert_clear_reminder(connection, keyring)
        command.upgrade(config, sealing)
    assert shown(database) == []
    with database.transaction() as session:
        reminders = ReminderRepository(session)
        assert reminders.find(1, 1, NOW).draft == REPORTING_DRAFT
        (message,) = reminders.due(NOW, 10, status=SENT)
        assert (message.purpose, message.occurrence_at) == ("after", OCCURRENCE)
        assert not reminders.answer(message.id, "went", NOW)  # answered before the move
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, before)
        assert connection.execute(
            text("SELECT kind, repeat, notices, checkin_after FROM reminders")
        ).all() == [("reporting", "fortnightly", "day_before,one_hour", 45)]
        assert connection.execute(
            text("SELECT purpose, answered FROM reminder_messages")
        ).all() == [("after", "missed")]
        assert "has_answer" not in {
            c["name"] for c in inspect(connection).get_columns("reminder_messages")
        }
    database.close()


def test_the_migration_without_a_key_says_what_to_do(empty_database_url, monkeypatch):
    monkeypatch.delenv("WAYPOST_SECRET_KEY", raising=False)
    keyring = Keyring([Keyring.new_key()])
    database = Database(empty_database_url)
    _, before = sealing_revision()
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, before)
        insert_clear_reminder(connection, keyring)
    with pytest.raises(SealingError, match="WAYPOST_SECRET_KEY is missing"):
        database.migrate()
    database.close()


OCCURRENCE = datetime(2026, 11, 10, 10, 37, tzinfo=UTC)


def insert_clear_reminder(connection, keyring: Keyring) -> None:
    """A reporting as the schema before sealing kept it, with its answered check-in."""
    connection.execute(
        text(
            "INSERT INTO survivors (chat_key, created_at, last_seen_at) "
            "VALUES ('test:1', :now, :now)"
        ),
        {"now": NOW.replace(tzinfo=None)},
    )
    # Typed, as the schema before sealing declared them, so dates and times bind anywhere.
    reminders = table(
        "reminders",
        *(column(name) for name in ("survivor_id", "kind", "repeat", "notices", "sealed")),
        column("checkin_after"),
        column("first_day", Date()),
        column("at_time", Time()),
        column("created_at", UTCDateTime()),
    )
    connection.execute(
        reminders.insert().values(
            survivor_id=1,
            kind="reporting",
            first_day=date(2026, 11, 24),
            at_time=time(10, 37),
            repeat="fortnightly",
            notices="day_before,one_hour",
            checkin_after=45,
            sealed=keyring.seal({"what": None, "place": PLACE}),
            created_at=NOW,
        )
    )
    connection.execute(
        text(
            "INSERT INTO reminder_messages (reminder_id, occurrence_at, purpose, due_at, status, "
            "attempts, answered) VALUES (1, :at, 'after', :due, 'sent', 1, 'missed')"
        ),
        {
            "at": OCCURRENCE.replace(tzinfo=None),
            "due": (OCCURRENCE + timedelta(minutes=45)).replace(tzinfo=None),
        },
    )
