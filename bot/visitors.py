"""People who said no to consent, remembered in memory only, for the rest of the conversation.

Saying no keeps nothing in storage. They can still read every topic and the phone numbers in
their own language, and say yes later; so their language and place, and the ids of the messages
a quick exit should delete, live here until they go quiet. A restart forgets them: the next
message then starts again with the language picker, which harms nobody.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.engine.state import SurvivorState

FORGOTTEN_AFTER = timedelta(hours=12)
MOST = 10_000
"""However many write at once, memory stays small: the longest quiet are forgotten first."""


@dataclass
class Visit:
    state: SurvivorState
    seen_at: datetime
    message_ids: list[int] = field(default_factory=list)
    """Their messages and the bot's in this chat, for a quick exit to delete."""


class Visitors:
    def __init__(self) -> None:
        self._visits: OrderedDict[str, Visit] = OrderedDict()

    def find(self, chat_key: str, now: datetime) -> Visit | None:
        visit = self._visits.get(chat_key)
        if visit is None or now - visit.seen_at >= FORGOTTEN_AFTER:
            self._visits.pop(chat_key, None)
            return None
        return visit

    def keep(self, chat_key: str, state: SurvivorState, now: datetime) -> Visit:
        visit = self._visits.pop(chat_key, None) or Visit(state, now)
        visit.state, visit.seen_at = state, now
        self._visits[chat_key] = visit
        while len(self._visits) > MOST:
            self._visits.popitem(last=False)
        return visit

    def forget(self, chat_key: str) -> None:
        self._visits.pop(chat_key, None)

    def note_messages(self, chat_key: str, message_ids: list[int]) -> bool:
        """Remember messages sent to a visitor; False if `chat_key` is not one."""
        visit = self._visits.get(chat_key)
        if visit is None:
            return False
        visit.message_ids.extend(message_ids)
        return True
