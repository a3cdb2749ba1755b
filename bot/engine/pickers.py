"""Pickers: buttons made when a node is shown (days, times, the survivor's own reminders).

A flow node names a picker instead of listing buttons; the picker offers the options, checks a
pressed one is still valid, and reads the same answer when the survivor types it instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.engine.state import SurvivorState
from bot.i18n.translator import Translate

if TYPE_CHECKING:
    from bot.engine.actions import SurvivorStore


@dataclass(frozen=True)
class Option:
    label: str
    value: str
    """Goes into callback data after the node id, so it is short and has no '/'."""


@dataclass(frozen=True)
class PickView:
    """What a picker may look at: the survivor, storage, the time and how to speak to them."""

    state: SurvivorState
    store: SurvivorStore
    now: datetime
    translate: Translate
    locale: str
    """The CLDR locale for dates and times in the survivor's language."""


class Picker(Protocol):
    columns: int
    """How many options share a row: short ones (times) fit four to a row on a phone."""
    typing_hint: str
    """Said when typed text is not understood (English source text, translated)."""

    def options(self, view: PickView) -> list[Option]: ...

    def accepts(self, value: str, view: PickView) -> bool:
        """Whether a pressed option is still a valid answer (a day may have passed)."""
        ...

    def read(self, typed: str, view: PickView) -> str | None:
        """The value the survivor typed, or None when it cannot be read."""
        ...
