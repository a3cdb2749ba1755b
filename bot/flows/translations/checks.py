"""Checks on translations, so a catalogue cannot break what the English source gets right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from bot.flows.loader import MESSAGE_TEXT_LIMIT, text_problems
from bot.flows.problems import Problem
from bot.i18n import plurals
from bot.i18n.quality import (
    copies_english,
    form_problem,
    in_own_script,
    numbers_changed,
    placeholders,
)


def check_catalogue(path: Path, language: str) -> Iterator[Problem]:
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            yield from _check_plural(path, message, language)
        elif isinstance(message.string, str) and message.string:
            yield from _check_one(path, str(message.id), message.string, message.lineno, language)


def _check_one(
    path: Path, source: str, translation: str, line: int, language: str
) -> Iterator[Problem]:
    where = f"translation of {source[:40]!r}"
    english = placeholders(source)
    problems = list(text_problems(translation, MESSAGE_TEXT_LIMIT, english))
    for problem in problems:
        yield Problem(path, line, f"{where}: {problem}")
    if not problems and placeholders(translation) != english:
        yield Problem(
            path,
            line,
            f"{where}: the {{placeholders}} differ from the English; copy them unchanged",
        )
    if changed := numbers_changed(source, translation, language):
        yield Problem(
            path,
            line,
            f"{where}: {', '.join(changed)} must appear exactly as in the English "
            "(numbers, phone numbers and web addresses are never translated; a number from 1 "
            "to 10 may be written as a word)",
        )
    elif copies_english(source, translation):
        yield Problem(
            path, line, f"{where}: same as the English, so shown as missing", severity="warning"
        )
    elif not in_own_script(translation, language):
        yield Problem(
            path,
            line,
            f"{where}: not in the language's own script, so shown as missing",
            severity="warning",
        )


def _check_plural(path: Path, message: Message, language: str) -> Iterator[Problem]:
    """A counted message: every plural form the language has, each a usable translation.

    Untranslated (all forms empty) is only "missing", as for any message; begun but with a form
    left out is an error, because survivors would see English for some numbers only.
    """
    singular, plural = str(message.id[0]), str(message.id[1])
    forms = [str(form or "") for form in (message.string or ())]
    if not any(form.strip() for form in forms) or message.fuzzy:
        return
    where = f"translation of {singular[:40]!r}"
    expected = plurals.count_of_forms(language)
    if len(forms) != expected:
        yield Problem(
            path,
            message.lineno,
            f"{where}: {len(forms)} plural form(s), but {language} has {expected}; run "
            f"`waypost i18n update {language}` and fill msgstr[0] to msgstr[{expected - 1}]",
        )
    for index, form in enumerate(forms[:expected]):
        name = f"msgstr[{index}], {plurals.describe_form(language, index)}"
        if not form.strip():
            yield Problem(
                path,
                message.lineno,
                f"{where}: plural form {name} is missing; write the sentence for those numbers",
            )
        elif problem := form_problem(singular, plural, form, language, index):
            severity = "warning" if problem.startswith(("same as", "not in")) else "error"
            shown = ", so shown as missing" if severity == "warning" else ""
            text = f"{where}: plural form {name}: {problem}{shown}"
            yield Problem(path, message.lineno, text, severity=severity)
        elif len(form) > MESSAGE_TEXT_LIMIT:
            yield Problem(
                path,
                message.lineno,
                f"{where}: plural form {name} is {len(form)} characters, over the limit of "
                f"{MESSAGE_TEXT_LIMIT}: shorten it",
            )
