"""`python -m benchmarks understanding`: what Waypost understands, per language.

Danger recall and false alarms, and typed questions' top-1 and top-3, by default on the
held-out sets in tests/evaluation/, which no phrase list or example was written from.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from pathlib import Path

import yaml

from bot.app import load_content
from bot.clock import SystemClock
from bot.config import PROJECT_ROOT, Settings
from bot.understanding.danger import DangerDetector
from bot.understanding.evaluation import score, score_questions
from bot.understanding.topics import question_index

HELD_OUT = PROJECT_ROOT / "tests" / "evaluation" / "danger"
HELD_OUT_QUESTIONS = PROJECT_ROOT / "tests" / "evaluation" / "questions"


def main(arguments: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks understanding")
    parser.add_argument("--set", type=Path, default=HELD_OUT, help="folder of danger sets")
    parser.add_argument(
        "--questions", type=Path, default=HELD_OUT_QUESTIONS, help="folder of question sets"
    )
    parser.add_argument("--misses", type=int, default=5, help="worst misses shown per language")
    options = parser.parse_args(arguments)
    settings = Settings.from_environ(os.environ)
    loaded = load_content(settings, SystemClock().now().date())
    detector = loaded.danger
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
    if loaded.result.errors:
        print("Typed questions: not scored until the content loads (run `waypost flows check`)")
        return
    flows = loaded.result.raise_for_errors()
    index = question_index(flows, loaded.translations, loaded.native_questions)
    questions = score_questions(options.questions, index)
    print(f"Typed questions on {options.questions}")
    print("  lang  questions  top-1  top-3   targets: top-1 ≥ 0.85, top-3 ≥ 0.95")
    for q in questions:
        flag = "" if q.top1 >= 0.85 and q.top3 >= 0.95 else "  below target"
        print(f"  {q.language:<4}  {q.questions:>9}  {q.top1:5.2f}  {q.top3:5.2f}{flag}")
    for q in questions:
        for text, right, guessed in q.wrong[: options.misses]:
            print(f"  wrong [{q.language}] {text!r}: {guessed}, not {right}")


def screening_costs(detector: DangerDetector, folder: Path = HELD_OUT) -> tuple[float, float]:
    """p99 milliseconds to screen an ordinary message, and the slowest 4,096-character one."""
    ordinary = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ordinary += data.get("ordinary") or []
    timings = []
    for text in ordinary * 3:
        started = time.perf_counter()
        detector.detect(text)
        timings.append(time.perf_counter() - started)
    p99 = statistics.quantiles(timings, n=100)[98] * 1000
    random.seed(7)
    shuffled = random.sample(ordinary, len(ordinary))
    long_messages = [
        " ".join(shuffled)[:4096],  # every language at once, none of it danger
        ("kill " * 820)[:4096],  # one danger word, over and over
        "a" * 4096,
        " ".join(f"w{i}x" for i in range(1000))[:4096],  # all different words
    ]
    slowest = 0.0
    for text in long_messages:
        started = time.perf_counter()
        detector.detect(text)
        slowest = max(slowest, time.perf_counter() - started)
    return p99, slowest * 1000
