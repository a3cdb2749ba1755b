"""Small numbers as words, so a translation may write "يومين" (two days) for the English "2 days".

The number check (quality.py) insists that every number of the English appears unchanged in a
translation: a wrong digit in a helpline number must never reach a survivor. Languages write
small counts as words, though, and Arabic has a dual ("two days" is one word), so a number of 1
to 10 standing alone may instead appear as one of these words. Words that are also common words of
another meaning (Romanian "o", "un": a; Persian "نه": no) are left out, so they cannot hide a
number that went missing. Phone numbers, times and anything
above 10 must still be written exactly as in the English.
"""

from __future__ import annotations

import re

WORDS: dict[str, dict[int, tuple[str, ...]]] = {
    "ar": {
        1: ("واحد", "واحدة"),
        2: (
            "اثنان",
            "اثنين",
            "اثنتان",
            "اثنتين",
            "يومين",
            "يومان",
            "ساعتين",
            "ساعتان",
            "أسبوعين",
            "شهرين",
            "مرتين",
            "رسالتين",
            "دقيقتين",
            "تذكيرين",
        ),
        3: ("ثلاث", "ثلاثة"),
        4: ("أربع", "أربعة"),
        5: ("خمس", "خمسة"),
        6: ("ست", "ستة"),
        7: ("سبع", "سبعة"),
        8: ("ثماني", "ثمانية", "ثمان"),
        9: ("تسع", "تسعة"),
        10: ("عشر", "عشرة"),
    },
    "fa": {
        1: ("یک",),
        2: ("دو",),
        3: ("سه",),
        4: ("چهار",),
        5: ("پنج",),
        6: ("شش",),
        7: ("هفت",),
        8: ("هشت",),
        10: ("ده",),
    },
    "ps": {1: ("یو", "یوه"), 2: ("دوه",), 3: ("درې",), 4: ("څلور",), 5: ("پنځه",)},
    "ckb": {1: ("یەک",), 2: ("دوو",), 3: ("سێ",), 4: ("چوار",), 5: ("پێنج",)},
    "sq": {
        1: ("një",),
        2: ("dy",),
        3: ("tre", "tri"),
        4: ("katër",),
        5: ("pesë",),
        6: ("gjashtë",),
        7: ("shtatë",),
        8: ("tetë",),
        9: ("nëntë",),
        10: ("dhjetë",),
    },
    "ro": {
        1: ("unu", "una"),
        2: ("doi", "două"),
        3: ("trei",),
        4: ("patru",),
        5: ("cinci",),
        6: ("șase",),
        7: ("șapte",),
        8: ("opt",),
        9: ("nouă",),
        10: ("zece",),
    },
    "vi": {
        1: ("một",),
        2: ("hai",),
        3: ("ba",),
        4: ("bốn",),
        5: ("năm",),
        6: ("sáu",),
        7: ("bảy",),
        8: ("tám",),
        9: ("chín",),
        10: ("mười",),
    },
    "am": {1: ("አንድ",), 2: ("ሁለት",), 3: ("ሦስት", "ሶስት"), 4: ("አራት",), 5: ("አምስት",)},
    "ti": {1: ("ሓደ", "ሐደ"), 2: ("ክልተ",), 3: ("ሰለስተ",), 4: ("ኣርባዕተ",), 5: ("ሓሙሽተ",)},
}
ARABIC_PREFIXES = ("وال", "بال", "لل", "ال", "و", "ب", "ل", "ف")
"""Arabic-script words take these in front ("واليومين", and the two days)."""
_WORD = re.compile(r"\w+")


def written_as_word(number: str, translation: str, language: str) -> bool:
    """Whether a small number of the English appears in the translation as a word instead."""
    if not number.isdigit() or not 1 <= int(number) <= 10:
        return False
    words = set(WORDS.get(language, {}).get(int(number), ()))
    if not words:
        return False
    for token in _WORD.findall(translation.lower()):
        if token in words:
            return True
        if any(token.startswith(p) and token[len(p) :] in words for p in ARABIC_PREFIXES):
            return True
    return False
