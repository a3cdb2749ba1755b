"""Database size per survivor: 10,000 survivors with consent, a place, topics and a story."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bot.storage.database import Database
from bot.storage.sealing import Keyring
from bot.storage.survivors import SurvivorRepository

STORY = "I worked on a farm for two years and was never paid. " * 3


def bytes_per_survivor(survivors: int) -> float:
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "size.sqlite3"
        database = Database(f"sqlite:///{path}", Keyring([Keyring.new_key()]))
        database.migrate()
        empty = database_bytes(database)
        with database.transaction() as session:
            repository = SurvivorRepository(session)
            for number in range(survivors):
                state = repository.load_or_create(f"telegram:{number}", now)
                state.language, state.nation, state.consented_at = "en", "scotland", now
                state.node, state.topics = "nrm_intro", ["nrm_basics", "life_events"]
                state.answers = {"account": STORY}
                repository.save(state, now)
        grown = database_bytes(database)
        database.close()
        return (grown - empty) / survivors


def database_bytes(database: Database) -> int:
    with database.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
        page_size = connection.exec_driver_sql("PRAGMA page_size").scalar() or 0
    return pages * page_size
