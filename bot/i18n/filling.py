"""Values into a survivor-facing line: by name only, as they are.

Lines come from content that administrators and translators edit. `str.format` would let a
placeholder carry a format spec (`{operator_name:>99999999}`: a line of a hundred million
spaces), a conversion, or reach into attributes (`{name.__class__}`). Here a placeholder is a
name and nothing more; the content checks refuse anything else, and this is the last guard.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any


class PlaceholderError(ValueError):
    """A placeholder that is not a plain {name} of the values given."""


class _ByNameOnly(string.Formatter):
    def get_field(
        self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]
    ) -> tuple[Any, str]:
        if not field_name.isidentifier() or field_name not in kwargs:
            raise PlaceholderError(f"{{{field_name}}} is not one of the values")
        return kwargs[field_name], field_name

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion:
            raise PlaceholderError("a placeholder takes no conversion such as !r")
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            raise PlaceholderError("a placeholder takes no format such as :>10")
        return str(value)


_FILLER = _ByNameOnly()


def fill(line: str, values: Mapping[str, Any]) -> str:
    """`line` with each {name} replaced by its value; PlaceholderError (a ValueError) for a
    placeholder with a format, a conversion, an attribute or an unknown name."""
    return _FILLER.vformat(line, (), values)


def placeholder_problem(text: str) -> str | None:
    """Why a text's placeholders cannot be filled safely, if they cannot."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError as error:
        return f"the text has a broken {{placeholder}} ({error}); write {{{{ for a plain brace"
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            plain = name.split(".")[0].split("[")[0]
            return (
                f"write the placeholder as {{{plain}}}: a placeholder takes no format, "
                "conversion or attribute"
            )
    return None
