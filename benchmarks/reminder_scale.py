"""Scale of state: survivors with reminders on disk and in the bot's memory, and the bot's start
with 100,000 reminders.

Every survivor has consented and set a weekly Home Office reporting reminder (a weekday between
09:00 and 16:50, a place, the day-before and two-hours notices, a safety check-in an hour after),
made through the real repositories (`SurvivorRepository`, `ReminderRepository.add`) with one
keyring, a thousand survivors per transaction. They set them on Monday 23 November 2026 at
08:00; the bot starts an hour later, at 09:00, when the two-hours notices of the 10:00 to 11:00
slots and the day-before notices of Tuesday 09:00 are due (within the grace period: sent, not
summed up). Each start is a new process (`benchmarks/reminder_start.py`), timed from its launch.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from benchmarks.state_size import database_bytes
from bot.config import PROJECT_ROOT
from bot.reminders.plan import REPORTING, ReminderDraft
from bot.reminders.repository import ReminderRepository
from bot.reminders.schedule import DEFAULT_NOTICES, Repeat, Rule
from bot.storage.database import Database
from bot.storage.sealing import Keyring
from bot.storage.survivors import SurvivorRepository
from tests.fake_bot_api import TOKEN

SET_AT = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday; London is on GMT
STARTS_AT = SET_AT + timedelta(hours=1)
MONDAY = date(2026, 11, 23)
SLOTS = [clock_time(9 + minutes // 60, minutes % 60) for minutes in range(0, 480, 10)]
LANGUAGES = ("en", "sq", "ar", "fa", "am", "ps", "ckb")
PLACES = ("Eaton House, Hounslow", "Becket House, London", "Dallas Court, Salford")
BATCH = 1_000
PER = 10_000  # figures are given per 10,000 survivors


@dataclass(frozen=True)
class Start:
    seconds: float
    """From launching the process to `next_due()` answered (median of the runs)."""
    peak_rss: int
    """Bytes (the largest of the runs)."""
    first_round: int
    """Messages the first `collect()` handed out."""
    phases: dict[str, float]
    """Seconds from the top of the module to the end of each phase (the median run's)."""

    @property
    def round_seconds(self) -> float:
        """The reminders' first round alone: silent check-ins, `collect()`, `next_due()`."""
        return self.phases["next_due"] - self.phases["application"]


@dataclass(frozen=True)
class Scale:
    survivors: int
    """Survivors (one reminder each) the size and memory per 10,000 are measured at."""
    reminders: int
    database_per_10k: float
    """Bytes on disk per 10,000 survivors with their reminders."""
    build_per_second: float
    """Survivors with their reminder made per second through the repositories."""
    empty: Start
    at_survivors: Start
    at_reminders: Start

    @property
    def memory_per_10k(self) -> float:
        """Bytes of peak memory per 10,000 more survivors: the slope from `survivors` to
        `reminders`. Not from the empty start, which words no reminders and so never loads
        what any first round needs (the languages' formatting data, say)."""
        grown = self.at_reminders.peak_rss - self.at_survivors.peak_rss
        return grown * PER / (self.reminders - self.survivors)


def scale(survivors: int, reminders: int, runs: int = 3) -> Scale:
    """Measure at `survivors` (size and memory), then at `reminders` survivors (the start)."""
    key = Keyring.new_key()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'scale.sqlite3'}"
        database = Database(url, Keyring([key]))
        database.migrate()
        empty_bytes = database_bytes(database)
        database.close()
        empty = start(url, key, runs)
        building = time.perf_counter()
        grown_bytes = fill(url, key, 0, survivors)
        built = time.perf_counter() - building
        at_survivors = start(url, key, runs)
        building = time.perf_counter()
        fill(url, key, survivors, reminders)
        built += time.perf_counter() - building
        at_reminders = start(url, key, runs)
    return Scale(
        survivors=survivors,
        reminders=reminders,
        database_per_10k=(grown_bytes - empty_bytes) * PER / survivors,
        build_per_second=reminders / built,
        empty=empty,
        at_survivors=at_survivors,
        at_reminders=at_reminders,
    )


def fill(url: str, key: str, first: int, end: int) -> int:
    """Survivors `first` to `end` (exclusive), each with a reminder; the database's bytes after."""
    database = Database(url, Keyring([key]))
    try:
        for batch in range(first, end, BATCH):
            with database.transaction() as session:
                people = SurvivorRepository(session)
                reminders = ReminderRepository(session)
                for number in range(batch, min(batch + BATCH, end)):
                    state = people.load_or_create(f"telegram:{100_000 + number}", SET_AT)
                    state.language = LANGUAGES[number % len(LANGUAGES)]
                    state.nation, state.consented_at, state.node = "england_wales", SET_AT, "menu"
                    people.save(state, SET_AT)
                    reminders.add(state.survivor_id, reporting(number), SET_AT)
        return database_bytes(database)
    finally:
        database.close()


def reporting(number: int) -> ReminderDraft:
    """Survivor `number`'s weekly reporting: spread over the week's days and times."""
    day = MONDAY + timedelta(days=number % 5)
    at = SLOTS[number // 5 % len(SLOTS)]
    return ReminderDraft(
        REPORTING,
        Rule(day, at, Repeat.WEEKLY),
        DEFAULT_NOTICES,
        checkin_after=timedelta(hours=1),
        place=PLACES[number % len(PLACES)],
    )


def start(url: str, key: str, runs: int) -> Start:
    """The bot's start on this database, `runs` times, each in a new process."""
    env = {
        **os.environ,
        "WAYPOST_DATABASE_URL": url,
        "WAYPOST_SECRET_KEY": key,
        "TELEGRAM_BOT_TOKEN": TOKEN,
    }
    timed: list[tuple[float, dict[str, Any]]] = []
    for _ in range(runs):
        launched = time.perf_counter()
        finished = subprocess.run(
            [sys.executable, "-m", "benchmarks.reminder_start", STARTS_AT.isoformat()],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        timed.append((time.perf_counter() - launched, json.loads(finished.stdout)))
    seconds = statistics.median_low(run for run, _ in timed)
    median = next(report for run, report in timed if run == seconds)
    return Start(
        seconds=seconds,
        peak_rss=max(report["peak_rss"] for _, report in timed),
        first_round=median["first_round"],
        phases=median["phases"],
    )
