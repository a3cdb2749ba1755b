"""`python -m benchmarks [--quick]`: Waypost's figures, each beside a baseline from this run."""

from __future__ import annotations

import argparse
import asyncio
import platform
import tempfile
from pathlib import Path

from benchmarks import reminder_storm, startup, state_size, throughput


def main() -> None:
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
    width = max(len(name) for name, _, _ in rows)
    for name, value, note in rows:
        print(f"  {name:<{width}}  {value:>12}  {note}")


if __name__ == "__main__":
    main()
