"""When a translation may be shown: not a copy of the English, in the language's own script.

A translation that fails either is treated as missing, so the survivor sees the English (with
the notice that some text is only in English) rather than text they may not be able to read.
Translations no native speaker has checked carry the `unreviewed` flag in the catalogue.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence

from bot.i18n import plurals
from bot.i18n.number_words import written_as_word

UNREVIEWED = "unreviewed"
"""The catalogue flag on a translation not yet checked by a native speaker (often automatic)."""

SCRIPTS = {
    "sq": "LATIN",
    "ro": "LATIN",
    "vi": "LATIN",
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ps": "ARABIC",
    "ckb": "ARABIC",
    "ti": "ETHIOPIC",
    "am": "ETHIOPIC",
}
"""The script each language is written in; a language not listed is not checked."""

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_WEB_ADDRESS = re.compile(r"\S+\.(?:org|uk|com|scot|gov)\S*", re.IGNORECASE)
_BRACKETED = re.compile(r"\([^()]*\)")
_KEPT_AS_IS = re.compile(r"\+?\d[\d ]*\d|\d")
"""Numbers, phone numbers: every one in the English must appear unchanged in a translation."""


def usable(source: str, translation: str, language: str) -> bool:
    """Shown to survivors: a real translation, in its script, with the numbers unchanged."""
    return (
        bool(translation.strip())
        and placeholders(translation) == placeholders(source)
        and not copies_english(source, translation)
        and in_own_script(translation, language)
        and not numbers_changed(source, translation, language)
    )


def usable_plural(singular: str, plural: str, forms: Sequence[str], language: str) -> bool:
    """A counted message may be shown only with every form the language has, each usable.

    A form that stands for one number only (Arabic's dual) may write it as a word and leave the
    count's placeholder out; see `plurals.only_number`.
    """
    if len(forms) != plurals.count_of_forms(language):
        return False
    return all(
        form_problem(singular, plural, form, language, index) is None
        for index, form in enumerate(forms)
    )


def form_problem(singular: str, plural: str, form: str, language: str, index: int) -> str | None:
    """Why one plural form may not be shown, or None."""
    if not form.strip():
        return "empty"
    english = placeholders(plural)
    found = placeholders(form)
    single = plurals.only_number(language, index) is not None
    if not (found == english or (single and found < english and len(english - found) == 1)):
        return "the {placeholders} differ from the English; copy them unchanged"
    if changed := numbers_changed(plural, form, language):
        return f"{', '.join(changed)} must appear exactly as in the English"
    if copies_english(singular, form) or copies_english(plural, form):
        return "same as the English"
    if not in_own_script(form, language):
        return "not in the language's own script"
    return None


def placeholders(text: str) -> frozenset[str]:
    """The {names} a text fills in; a broken brace gives none, so it never matches."""
    try:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)
    except ValueError:
        return frozenset({"{"})


def numbers_changed(source: str, translation: str, language: str | None = None) -> list[str]:
    """Numbers, phone numbers and web addresses of the English missing from the translation:
    a wrong digit in a helpline number must never reach a survivor. A number from 1 to 10 may
    be written as a word of the language instead (see number_words.py)."""
    missing = Counter(numbers_in(source)) - Counter(numbers_in(translation))
    return sorted(
        number
        for number in missing.elements()
        if language is None or not written_as_word(number, translation, language)
    )


def copies_english(source: str, translation: str) -> bool:
    """The English pasted back: only counts for text with words in it (not "{what}: {when}")."""
    return translation.strip() == source.strip() and any(ch.isalpha() for ch in _words(source))


def in_own_script(translation: str, language: str) -> bool:
    """Most letters (leaving out placeholders and web addresses) are in the language's script.

    Names such as "Samaritans" may stay in Latin letters inside an Arabic sentence, and a term
    may follow its rendering in brackets ("لومړنۍ پرېکړه (reasonable grounds)": the words
    outside the brackets are enough); a sentence left in English may not.
    """
    script = SCRIPTS.get(language)
    if script is None:
        return True
    words = _words(translation)
    outside = _BRACKETED.sub(" ", words)
    return _mostly(words, script) or (outside != words and _mostly(outside, script, empty=False))


def _mostly(text: str, script: str, empty: bool = True) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return empty
    own = sum(1 for ch in letters if unicodedata.name(ch, "").startswith(script))
    return own * 2 > len(letters)


def numbers_in(text: str) -> list[str]:
    """Numbers and phone numbers (spaces inside kept) and web addresses, as written."""
    addresses = [address.rstrip(".,;:!?)") for address in _WEB_ADDRESS.findall(text)]
    rest = _WEB_ADDRESS.sub(" ", _PLACEHOLDER.sub(" ", text))
    return sorted([*addresses, *(n.strip() for n in _KEPT_AS_IS.findall(rest))])


def _words(text: str) -> str:
    return _WEB_ADDRESS.sub(" ", _PLACEHOLDER.sub(" ", text))
