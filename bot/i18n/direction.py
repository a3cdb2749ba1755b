"""Right-to-left text that reads correctly on a phone.

A phone lays out each message by its first strong letter, and inside right-to-left text it
reverses the groups of a phone number ("08000 121 700" shows as "700 121 08000"). So a message
mostly in a right-to-left script (Arabic, Persian, Pashto, Sorani) starts with a right-to-left
mark, and each number written in groups is isolated left-to-right. Text mostly in other scripts,
English fallback included, is left exactly as it is.
"""

from __future__ import annotations

import re
import unicodedata

RLM = "\u200f"  # right-to-left mark: the message's direction, whatever it starts with
LRI = "\u2066"  # left-to-right isolate ...
PDI = "\u2069"  # ... and its end: a phone number keeps its order inside right-to-left text
_GROUPED_NUMBER = re.compile(r"\+?\d+(?: \d+)+")
_RIGHT_TO_LEFT = ("ARABIC", "HEBREW", "SYRIAC", "THAANA", "NKO")
_ANY_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def shape(text: str) -> str:
    if not right_to_left(text) or text.startswith(RLM):
        return text
    return RLM + _GROUPED_NUMBER.sub(lambda found: f"{LRI}{found[0]}{PDI}", text)


def right_to_left(text: str) -> bool:
    """Mostly written in a right-to-left script."""
    if not _ANY_RIGHT_TO_LEFT.search(text):  # most messages: one quick scan, no counting
        return False
    rtl = ltr = 0
    for ch in text:
        if ch.isalpha():
            if unicodedata.name(ch, "").startswith(_RIGHT_TO_LEFT):
                rtl += 1
            else:
                ltr += 1
    return rtl > ltr
