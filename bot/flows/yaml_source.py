"""Read YAML remembering the line of each value, for errors administrators can act on."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]
# libyaml's loader where PyYAML was built with it: several times faster on the phrase lists.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of the deepest part of `location` that exists in the file (1-based)."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(Exception):
    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


def read_yaml(path: Path) -> YamlDocument:
    return parse_yaml(path.read_text(encoding="utf-8"), path)


def parse_yaml(text: str, path: Path) -> YamlDocument:
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlSyntaxError(path, line, f"the YAML is not valid: {error.problem}") from None
    document = YamlDocument(path=path, data=None)
    if root is not None:
        builder = _Builder(path, document.lines)
        document.data = builder.build(root, ())
    return document


class _Builder:
    """Turns a composed YAML tree into plain Python values, noting lines as it goes."""

    def __init__(self, path: Path, lines: dict[Location, int]) -> None:
        self._path = path
        self._lines = lines
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, location: Location) -> Any:
        self._lines[location] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._value(key_node)
                if key in result:
                    raise YamlSyntaxError(
                        self._path,
                        key_node.start_mark.line + 1,
                        f"the key {key!r} appears twice here: keep one of them",
                    )
                result[key] = self.build(value_node, (*location, key))
                self._lines[(*location, key)] = key_node.start_mark.line + 1
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*location, i)) for i, item in enumerate(node.value)]
        return self._value(node)

    def _value(self, node: yaml.Node) -> Any:
        try:
            return self._scalars.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as error:  # a tag such as !!python/name: never built
            raise YamlSyntaxError(
                self._path,
                node.start_mark.line + 1,
                f"{error.problem}: write plain text, numbers, lists or mappings, without tags",
            ) from None
