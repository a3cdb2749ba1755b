"""Read a content file into its pydantic model, or say what is wrong with it, file and line."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.flows.problems import Problem
from bot.flows.yaml_source import YamlDocument, YamlSyntaxError, read_yaml

Model = TypeVar("Model", bound=BaseModel)


def read_checked(
    path: Path, model: type[Model], problems: list[Problem]
) -> tuple[Model, YamlDocument] | None:
    """The file as `model` with its document (for lines), or None with `problems` added."""
    try:
        document = read_yaml(path)
    except YamlSyntaxError as error:
        problems.append(Problem(path, error.line, error.problem))
        return None
    try:
        return model.model_validate(document.data), document
    except ValidationError as error:
        for item in error.errors():
            problems.append(Problem(path, document.line_of(tuple(item["loc"])), item["msg"]))
        return None
