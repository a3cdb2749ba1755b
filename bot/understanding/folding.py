"""Fold the many ways one word can be typed into one form, in every script Waypost speaks.

Survivors type on whatever keyboard they have: Pashto on a Persian one, Persian on an Arabic
one, Vietnamese or Albanian without accents, Tigrinya with whichever of two letters that sound
alike. Phrase lists and messages are folded the same way, so a list is written once.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Invisible characters that change nothing a reader sees, including bidirectional controls and
# the Arabic tatweel; the Persian zero-width non-joiner goes too, so "می‌خواهم" is one word.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2060\u2066\u2067\u2068\u2069\ufeff\u0640",
    ),
    None,
)

# Arabic-script letters that keyboards for Arabic, Persian, Pashto and Sorani write differently,
# each folded to the one a Persian keyboard has (the commonest keyboard in the diaspora).
_ARABIC_SCRIPT = str.maketrans(
    {
        **dict.fromkeys("يىېۍێئ", "ی"),
        **dict.fromkeys("كګڪگ", "ک"),
        **dict.fromkeys("ةۀەھ", "ه"),
        **dict.fromkeys("أإآٱ", "ا"),
        "ؤ": "و",
        "ۆ": "و",
        "ء": None,
        "ښ": "ش",
        "ږ": "ژ",
        "ړ": "ر",
        "ڕ": "ر",
        "ټ": "ت",
        "ډ": "د",
        "ځ": "ز",
        "څ": "س",
        "ڼ": "ن",
        "ڵ": "ل",
        "ڤ": "ف",
        **{chr(0x0660 + d): str(d) for d in range(10)},
        **{chr(0x06F0 + d): str(d) for d in range(10)},
    }
)
# Persian writes "mi-" and plural "-ha" joined by a zero-width non-joiner, and people type it
# with a space instead: joined back so both spellings are one word.
_JOIN_NEXT = frozenset({"می", "نمی", "همی"})
_JOIN_PREVIOUS = frozenset({"ها", "های", "هایی", "هایم", "هام"})


def _ethiopic_rows() -> dict[int, str]:
    """Ge'ez letters spelt interchangeably (ሐ/ኀ for ሀ, ሠ for ሰ, ፀ for ጸ, ዐ for አ, ቐ for ቀ),
    each row of vowel forms folded onto one; the 4th form of ሀ and አ (ሃ, ኣ) onto the first."""
    folds = {0x1210: 0x1200, 0x1280: 0x1200, 0x1220: 0x1230, 0x1340: 0x1338, 0x12D0: 0x12A0}
    folds[0x1250] = 0x1240
    table = {
        source + order: chr(target + order)
        for source, target in folds.items()
        for order in range(7)
    }
    table[0x1203] = table[0x1213] = table[0x1283] = "ሀ"
    table[0x12A3] = table[0x12D3] = "አ"
    return table


_ETHIOPIC = _ethiopic_rows()

# Vietnamese tone marks. Keyboards put them on different vowels ("hoà" and "hòa"), so a word's
# tone is kept apart from its letters: the same word always folds to the same form.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}
_APOSTROPHES = re.compile(r"['’ʼ`]")
_BETWEEN_WORDS = re.compile(r"([^\w\u0300-\u036f\u064b-\u065f\u0670]+)")
_CLAUSE_END = re.compile(r"[.,;:!?\n،؛؟።፣፤፥፧]")
_NOT_WORD = re.compile(r"[^\w]+")
_LONG_RUN = re.compile(r"([^\W\d_])\1{2,}")  # letters only: "1999" stays


@dataclass(frozen=True)
class Folded:
    """A message as words, in two views that line up word for word.

    `plain` has no accents or vowel marks at all; `toned` keeps a Vietnamese word's letters and
    tone (as a digit at its end), and is the same as `plain` for a word typed without marks.
    """

    plain: tuple[str, ...]
    toned: tuple[str, ...]
    clause_starts: frozenset[int] = frozenset()
    """Words that follow a full stop, comma, question mark or the like: "not" stops there."""

    def marked(self, index: int) -> bool:
        return self.plain[index] != self.toned[index]


def fold(text: str) -> Folded:
    tokens = _tokens(text)
    plain = tuple(_strip_marks(token) for token, _ in tokens)
    toned = tuple(_tone_last(token) for token, _ in tokens)
    clauses = frozenset(index for index, (_, new_clause) in enumerate(tokens) if new_clause)
    return Folded(plain, toned, clauses)


def words(text: str) -> list[str]:
    """Lower-case words without accents, vowel marks, invisible characters or stretched letters."""
    return list(fold(text).plain)


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    text = text.translate(_ARABIC_SCRIPT).translate(_ETHIOPIC)
    text = _LONG_RUN.sub(r"\1", text)  # "pleaseee meee" -> "please me"
    text = _APOSTROPHES.sub("", text)  # "don't" and "dont" are one word
    decomposed = unicodedata.normalize("NFD", text)
    # Marks are letters' parts here; splitting on them would cut words in two.
    parts = _BETWEEN_WORDS.split(decomposed.replace("_", " "))
    tokens = []
    for index in range(0, len(parts), 2):
        if parts[index]:
            separator = parts[index - 1] if index else ""
            new_clause = bool(tokens) and _CLAUSE_END.search(separator) is not None
            tokens.append((unicodedata.normalize("NFC", parts[index]), new_clause))
    return _join_clitics(tokens)


def _join_clitics(tokens: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    joined: list[tuple[str, bool]] = []
    carry, carry_clause = "", False
    for token, new_clause in tokens:
        if token in _JOIN_PREVIOUS and joined and not carry and not new_clause:
            joined[-1] = (joined[-1][0] + token, joined[-1][1])
        elif token in _JOIN_NEXT:
            carry, carry_clause = carry + token, carry_clause or new_clause
        else:
            joined.append((carry + token, new_clause or carry_clause))
            carry, carry_clause = "", False
    if carry:
        joined.append((carry, carry_clause))
    return joined


def _strip_marks(token: str) -> str:
    decomposed = unicodedata.normalize("NFD", token)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("ı", "i")


def _tone_last(token: str) -> str:
    decomposed = unicodedata.normalize("NFD", token)
    if not any(unicodedata.combining(c) for c in decomposed):
        return token
    tone = "".join(_TONES[c] for c in decomposed if c in _TONES)
    letters = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", letters) + tone
