"""Read a content file into its pydantic model, or say what is wrong with it, file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.flows.problems import Problem
from bot.flows.yaml_source import YamlDocument, YamlSyntaxError, read_yaml

Model = TypeVar("Model", bound=BaseModel)


def _message(item: ErrorDetails) -> str:
    return item["msg"]


def read_checked(
    path: Path,
    model: type[Model],
    problems: list[Problem],
    describe: Callable[[ErrorDetails], str] = _message,
) -> tuple[Model, YamlDocument] | None:
    """The file as `model` with its document (for lines), or None with `problems` added
    (`describe` words each validation error for the file's editors)."""
    try:
        document = read_yaml(path)
    except YamlSyntaxError as error:
        problems.append(Problem(path, error.line, error.problem))
        return None
    try:
        return model.model_validate(document.data), document
    except ValidationError as error:
        for item in error.errors():
            problems.append(Problem(path, document.line_of(tuple(item["loc"])), describe(item)))
        return None
