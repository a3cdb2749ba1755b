"""Problems found in content, each pointing an administrator at a file, a line and a node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str
    node: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f" node '{self.node}':" if self.node else ""
        return f"{self.path}:{self.line}: {self.severity}:{where} {self.message}"


class ContentError(Exception):
    """Content that must not be served; raised at start-up with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(problem) for problem in problems)
        super().__init__(f"the content has {len(problems)} problem(s):\n{lines}")
