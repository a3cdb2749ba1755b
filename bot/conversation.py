"""One survivor's turn, end to end: load their state, run the engine, save, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.clock import Clock
from bot.engine.engine import Engine
from bot.engine.events import Event
from bot.engine.replies import ClearChat, Reply
from bot.engine.state import SurvivorState
from bot.engine.turn import Turn
from bot.flood import FloodGate, Flow
from bot.storage.database import Database
from bot.storage.models import HandledUpdate
from bot.storage.survivor_data import CasesOn, SurvivorData
from bot.storage.survivors import SentMessage, SurvivorRepository
from bot.visitors import Visitors

HANDLED_UPDATES_KEPT_FOR = timedelta(days=2)


@dataclass(frozen=True)
class Outcome:
    replies: list[Reply]
    delete_message_ids: list[int] = field(default_factory=list)
    """For a quick exit: ids of this chat's recent messages, for channels that can delete them."""


class Conversation:
    def __init__(self, database: Database, engine: Engine, clock: Clock, cases: CasesOn) -> None:
        self.database = database
        self.engine = engine
        self.clock = clock
        self.cases = cases
        self.flood = FloodGate()
        self.visitors = Visitors()
        # Ids of messages the bot sent, written with the next turn rather than in a transaction
        # of their own (half the database work of an update); see remember_sent.
        self._sent: list[SentMessage] = []

    def handle(
        self,
        chat_key: str,
        event: Event,
        incoming_message_id: int | None = None,
        update_id: int | None = None,
    ) -> Outcome:
        """One turn, in one transaction. `update_id` makes it idempotent: a channel's update
        redelivered after a crash is recognised and not handled again."""
        now = self.clock.now()
        flow = self.flood.check(chat_key, now)
        sent, self._sent = self._sent, []
        try:
            outcome = self._turn(chat_key, event, now, flow, sent, incoming_message_id, update_id)
        except BaseException:
            self._sent = sent + self._sent  # not written: keep them for the next turn
            raise
        return outcome

    def _turn(
        self,
        chat_key: str,
        event: Event,
        now: datetime,
        flow: Flow,
        sent: list[SentMessage],
        incoming_message_id: int | None,
        update_id: int | None,
    ) -> Outcome:
        with self.database.transaction() as session:
            survivors = SurvivorRepository(session)
            if update_id is not None and not _first_time(session, update_id, now):
                survivors.remember_messages(sent)
                return Outcome([])
            visit = self.visitors.find(chat_key, now)
            state = visit.state if visit else survivors.load_or_create(chat_key, now)
            turn = self.engine.handle(
                state,
                event,
                SurvivorData(session, self.cases),
                incoming_message_id,
                flooded=flow is not Flow.OK,
            )
            if flow is Flow.WARN and not turn.replies:
                turn = Turn([self.engine.slow_down(state)], turn.state, turn.visitor)
            if turn.state is None:  # erased: their ids among these find no survivor to join
                survivors.remember_messages(sent)
                self._keep_visiting(chat_key, turn, incoming_message_id, now)
                return Outcome(turn.replies)
            if visit is not None and not turn.state.consented:
                survivors.remember_messages(sent)  # other chats' messages, buffered
                return self._still_visiting(chat_key, turn, incoming_message_id, now)
            if visit is not None:  # they said yes after all: from now on, as anyone else
                self.visitors.forget(chat_key)
                turn.state.survivor_id = survivors.load_or_create(chat_key, now).survivor_id
                sent += [SentMessage(chat_key, ref, now) for ref in visit.message_ids]
            survivors.save(turn.state, now)
            if incoming_message_id is not None:
                sent = [*sent, SentMessage(chat_key, incoming_message_id, now)]
            survivors.remember_messages(sent)
            delete_ids: list[int] = []
            if any(isinstance(reply, ClearChat) for reply in turn.replies):
                delete_ids = survivors.deletable_messages(chat_key, now)
                survivors.forget_messages(chat_key)
            return Outcome(turn.replies, delete_ids)

    def _keep_visiting(
        self, chat_key: str, turn: Turn, incoming_message_id: int | None, now: datetime
    ) -> None:
        """After a no to consent, only memory holds them; after /forget, nothing does."""
        if turn.visitor is None:
            self.visitors.forget(chat_key)
            return
        visit = self.visitors.keep(chat_key, turn.visitor, now)
        if incoming_message_id is not None:
            visit.message_ids.append(incoming_message_id)

    def _still_visiting(
        self,
        chat_key: str,
        turn: Turn,
        incoming_message_id: int | None,
        now: datetime,
    ) -> Outcome:
        assert turn.state is not None
        visit = self.visitors.keep(chat_key, turn.state, now)
        if incoming_message_id is not None:
            visit.message_ids.append(incoming_message_id)
        if not any(isinstance(reply, ClearChat) for reply in turn.replies):
            return Outcome(turn.replies)
        delete_ids, visit.message_ids = visit.message_ids, []
        return Outcome(turn.replies, delete_ids)

    def prune(self) -> None:
        """Drop what has served its purpose: old update ids and old message ids."""
        self.write_sent()
        now = self.clock.now()
        with self.database.transaction() as session:
            forget_handled_updates(session, now - HANDLED_UPDATES_KEPT_FOR)
            SurvivorRepository(session).prune_message_ids(now)

    def remember_sent(self, chat_key: str, message_ids: list[int]) -> None:
        """Note the ids of messages the bot sent, so a later quick exit can delete them too.

        They are written with the next turn (a quick exit is a turn, so it always finds them),
        by the hourly sweep, or at shutdown; a crash may lose a few, which only means a quick
        exit leaves those messages on the screen.
        """
        if self.visitors.note_messages(chat_key, message_ids):
            return
        now = self.clock.now()
        self._sent.extend(SentMessage(chat_key, message_id, now) for message_id in message_ids)

    def write_sent(self) -> None:
        sent, self._sent = self._sent, []
        try:
            with self.database.transaction() as session:
                SurvivorRepository(session).remember_messages(sent)
        except BaseException:
            self._sent = sent + self._sent
            raise

    def state_of(self, chat_key: str) -> SurvivorState | None:
        with self.database.transaction() as session:
            return SurvivorRepository(session).find(chat_key)

    def language_of(self, chat_key: str) -> str | None:
        state = self.state_of(chat_key)
        return state.language if state else None


def _first_time(session: Session, update_id: int, now: datetime) -> bool:
    """Checked and recorded in one statement: it is on every update's path."""
    connection = session.connection()
    statement = RECORD_UPDATE[connection.dialect.name == "postgresql"]
    recorded = connection.execute(statement, {"update_id": update_id, "at": now}).first()
    return recorded is not None  # RETURNING, not rowcount: psycopg may not report a rowcount


RECORD_UPDATE = {
    on_postgresql: (postgresql.insert if on_postgresql else sqlite.insert)(HandledUpdate.__table__)
    .values(update_id=bindparam("update_id"), handled_at=bindparam("at"))
    .on_conflict_do_nothing(index_elements=["update_id"])
    .returning(HandledUpdate.__table__.c.update_id)
    for on_postgresql in (False, True)
}


def forget_handled_updates(session: Session, before: datetime) -> None:
    """Telegram keeps undelivered updates for a day; older ids can never come back."""
    session.execute(delete(HandledUpdate).where(HandledUpdate.handled_at < before))
