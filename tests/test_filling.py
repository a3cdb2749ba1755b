"""Values go into survivor-facing lines by name only: no format, conversion or attribute."""

from __future__ import annotations

import pytest

from bot.i18n.filling import PlaceholderError, fill, placeholder_problem


def test_names_are_filled_with_their_values_as_they_are():
    assert fill("Call {name} on {number}.", {"name": "Samaritans", "number": 116123}) == (
        "Call Samaritans on 116123."
    )
    assert fill("{{braces}} stay", {}) == "{braces} stay"


@pytest.mark.parametrize(
    "line", ["{name:>99999999}", "{name!r}", "{name.__class__}", "{name[0]}", "{0}", "{other}"]
)
@pytest.mark.security
def test_anything_but_a_plain_known_name_is_refused(line):
    with pytest.raises(PlaceholderError):
        fill(line, {"name": "Ana"})
    if line not in ("{other}",):
        assert placeholder_problem(line) is not None


def test_a_plain_text_has_no_placeholder_problem():
    assert placeholder_problem("Call {name} now. {{Not a placeholder}}") is None
    assert "broken" in (placeholder_problem("Call {name now") or "")
