"""Storage on a real SQLite file: migrations match the models, times stay UTC, erasure is real."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.exc import StatementError

from bot.escalation.case_notes import CaseNotes
from bot.storage.database import Database, alembic_config
from bot.storage.models import Base, Case, CaseNote, ChatMessage
from bot.storage.sealing import Keyring
from bot.storage.survivors import SentMessage, SurvivorRepository

NOW = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)


@pytest.fixture
def database(database_url) -> Database:
    database = Database(database_url, Keyring([Keyring.new_key()]))
    database.migrate()
    yield database
    database.close()


def test_migrations_create_exactly_the_models(database):
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_twice_is_harmless(database):
    database.migrate()


def test_times_come_back_aware_and_in_utc(database):
    with database.transaction() as session:
        state = SurvivorRepository(session).load_or_create("test:1", NOW)
        state.consented_at = NOW.astimezone(UTC)
        SurvivorRepository(session).save(state, NOW)
    with database.transaction() as session:
        loaded = SurvivorRepository(session).find("test:1")
    assert loaded.consented_at == NOW and loaded.consented_at.tzinfo is not None


def test_a_naive_time_is_refused(database):
    with pytest.raises(StatementError, match="naive datetime"), database.transaction() as session:
        SurvivorRepository(session).load_or_create("test:1", datetime(2026, 1, 1))


def test_message_ids_older_than_48_hours_are_dropped(database):
    with database.transaction() as session:
        survivors = SurvivorRepository(session)
        survivors.load_or_create("test:1", NOW)
        survivors.remember_messages([SentMessage("test:1", 1, NOW), SentMessage("test:1", 2, NOW)])
        later = NOW + timedelta(hours=49)
        survivors.remember_messages([SentMessage("test:1", 3, later)])
        assert survivors.deletable_messages("test:1", later) == [3]
        survivors.prune_message_ids(later)
        assert session.scalar(select(func.count()).select_from(ChatMessage)) == 1


@pytest.mark.sqlite_only
@pytest.mark.security
def test_sqlite_erases_securely_and_enforces_foreign_keys(database):
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_every_migration_upgrades_a_database_that_already_has_survivors(empty_database_url):
    from alembic.script import ScriptDirectory

    database = Database(empty_database_url, Keyring([Keyring.new_key()]))
    config = alembic_config()
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revisions[-1])  # the first migration
        connection.execute(
            text(
                "INSERT INTO survivors (chat_key, created_at, last_seen_at) "
                "VALUES ('test:old', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    database.migrate()
    with database.transaction() as session:
        assert SurvivorRepository(session).find("test:old") is not None
    database.close()


def test_the_case_notes_migration_goes_down_and_up_again(database):
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        assert "case_notes" not in inspect(connection).get_table_names()
        command.upgrade(config, "head")
        assert "case_notes" in inspect(connection).get_table_names()


def test_what_a_survivor_added_to_a_case_goes_with_the_case(database):
    with database.transaction() as session:
        survivor = SurvivorRepository(session).load_or_create("test:1", NOW)
        case = Case(
            survivor_id=survivor.survivor_id,
            reason="asked_for_person",
            urgency="normal",
            status="open",
            opened_at=NOW,
            updated_at=NOW,
        )
        session.add(case)
        session.flush()
        CaseNotes(session).add(case.id, "Can someone call me?", NOW)
    with database.transaction() as session:
        assert [note.text for note in CaseNotes(session).of_case(case.id)] == [
            "Can someone call me?"
        ]
        session.execute(delete(Case))
    with database.transaction() as session:
        assert session.scalar(select(func.count()).select_from(CaseNote)) == 0
