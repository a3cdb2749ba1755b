"""A throwaway PostgreSQL server for the test suite (WAYPOST_TEST_POSTGRES=1).

It runs Debian's PostgreSQL binaries as an unprivileged user, listens on loopback only, and
keeps a migrated template database so each test gets a fresh copy in milliseconds.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.storage.database import Database

SERVER_USER = "postgres"  # the unprivileged account Debian's package creates
TEMPLATE = "waypost_template"


class PostgresUnavailable(RuntimeError):
    pass


class TemporaryPostgres:
    def __init__(self) -> None:
        # Not under pytest's own temporary folder: the server's user must be able to reach it.
        self.directory = Path(tempfile.mkdtemp(prefix="waypost-postgres-"))
        self.data = self.directory / "data"
        self.port = _free_port()
        self.bin = _binaries()
        self._names = itertools.count(1)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://waypost@127.0.0.1:{self.port}/{database}"

    def start(self) -> TemporaryPostgres:
        as_root = os.geteuid() == 0
        if as_root:
            shutil.chown(self.directory, SERVER_USER)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "waypost", "-E", "UTF8")
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = self.directory / "server.log"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(log), "-w", "start")
        self._admin(f"CREATE DATABASE {TEMPLATE}")
        template = Database(self.url(TEMPLATE))
        template.migrate()
        template.close()
        return self

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)

    def new_database(self, migrated: bool = True) -> str:
        name = f"test_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {TEMPLATE}" if migrated else ""))
        return self.url(name)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.directory / "server.log"
            detail = log.read_text() if log.exists() else ""
            raise PostgresUnavailable(
                f"{program} failed ({result.returncode}): {result.stderr.strip()}\n{detail}"
            )


def _binaries() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not versions:
        raise PostgresUnavailable(
            "PostgreSQL is not installed: `apt-get install postgresql` (Debian), "
            "or unset WAYPOST_TEST_POSTGRES"
        )
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
