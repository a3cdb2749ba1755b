from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import Runtime, build_runtime
from bot.clock import ManualClock
from bot.config import PROJECT_ROOT, Operator, Settings
from bot.storage.sealing import Keyring
from tests.console_harness import ConsoleUnderTest, console_under_test
from tests.fake_bot_api import TOKEN, FakeBotApi
from tests.postgres import TemporaryPostgres
from tests.telegram_harness import RunningBot, running_bot

FIXTURES = Path(__file__).parent / "fixtures"
BAD_INPUTS: list[str] = []  # every bad input a test tried, counted at the end of the run
FAULTS: list[str] = []  # every fault a test injected, likewise
TEST_KEY = Keyring.new_key()
OPERATOR = Operator(name="Test Charity", contact="help@test-charity.example")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[TemporaryPostgres | None]:
    """With WAYPOST_TEST_POSTGRES=1 every test runs on a real PostgreSQL, not SQLite."""
    if os.environ.get("WAYPOST_TEST_POSTGRES") != "1":
        yield None
        return
    server = TemporaryPostgres().start()
    yield server
    server.stop()


@pytest.fixture
def database_url(tmp_path: Path, postgres: TemporaryPostgres | None) -> str:
    if postgres is not None:
        return postgres.new_database()
    return f"sqlite:///{tmp_path / 'waypost.sqlite3'}"


@pytest.fixture
def empty_database_url(tmp_path: Path, postgres: TemporaryPostgres | None) -> str:
    """A database with no tables at all, for testing migrations themselves."""
    if postgres is not None:
        return postgres.new_database(migrated=False)
    return f"sqlite:///{tmp_path / 'empty.sqlite3'}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("WAYPOST_TEST_POSTGRES") == "1":
        skip = pytest.mark.skip(reason="about SQLite itself; this run is on PostgreSQL")
        for item in items:
            if "sqlite_only" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def settings(database_url: str, fake_api: FakeBotApi) -> Settings:
    return Settings(
        database_url=database_url,
        flows_dir=PROJECT_ROOT / "flows",
        locales_dir=FIXTURES / "locales",
        telegram_token=TOKEN,
        telegram_api_base_url=fake_api.base_url,
        caseworker_chat_id=-100500,
        operator=OPERATOR,
        secret_key=TEST_KEY,
    )


@pytest.fixture
def runtime(settings: Settings, clock: ManualClock) -> Iterator[Runtime]:
    runtime = build_runtime(settings, clock)
    yield runtime
    runtime.close()


@pytest.fixture
async def bot(runtime: Runtime, fake_api: FakeBotApi) -> AsyncIterator[RunningBot]:
    async with running_bot(runtime, fake_api) as running:
        yield running


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if BAD_INPUTS or FAULTS:
        terminalreporter.write_line(
            f"bad inputs tried: {len(BAD_INPUTS)}; faults injected: {len(FAULTS)}"
        )


@pytest.fixture
def console(settings: Settings, clock: ManualClock, tmp_path: Path) -> Iterator[ConsoleUnderTest]:
    """The web console, signed in as nobody yet, on a copy of the content (see console_harness)."""
    console = console_under_test(settings, clock, tmp_path)
    with console.client:  # runs the app's lifespan, which closes previews at the end
        yield console
    console.runtime.close()
