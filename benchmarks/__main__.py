"""`python -m benchmarks [--quick]`: Waypost's figures, each beside a baseline from this run.

`python -m benchmarks understanding`: what Waypost understands, per language, on held-out sets.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import sys
import tempfile
from pathlib import Path

from benchmarks import (
    http_throughput,
    reminder_scale,
    reminder_storm,
    startup,
    state_size,
    throughput,
    understanding,
)
from bot.config import PROJECT_ROOT
from bot.understanding.danger import load_phrases

MB = 1e6


def main() -> None:
    if sys.argv[1:2] == ["understanding"]:
        understanding.main(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a few seconds: a smoke run")
    quick = parser.parse_args().quick
    survivors = 20 if quick else 300

    print(f"Waypost benchmarks on {platform.machine()}, Python {platform.python_version()}")
    baseline, ours = asyncio.run(throughput.compare(survivors))
    rows = [
        ("updates/s in-process (echo bot)", f"{baseline.per_second:,.0f}", ""),
        (
            "updates/s in-process (Waypost, SQLite)",
            f"{ours.per_second:,.0f}",
            f"{ours.per_second / baseline.per_second:.2f}× echo (target ≥ 0.25×, ≥ 1,000/s)",
        ),
        ("latency p50 (Waypost)", f"{ours.percentile(0.5):.2f} ms", ""),
        ("latency p99 (Waypost)", f"{ours.percentile(0.99):.2f} ms", "target ≤ 20 ms"),
    ]
    detector = load_phrases(PROJECT_ROOT / "flows" / "danger").detector
    ordinary_ms, long_ms = understanding.screening_costs(detector)
    echo_ms = 1000 / baseline.per_second
    rows += [
        ("echo bot: one update", f"{echo_ms:.2f} ms", ""),
        (
            "danger screening p99, ordinary message",
            f"{ordinary_ms:.3f} ms",
            f"{ordinary_ms / echo_ms:.2f}× an echo update (target ≤ 2 ms)",
        ),
        ("danger screening, 4,096 characters", f"{long_ms:.2f} ms", "target ≤ 20 ms"),
    ]
    rows += http_rows(*asyncio.run(http_throughput.compare(survivors)))
    ready = startup.seconds_to_ready()
    rows.append(("start-up to ready", f"{ready:.2f} s", "target ≤ 1.5 s"))
    if not quick:
        with tempfile.TemporaryDirectory() as folder:
            bigger = startup.ten_times_the_content(Path(folder) / "flows")
            ten_times = startup.seconds_to_ready(bigger)
        rows.append(
            ("start-up, 10× the content", f"{ten_times:.2f} s", f"{ten_times / ready:.2f}×")
        )
    per_survivor = state_size.bytes_per_survivor(200 if quick else 10_000)
    rows.append(
        ("database per 10,000 survivors", f"{per_survivor * 10_000 / 1e6:.1f} MB", "SQLite")
    )
    storm = asyncio.run(reminder_storm.storm(60 if quick else 2_000))
    rows += [
        (f"reminder storm: {storm.survivors:,} due at once", f"{storm.seconds:.1f} s", ""),
        (
            "  delivered / duplicates / lost",
            f"{storm.delivered} / {storm.duplicates} / {storm.lost}",
            "target 0 duplicated, 0 lost",
        ),
        ("  429s from the server", f"{storm.throttled}", ""),
        ("  wall time / floor (N ÷ 30 s)", f"{storm.ratio:.2f}×", "target ≤ 1.15×"),
    ]
    sizes = (1_000, 2_000, 1) if quick else (10_000, 100_000, 3)
    rows += scale_rows(reminder_scale.scale(*sizes))
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>12}  {note}")


def http_rows(
    echo: http_throughput.OverHttp, waypost: http_throughput.OverHttp
) -> list[tuple[str, str, str]]:
    ours, baseline = waypost.result, echo.result
    return [
        ("updates/s over loopback HTTP (echo bot)", f"{baseline.per_second:,.0f}", ""),
        (
            "updates/s over loopback HTTP (Waypost)",
            f"{ours.per_second:,.0f}",
            f"{ours.per_second / baseline.per_second:.2f}× echo (target ≥ 0.5×)",
        ),
        (
            "  latency p50 / p99 over HTTP (Waypost)",
            f"{ours.percentile(0.5):.1f} / {ours.percentile(0.99):.1f} ms",
            f"echo {baseline.percentile(0.5):.1f} / {baseline.percentile(0.99):.1f} ms",
        ),
        (
            "  messages sent / API calls per update",
            f"{waypost.sent:,} / {waypost.calls_per_update:.2f}",
            f"echo {echo.sent:,} / {echo.calls_per_update:.2f}",
        ),
    ]


def scale_rows(scale: reminder_scale.Scale) -> list[tuple[str, str, str]]:
    empty, ten, full = scale.empty, scale.at_survivors, scale.at_reminders
    return [
        (
            "database per 10,000 survivors with reminders",
            f"{scale.database_per_10k / MB:.1f} MB",
            "SQLite, consent and a weekly reporting each",
        ),
        (
            f"bot memory at start, {scale.survivors:,} survivors",
            f"{ten.peak_rss / MB:.0f} MB",
            f"empty database: {empty.peak_rss / MB:.0f} MB",
        ),
        (
            "  bot memory per 10,000 more survivors",
            f"{round(scale.memory_per_10k / MB, 1) or 0.0:.1f} MB",  # never "-0.0"
            f"from {scale.survivors:,} to {scale.reminders:,}",
        ),
        ("start with reminders: empty database", f"{empty.seconds:.2f} s", "baseline"),
        (
            f"start with {scale.reminders:,} reminders",
            f"{full.seconds:.2f} s",
            f"{full.seconds / empty.seconds:.2f}× empty (target ≤ 10 s)",
        ),
        (
            f"  peak memory, {scale.reminders:,} reminders",
            f"{full.peak_rss / MB:.0f} MB",
            "target ≤ 300 MB",
        ),
        (
            "  of which the first round",
            f"{full.round_seconds * 1000:.0f} ms",
            f"empty database: {empty.round_seconds * 1000:.0f} ms",
        ),
        ("  messages in the first round", f"{full.first_round}", "at most 200 a round"),
        (
            "  reminders set through the repositories",
            f"{scale.build_per_second:,.0f}/s",
            "to build the database",
        ),
    ]


if __name__ == "__main__":
    main()
