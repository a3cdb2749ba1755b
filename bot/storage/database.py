"""One place that opens the database, migrates it, and hands out transactions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.sealing import Keyring

MIGRATIONS = Path(__file__).parent / "migrations"
# Here rather than in bot/config.py: migrations run without the settings (alembic's env.py).
DEFAULT_DATABASE_URL = "sqlite:///waypost.sqlite3"


class Database:
    def __init__(self, url: str, keyring: Keyring | None = None) -> None:
        self.url = url
        self.keyring = keyring
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        # Repositories that read survivors' private data find the keyring on their session.
        self._sessions = sessionmaker(
            self.engine, expire_on_commit=False, info={"keyring": keyring}
        )

    def migrate(self) -> None:
        """Bring the schema up to date; safe to run at every start."""
        with self.engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            # A migration that seals or opens survivors' data (reminders, say) needs the key.
            config.attributes["keyring"] = self.keyring
            command.upgrade(config, "head")

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on success and rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    # Cascades on erase need foreign keys; WAL lets a reader and the writer work at once, and
    # with it synchronous=NORMAL cannot corrupt the database (a power cut may lose the last
    # moments, a crashed process loses nothing) while saving a disk flush per turn;
    # secure_delete overwrites erased rows instead of leaving them in free pages.
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()
