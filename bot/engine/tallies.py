"""What the engine counts (see bot/storage/counts.py): names shared with the console's pages."""

from __future__ import annotations

TYPED_NOT_UNDERSTOOD = "typed_not_understood"
"""Typed text that matched no button, everyday word, topic or answer: a kind line instead."""
TYPED_DID_YOU_MEAN = "typed_did_you_mean"
"""Typed text close to some topics but not sure enough: "Did you mean…?"."""
TYPED_TOPIC_FOUND = "typed_topic_found"
"""Typed text that went straight to a topic."""
TYPED = (TYPED_NOT_UNDERSTOOD, TYPED_DID_YOU_MEAN, TYPED_TOPIC_FOUND)
