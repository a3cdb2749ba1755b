"""The benchmarks still run (a quick smoke run; their figures are not judged here)."""

import subprocess
import sys

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
        "start-up to ready",
        "10,000 survivors",
        "reminder storm",
        "floor",
    ):
        assert figure in result.stdout
