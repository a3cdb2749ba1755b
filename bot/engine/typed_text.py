"""What a survivor typed, made safe to keep and show back, without changing their words."""

from __future__ import annotations

import unicodedata

MAX_TYPED = 4096  # Telegram's own limit for one message

# Bidirectional overrides and isolates can make text display reversed or spoofed, and
# zero-width spaces hide inside words; joiners (needed in Persian and emoji) are kept.
_HIDDEN = dict.fromkeys(
    map(ord, "\u200b\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"), None
)


def clean(text: str) -> str:
    text = text.translate(_HIDDEN)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    return text.strip()
