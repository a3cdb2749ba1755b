"""A first guess at the language of a message, from the letters it is written in.

Good enough to greet a newcomer in their language with the picker one tap away; never used to
decide anything the survivor has not confirmed. English is the guess when nothing stands out.
"""

from __future__ import annotations

import unicodedata

# Letters only one of Waypost's languages uses, checked in this order.
_ONLY = (
    ("ps", set("ښږړټډځڅېۍګڼ")),
    ("ckb", set("ەێۆڵڕ")),
    ("fa", set("پچژگیک")),
    ("ar", set("ةىيكأإؤ")),
    ("ti", set("ቐቑቒቓቔቕቖኸኹኺኻኼኽኾኣ")),
    ("vi", set("đơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")),
    ("ro", set("ășşțţâî")),
    ("sq", set("ëç")),
)


def guess_language(text: str) -> str | None:
    letters = set(unicodedata.normalize("NFC", text.casefold()))
    for language, only in _ONLY:
        if letters & only:
            return language
    scripts = {_script(c) for c in letters if c.isalpha()}
    if "arabic" in scripts:
        return "ar"
    if "ethiopic" in scripts:
        return "am"
    return None


def _script(letter: str) -> str:
    name = unicodedata.name(letter, "")
    return name.split(" ")[0].lower()
