"""The benchmarks still run (a quick smoke run; their figures are not judged here)."""

import asyncio
import subprocess
import sys

from benchmarks import http_throughput, reminder_scale
from benchmarks.throughput import mixed_updates
from bot.config import PROJECT_ROOT


def test_the_benchmarks_run_and_print_every_figure():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    for figure in (
        "echo bot",
        "Waypost, SQLite",
        "p99",
        "loopback HTTP (echo bot)",
        "loopback HTTP (Waypost)",
        "API calls per update",
        "start-up to ready",
        "10,000 survivors",
        "reminder storm",
        "floor",
        "10,000 survivors with reminders",
        "bot memory per 10,000 more survivors",
        "start with reminders: empty database",
        "start with 2,000 reminders",
        "peak memory, 2,000 reminders",
    ):
        assert figure in result.stdout


def test_loopback_http_throughput_answers_every_update_over_http():
    survivors = 3
    updates = len(mixed_updates(survivors))
    presses = sum("callback_query" in update for update in mixed_updates(survivors))
    echo, waypost = asyncio.run(http_throughput.compare(survivors))
    for bot in (echo, waypost):
        assert bot.result.updates == updates == len(bot.result.latencies_ms)
        assert bot.result.seconds > 0 and min(bot.result.latencies_ms) > 0
        assert bot.calls["getMe"] == 1
        assert bot.calls["answerCallbackQuery"] == presses
    assert echo.sent == updates  # one echo for each
    assert waypost.sent >= updates  # every turn answers, some with more than one message


def test_reminder_scale_builds_the_reminders_and_starts_fresh_processes():
    scale = reminder_scale.scale(survivors=100, reminders=300, runs=1)
    assert scale.database_per_10k > 0 and scale.build_per_second > 0
    assert scale.empty.first_round == 0  # nothing to send on an empty database
    assert 0 < scale.at_survivors.first_round <= scale.at_reminders.first_round <= 200
    for start in (scale.empty, scale.at_survivors, scale.at_reminders):
        assert start.seconds > start.phases["next_due"] > start.phases["imports"] > 0
        assert start.round_seconds > 0
        assert start.peak_rss > 10_000_000  # bytes, from the probe's own process


def test_the_understanding_benchmark_scores_danger_and_questions():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks", "understanding", "--misses", "0"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    assert "danger recall" in result.stdout and "top-1" in result.stdout
