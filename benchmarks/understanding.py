"""`python -m benchmarks understanding [--set DIR]`: per-language danger figures on a labelled set.

By default the held-out set (tests/evaluation/danger), which no phrase list was written from.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.config import PROJECT_ROOT
from bot.understanding.danger import load_phrases
from bot.understanding.evaluation import score

HELD_OUT = PROJECT_ROOT / "tests" / "evaluation" / "danger"


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks understanding")
    parser.add_argument("--set", type=Path, default=HELD_OUT, help="folder of labelled sets")
    parser.add_argument("--misses", type=int, default=5, help="worst misses shown per language")
    options = parser.parse_args(arguments)
    detector = load_phrases(PROJECT_ROOT / "flows" / "danger").detector
    started = time.perf_counter()
    scores = score(options.set, detector)
    print(f"Danger detection on {options.set} ({time.perf_counter() - started:.2f} s)")
    print("  lang  danger recall  (clear)  possible asked  false alarms   targets: ≥0.97, ≤0.03")
    for s in scores:
        flag = "" if s.recall >= 0.97 and s.false_alarm_rate <= 0.03 else "  below target"
        print(
            f"  {s.language:<4}  {s.recall:5.2f} of {s.danger:<3}  ({s.clear_rate:.2f})"
            f"  {s.possible_rate:5.2f} of {s.possible:<3}  {s.false_alarm_rate:5.2f} of"
            f" {s.ordinary:<3}{flag}"
        )
    for s in scores:
        for text in s.missed[: options.misses]:
            print(f"  missed [{s.language}] {text}")
        for text, why in s.alarmed[: options.misses]:
            print(f"  false alarm [{s.language}] {text}  <- {why}")
