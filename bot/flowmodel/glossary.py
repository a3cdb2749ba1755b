"""The glossary shown to survivors: which hard terms a screen uses, so it can offer
"What does … mean?" (entries are the nodes with `term:`, in flows/glossary.yaml)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping

from bot.flowmodel.schema import Node
from bot.texts import N_

TERM_PREFIX = "~term/"
"""Callback data of a "What does … mean?" button: this, then the entry's node id."""
BACK_PREFIX = "~back/"
"""Callback data of the Back button under an explanation: this, then the screen's node id."""
WHAT_DOES_IT_MEAN = N_("What does {term} mean?")
BACK = N_("⬅️ Back")


class Glossary:
    """Every entry's ways of writing its term, matched as whole words, whatever the case."""

    def __init__(self, nodes: Mapping[str, Node]) -> None:
        self.entries = {node_id: node for node_id, node in nodes.items() if node.term}
        self._entry_of = {
            written.casefold(): node_id
            for node_id, node in self.entries.items()
            for written in node.term
        }
        # Longest first, so "Reasonable Grounds decision" wins over "reasonable grounds".
        forms = sorted(self._entry_of, key=len, reverse=True)
        alternatives = "|".join(re.escape(form) for form in forms)
        self._pattern = (
            re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE) if forms else None
        )

    def terms_in(self, texts: Iterable[str]) -> list[str]:
        """The entries whose term appears in `texts`, in the order they first appear."""
        found: list[str] = []
        if self._pattern is None:
            return found
        for text in texts:
            for match in self._pattern.finditer(text):
                entry = self._entry_of[match.group().casefold()]
                if entry not in found:
                    found.append(entry)
        return found

    def clashes(self) -> Iterator[tuple[str, str, str]]:
        """(entry, written form, other entry) for a form two entries both claim."""
        seen: dict[str, str] = {}
        for node_id, node in self.entries.items():
            for written in node.term:
                other = seen.setdefault(written.casefold(), node_id)
                if other != node_id:
                    yield node_id, written, other
