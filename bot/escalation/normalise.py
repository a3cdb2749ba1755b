"""Fold the many ways one word can be typed into one form, in every script Waypost speaks."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that change nothing a reader sees, including bidirectional controls.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2060\u2066\u2067\u2068\u2069\ufeff\u0640",
    ),
    None,
)
# Arabic-script letters written differently in Arabic, Persian, Pashto and Sorani keyboards.
_ARABIC_VARIANTS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه", "ە": "ه"})
_APOSTROPHES = re.compile(r"['’ʼ`]")
_NOT_WORD = re.compile(r"[^\w]+")
_LONG_RUN = re.compile(r"(.)\1{2,}")


def words(text: str, keep_accents: bool = False) -> list[str]:
    """Lower-case words without accents, vowel marks, invisible characters or stretched letters.

    `keep_accents` is for languages where accents tell words apart (Vietnamese tones).
    """
    text = unicodedata.normalize("NFKD", text.translate(_INVISIBLE)).casefold()
    if not keep_accents:
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text).translate(_ARABIC_VARIANTS)
    text = _LONG_RUN.sub(r"\1", text)  # "pleaseee meee" -> "please me"
    text = _APOSTROPHES.sub("", text)  # "don't" and "dont" are one word
    return _NOT_WORD.sub(" ", text.replace("_", " ")).split()
