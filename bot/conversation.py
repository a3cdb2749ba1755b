"""One survivor's turn, end to end: load their state, run the engine, save, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.engine.engine import Engine, Turn
from bot.engine.events import Event
from bot.engine.replies import ClearChat, Reply
from bot.engine.state import SurvivorState
from bot.flood import FloodGate, Flow
from bot.storage.database import Database
from bot.storage.survivors import SurvivorRepository


@dataclass(frozen=True)
class Outcome:
    replies: list[Reply]
    delete_message_ids: list[int] = field(default_factory=list)
    """For a quick exit: ids of this chat's recent messages, for channels that can delete them."""


class Conversation:
    def __init__(self, database: Database, engine: Engine, clock: Clock) -> None:
        self.database = database
        self.engine = engine
        self.clock = clock
        self.flood = FloodGate()

    def handle(
        self, chat_key: str, event: Event, incoming_message_id: int | None = None
    ) -> Outcome:
        now = self.clock.now()
        flow = self.flood.check(chat_key, now)
        with self.database.transaction() as session:
            survivors = SurvivorRepository(session)
            state = survivors.load_or_create(chat_key, now)
            turn = self.engine.handle(
                state, event, survivors, incoming_message_id, flooded=flow is not Flow.OK
            )
            if flow is Flow.WARN and not turn.replies:
                turn = Turn([self.engine.slow_down(state)], turn.state)
            if turn.state is None:
                return Outcome(turn.replies)
            survivors.save(turn.state, now)
            if incoming_message_id is not None:
                survivors.remember_messages(chat_key, [incoming_message_id], now)
            delete_ids: list[int] = []
            if any(isinstance(reply, ClearChat) for reply in turn.replies):
                delete_ids = survivors.deletable_messages(chat_key, now)
                survivors.forget_messages(chat_key)
            return Outcome(turn.replies, delete_ids)

    def remember_sent(self, chat_key: str, message_ids: list[int]) -> None:
        """Note the ids of messages the bot sent, so a later quick exit can delete them too."""
        with self.database.transaction() as session:
            SurvivorRepository(session).remember_messages(chat_key, message_ids, self.clock.now())

    def state_of(self, chat_key: str) -> SurvivorState | None:
        with self.database.transaction() as session:
            return SurvivorRepository(session).find(chat_key)

    def language_of(self, chat_key: str) -> str | None:
        state = self.state_of(chat_key)
        return state.language if state else None
