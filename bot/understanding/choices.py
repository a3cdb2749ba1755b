"""Which button a survivor meant when they typed instead of pressing one.

A button's number, its label typed exactly or nearly ("scotlnd"), or some of its words ("yes"
for "Yes, that is OK", "nrm" for "What is the NRM?"), in the survivor's language or in English.
When two buttons fit equally, nothing is chosen: a wrong guess is worse than asking again.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz

from bot.understanding.folding import words

NEAR = 85
"""How alike (0-100) a typed label must be to the whole label to count as it."""


def typed_choice(typed: str, options: Sequence[Sequence[str]]) -> int | None:
    """The index of the option meant by `typed`; each option is the ways its label is written."""
    typed_words = words(typed)
    if not typed_words:
        return None
    wanted = " ".join(typed_words)
    if wanted.isdigit():
        number = int(wanted)
        return number - 1 if 1 <= number <= len(options) else None
    whole = [
        max((fuzz.ratio(wanted, " ".join(words(label))) for label in labels), default=0)
        for labels in options
    ]
    best = max(whole, default=0)
    if best >= NEAR and whole.count(best) == 1:
        return whole.index(best)
    containing = [
        index
        for index, labels in enumerate(options)
        if any(_contains_words(typed_words, words(label)) for label in labels)
    ]
    return containing[0] if len(containing) == 1 else None


def _contains_words(typed: list[str], label: list[str]) -> bool:
    """Every typed word is a word of the label, forgiving a slip in longer words."""
    return all(any(_same_word(word, other) for other in label) for word in typed)


ARABIC_PREFIXES = ("وال", "ال", "و")
"""Written onto an Arabic word ("the", "and", "and the"): "الفريق" is the label's "فريق"."""


def _same_word(typed: str, label_word: str) -> bool:
    if typed == label_word or _bare(typed) == _bare(label_word):
        return True
    return min(len(typed), len(label_word)) >= 5 and fuzz.ratio(typed, label_word) >= NEAR


def _bare(word: str) -> str:
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word
