"""Checks on translations, so a catalogue cannot break what the English source gets right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

from bot.flows.loader import MESSAGE_TEXT_LIMIT, text_problems
from bot.flows.problems import Problem
from bot.i18n.quality import copies_english, in_own_script, numbers_changed, placeholders


def check_catalogue(path: Path, language: str) -> Iterator[Problem]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id or not isinstance(message.string, str) or not message.string:
            continue
        where = f"translation of {message.id[:40]!r}"
        english = placeholders(str(message.id))
        problems = list(text_problems(message.string, MESSAGE_TEXT_LIMIT, english))
        for problem in problems:
            yield Problem(path, message.lineno, f"{where}: {problem}")
        if not problems and placeholders(message.string) != english:
            yield Problem(
                path,
                message.lineno,
                f"{where}: the {{placeholders}} differ from the English; copy them unchanged",
            )
        if changed := numbers_changed(str(message.id), message.string):
            yield Problem(
                path,
                message.lineno,
                f"{where}: {', '.join(changed)} must appear exactly as in the English "
                "(numbers, phone numbers and web addresses are never translated)",
            )
        elif copies_english(str(message.id), message.string):
            yield Problem(
                path,
                message.lineno,
                f"{where}: same as the English, so shown as missing",
                severity="warning",
            )
        elif not in_own_script(message.string, language):
            yield Problem(
                path,
                message.lineno,
                f"{where}: not in the language's own script, so shown as missing",
                severity="warning",
            )
