"""Ready replies: administrator-written messages a caseworker sends with one button."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from bot.flows.checked_yaml import read_checked
from bot.flows.loader import MESSAGE_TEXT_LIMIT, text_problems
from bot.flows.problems import Problem

CONTEXT = "ready_replies"  # the gettext context translators see


class _Reply(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=30)
    text: str = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    replies: tuple[_Reply, ...]


@dataclass(frozen=True)
class LoadedReadyReplies:
    replies: dict[str, str]
    """English text by id, in the file's order."""
    problems: list[Problem]


def load_ready_replies(path: Path) -> LoadedReadyReplies:
    problems: list[Problem] = []
    checked = read_checked(path, _File, problems) if path.is_file() else None
    if checked is None:
        return LoadedReadyReplies({}, problems)
    parsed, document = checked
    replies: dict[str, str] = {}
    for index, reply in enumerate(parsed.replies):
        line = document.line_of(("replies", index))
        if reply.id in replies:
            problems.append(Problem(path, line, f"the id '{reply.id}' is used twice"))
        problems.extend(
            Problem(path, line, p) for p in text_problems(reply.text, MESSAGE_TEXT_LIMIT)
        )
        replies[reply.id] = reply.text
    return LoadedReadyReplies(replies, problems)
