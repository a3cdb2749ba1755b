"""The audit trail of a case as `case_events` rows hold it: who (`actor`) did what (`action`).

Both are text in the database, so this one module writes and reads them. An action is a verb,
with what it was about after a colon (``opened:danger_threatened``, ``released:no private
chat``); an actor is the survivor, Waypost itself, or a caseworker by Telegram id.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

SURVIVOR = "survivor"
SYSTEM = "system"
_CASEWORKER = "caseworker:"


def caseworker_actor(telegram_user_id: int) -> str:
    return f"{_CASEWORKER}{telegram_user_id}"


def caseworker_of(actor: str) -> int | None:
    """The Telegram id of the caseworker an actor names, if it names one."""
    number = actor.removeprefix(_CASEWORKER)
    return int(number) if actor.startswith(_CASEWORKER) and number.isdigit() else None


class Verb(StrEnum):
    OPENED = "opened"
    ADDED = "added"
    SAID_UNDER_18 = "said_under_18"
    RAISED_TO_URGENT = "raised_to_urgent"
    REALERTED = "realerted"
    CLAIMED = "claimed"
    RELEASED = "released"
    RESOLVED = "resolved"
    ENDED = "ended"
    WROTE = "wrote"
    WROTE_WHILE_WAITING = "wrote_while_waiting"
    READY = "ready"


@dataclass(frozen=True)
class Action:
    verb: str
    """A `Verb` when written; read back as stored, so a row older than a verb still reads."""
    about: str = ""

    def __str__(self) -> str:
        return f"{self.verb}:{self.about}" if self.about else f"{self.verb}"

    @classmethod
    def read(cls, stored: str) -> Action:
        verb, _, about = stored.partition(":")
        return cls(verb, about)
