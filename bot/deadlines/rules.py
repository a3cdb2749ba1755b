"""Deadline rules, read from `flows/deadlines/decisions.yaml`, and the dates they give.

The rules are content, not code, because they change (reconsideration was "one month" until
2024): administrators update the file and its sources without a release.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.flows.checked_yaml import read_checked
from bot.flows.loader import MESSAGE_TEXT_LIMIT, text_problems
from bot.flows.problems import Problem
from bot.working_days import add_working_days

RULES_FILE = Path("deadlines") / "decisions.yaml"


class Decision(StrEnum):
    REASONABLE_GROUNDS = "reasonable_grounds"
    CONCLUSIVE_GROUNDS = "conclusive_grounds"
    NOT_SURE = "not_sure"


class Counting(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"


class DeadlineRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=30)
    after: tuple[Decision, ...] = Field(min_length=1)
    """The negative decisions it follows."""
    what: str = Field(min_length=1)
    """What must happen by then, in plain English (translated, context "deadlines")."""
    days: int = Field(gt=0, le=366)
    counting: Counting
    about: bool = False
    """True while the sources do not agree on the number: the date is then said as "about"."""
    or_calendar_days: int | None = Field(default=None, gt=0, le=366)
    """Another reading of the same rule, in calendar days: whichever comes first is shown, so
    around Christmas 9 working days never shows a date later than 14 calendar days would."""
    source: str = Field(pattern=r"^https://")

    def applies_to(self, decision: Decision) -> bool:
        """A survivor not sure which decision it was sees every deadline that may apply."""
        return decision is Decision.NOT_SURE or decision in self.after

    def due(self, decided: date, nation: str | None) -> date:
        if self.counting is Counting.CALENDAR_DAYS:
            due = decided + timedelta(days=self.days)
        else:
            due = add_working_days(decided, self.days, nation)
        if self.or_calendar_days is not None:
            due = min(due, decided + timedelta(days=self.or_calendar_days))
        return due


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reviewed: date
    deadlines: tuple[DeadlineRule, ...]


@dataclass(frozen=True)
class LoadedDeadlines:
    rules: tuple[DeadlineRule, ...]
    problems: list[Problem]


def load_deadlines(path: Path) -> LoadedDeadlines:
    problems: list[Problem] = []
    checked = read_checked(path, _File, problems) if path.is_file() else None
    if checked is None:
        return LoadedDeadlines((), problems)
    parsed, document = checked
    seen: set[str] = set()
    for index, rule in enumerate(parsed.deadlines):
        line = document.line_of(("deadlines", index))
        if rule.id in seen:
            problems.append(Problem(path, line, f"the id '{rule.id}' is used twice"))
        seen.add(rule.id)
        problems.extend(
            Problem(path, line, p) for p in text_problems(rule.what, MESSAGE_TEXT_LIMIT)
        )
    return LoadedDeadlines(parsed.deadlines, problems)
