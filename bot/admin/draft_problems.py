"""The draft's check, said in the console's terms: each problem with the content file it is in
(`flows/menu.yaml`, `locales/sq/LC_MESSAGES/messages.po`), and placed next to the field of the
node editor it is about.

The check runs on a copy of the draft in a folder of its own, so a problem names a file there;
its content name is the draft file whose name the path ends with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.flows.checking import ContentReport
from bot.flows.plain_language import Limits
from bot.flows.problems import Problem


@dataclass(frozen=True)
class DraftProblem:
    file: str | None
    """The content file, or None for the content as a whole (such as a missing entry node)."""
    line: int
    message: str
    node: str | None
    severity: str

    @property
    def where(self) -> str:
        node = f", node '{self.node}'" if self.node else ""
        return f"{self.file}:{self.line}{node}" if self.file else f"the content{node}"


@dataclass(frozen=True)
class DraftReading:
    file: str | None
    node: str
    text: str
    grade: float
    words: int


@dataclass(frozen=True)
class DraftReport:
    problems: list[DraftProblem]
    readings: list[DraftReading]
    limits: Limits
    hard_terms: tuple[str, ...]
    publishable: bool

    @property
    def errors(self) -> list[DraftProblem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    def over_limits(self) -> list[DraftReading]:
        return [r for r in self.readings if over(r.grade, r.words, self.limits)]


def over(grade: float, words: int, limits: Limits) -> bool:
    return grade > limits.max_grade or words > limits.max_words


def in_content_terms(report: ContentReport, names: Iterable[str]) -> DraftReport:
    name_of = _namer(names)
    return DraftReport(
        problems=content_problems(report.problems, names),
        readings=[
            DraftReading(name_of(r.path), r.node, r.text, r.grade, r.words) for r in report.readings
        ],
        limits=report.limits,
        hard_terms=report.hard_terms,
        publishable=report.publishable,
    )


def content_problems(problems: Iterable[Problem], names: Iterable[str]) -> list[DraftProblem]:
    name_of = _namer(names)
    return [DraftProblem(name_of(p.path), p.line, p.message, p.node, p.severity) for p in problems]


def _namer(names: Iterable[str]) -> Callable[[Path], str | None]:
    ordered = sorted(names, key=len, reverse=True)  # the longest name that fits is the file

    def name_of(path: Path) -> str | None:
        text = path.as_posix()
        return next((name for name in ordered if text.endswith(f"/{name}")), None)

    return name_of


@dataclass
class Placed:
    """Problems sorted for one page of the node editor."""

    by_field: dict[str, list[DraftProblem]] = field(default_factory=dict)
    """Keyed by the form field's name (`say-0`, `goto-2`, `tr-label-1`)."""
    node: list[DraftProblem] = field(default_factory=list)
    """About this node, but no one field of it."""
    elsewhere: list[DraftProblem] = field(default_factory=list)

    def at(self, name: str) -> list[DraftProblem]:
        return self.by_field.get(name, [])


def placed(
    problems: Iterable[DraftProblem],
    node_id: str,
    field_lines: dict[str, dict[str, frozenset[int]]],
) -> Placed:
    """`field_lines` maps a file to its fields' lines: the flow file's fields of this node, and
    the chosen catalogue's entries of it. A problem on one of those lines sits by the field."""
    result = Placed()
    for problem in problems:
        name = _field_at(problem, field_lines.get(problem.file or "", {}))
        if name is not None:
            result.by_field.setdefault(name, []).append(problem)
        elif problem.node == node_id:
            result.node.append(problem)
        else:
            result.elsewhere.append(problem)
    return result


def _field_at(problem: DraftProblem, fields: dict[str, frozenset[int]]) -> str | None:
    return next((name for name, lines in fields.items() if problem.line in lines), None)
