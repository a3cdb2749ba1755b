"""Plural forms: one English sentence with a count, written correctly in every language.

Languages split numbers into forms differently (Arabic has six: 0, 1, 2, 3-10, 11-99, other;
Albanian two; Romanian three), so a counted message is a gettext plural (`msgid_plural`, one
`msgstr[i]` per form) and the form is chosen by the language's CLDR rule, through Babel. The
catalogues' `Plural-Forms` header is written from the same rule, so Poedit and Weblate show
translators exactly the forms the bot will use.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.plural import PluralRule, to_gettext

CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
"""gettext numbers a language's forms in this order, leaving out those it does not have."""
EXAMPLE_RANGE = range(0, 1001)
"""Whole numbers tried to see which numbers a form covers (the rules repeat beyond 100)."""

Count = int | float | Decimal


@dataclass(frozen=True)
class Plural:
    """A counted line in code: English singular and plural, and the value holding the count."""

    singular: str
    plural: str
    count: str = "count"
    """The name of the placeholder ({count}, {hours}) whose number chooses the form."""


def NP_(singular: str, plural: str, count: str = "count") -> Plural:
    """Mark a counted line for extraction (`waypost i18n extract` reads `NP_`), like `N_`."""
    return Plural(singular, plural, count)


@cache
def rule(language: str) -> PluralRule:
    """The CLDR cardinal rule of a language; English for a code CLDR does not know."""
    try:
        return Locale.parse(language).plural_form
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en").plural_form


@cache
def tags(language: str) -> tuple[str, ...]:
    """The forms a language has, in gettext's order: ("one", "other") for Albanian."""
    known = set(rule(language).tags) | {"other"}
    return tuple(tag for tag in CLDR_ORDER if tag in known)


def count_of_forms(language: str) -> int:
    return len(tags(language))


def form_index(language: str, count: Count) -> int:
    """Which `msgstr[i]` a number takes in a language."""
    return tags(language).index(rule(language)(count))


def plural_forms_header(language: str) -> str:
    """The `Plural-Forms` header for a catalogue, from the same CLDR rule the bot uses."""
    return to_gettext(rule(language))


@cache
def numbers_of_form(language: str) -> tuple[frozenset[int], ...]:
    """The whole numbers (of 0-1000) each form covers, by index."""
    covered: list[set[int]] = [set() for _ in tags(language)]
    for number in EXAMPLE_RANGE:
        covered[form_index(language, number)].add(number)
    return tuple(frozenset(numbers) for numbers in covered)


def only_number(language: str, index: int) -> int | None:
    """The one number a form stands for (Arabic's dual: 2), or None if it covers several.

    Such a form may write the number as a word ("يومين", two days) and leave `{count}` out, as
    gettext translators commonly do; a form covering several numbers must show the number.
    """
    numbers = numbers_of_form(language)[index]
    return next(iter(numbers)) if len(numbers) == 1 else None


def describe_form(language: str, index: int) -> str:
    """A form's name with example numbers, for translators: "few (3, 4, 5, ...)"."""
    examples = sorted(numbers_of_form(language)[index])[:4]
    shown = ", ".join(str(n) for n in examples[:3]) + (", ..." if len(examples) > 3 else "")
    return f"{tags(language)[index]} ({shown})"
