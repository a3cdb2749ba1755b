"""Survivors' state, loaded and saved around each turn, and the ids of their chat's messages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Row, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from bot.engine.state import SurvivorState
from bot.storage.models import ChatMessage, Survivor, UTCDateTime
from bot.storage.sealing import Keyring, SealingError

# Telegram lets a bot delete messages in a private chat for 48 hours; older ids are useless.
DELETABLE_FOR = timedelta(hours=48)
SAVED_COLUMNS = (
    "language",
    "nation",
    "age_group",
    "consented_at",
    "consent_reconfirmed_at",
    "sealed",
    "needs_interpreter",
    "worker_gender",
    "shares_with_caseworker",
    "quiet_hours",
    "full_reminders",
    "last_seen_at",
    "retention_warned_at",
)
# The statements on every update's path, built once: plain SQL, not the ORM, for speed.
SURVIVORS = Survivor.__table__
LOAD = select(SURVIVORS).where(SURVIVORS.c.chat_key == bindparam("key"))
CREATE = (
    insert(SURVIVORS)
    .values(
        chat_key=bindparam("key"),
        sealed="",
        created_at=bindparam("now"),
        last_seen_at=bindparam("now"),
        shares_with_caseworker=False,
        full_reminders=False,
    )
    .returning(SURVIVORS.c.id)
)
SAVE = (
    update(SURVIVORS)
    .where(SURVIVORS.c.id == bindparam("survivor_id"))
    .values({name: bindparam(name) for name in SAVED_COLUMNS})
)
REMEMBER = insert(ChatMessage.__table__).from_select(
    ["survivor_id", "message_id", "sent_at"],
    select(
        Survivor.id,
        bindparam("id", type_=BigInteger),
        bindparam("at", type_=UTCDateTime()),
    ).where(Survivor.chat_key == bindparam("key")),
)


@dataclass(frozen=True)
class SentMessage:
    """A message in a survivor's chat (theirs or the bot's) that a quick exit may delete."""

    chat_key: str
    message_id: int
    at: datetime


class SurvivorRepository:
    """Their state and their chat's message ids, inside one transaction (what else is kept
    about them, for the engine: bot/storage/survivor_data.py)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        keyring = session.info.get("keyring")
        if keyring is None:
            raise SealingError("WAYPOST_SECRET_KEY is needed to read or write survivors' data")
        self.keyring: Keyring = keyring

    def find(self, chat_key: str) -> SurvivorState | None:
        row = self._columns(chat_key)
        return None if row is None else self._state(row)

    def load_or_create(self, chat_key: str, now: datetime) -> SurvivorState:
        """On every update's path, so in plain SQL statements rather than through the ORM."""
        row = self._columns(chat_key)
        if row is not None:
            return self._state(row)
        created = self.session.connection().execute(CREATE, {"key": chat_key, "now": now})
        return SurvivorState(survivor_id=created.scalar_one())

    def by_id(self, survivor_id: int) -> SurvivorState | None:
        row = self.session.get(Survivor, survivor_id)
        return None if row is None else self._state(row)

    def save(self, state: SurvivorState, now: datetime) -> None:
        """One UPDATE (nothing, if they were erased meanwhile)."""
        private = {
            "node": state.node,
            "answers": state.answers,
            "topics": state.topics,
            "resume_node": state.resume_node,
            "suggestions": state.suggestions,
            "story_message": state.story_message,
        }
        self.session.connection().execute(
            SAVE,
            {
                "survivor_id": state.survivor_id,
                "language": state.language,
                "nation": state.nation,
                "age_group": state.age_group,
                "consented_at": state.consented_at,
                "consent_reconfirmed_at": state.consent_reconfirmed_at,
                "sealed": self.keyring.seal(private),
                "needs_interpreter": state.needs_interpreter,
                "worker_gender": state.worker_gender,
                "shares_with_caseworker": state.shares_with_caseworker,
                "quiet_hours": state.quiet_hours,
                "full_reminders": state.full_reminders,
                "last_seen_at": now,
                "retention_warned_at": None,
            },
        )

    def remember_messages(self, messages: list[SentMessage]) -> None:
        """One statement for any number of chats: nothing is kept for an unknown chat (one
        that was erased since, say)."""
        if messages:
            self.session.connection().execute(
                REMEMBER, [{"key": m.chat_key, "id": m.message_id, "at": m.at} for m in messages]
            )

    def prune_message_ids(self, now: datetime) -> None:
        """Ids too old for Telegram to delete are of no more use (run now and then)."""
        self.session.execute(delete(ChatMessage).where(ChatMessage.sent_at <= now - DELETABLE_FOR))

    def deletable_messages(self, chat_key: str, now: datetime) -> list[int]:
        row = self._row(chat_key)
        if row is None:
            return []
        return list(
            self.session.scalars(
                select(ChatMessage.message_id)
                .where(ChatMessage.survivor_id == row.id, ChatMessage.sent_at > now - DELETABLE_FOR)
                .order_by(ChatMessage.message_id)
            )
        )

    def forget_messages(self, chat_key: str) -> None:
        """After a quick exit the ids have no more use."""
        row = self._row(chat_key)
        if row is not None:
            self.session.execute(delete(ChatMessage).where(ChatMessage.survivor_id == row.id))

    def reseal_all(self) -> int:
        """Seal every survivor's data again with the newest key; return how many."""
        rows = self.session.scalars(select(Survivor).where(Survivor.sealed != "")).all()
        for row in rows:
            row.sealed = self.keyring.reseal(row.sealed)
        return len(rows)

    def _state(self, row: Survivor | Row[Any]) -> SurvivorState:
        private = self.keyring.open(row.sealed) or {}
        return SurvivorState(
            survivor_id=row.id,
            language=row.language,
            nation=row.nation,
            age_group=row.age_group,
            node=private.get("node"),
            consented_at=row.consented_at,
            consent_reconfirmed_at=row.consent_reconfirmed_at,
            answers=dict(private.get("answers", {})),
            needs_interpreter=row.needs_interpreter,
            worker_gender=row.worker_gender,
            shares_with_caseworker=bool(row.shares_with_caseworker),
            quiet_hours=row.quiet_hours,
            full_reminders=bool(row.full_reminders),
            topics=list(private.get("topics", [])),
            resume_node=private.get("resume_node"),
            suggestions=list(private.get("suggestions", [])),
            story_message=private.get("story_message"),
        )

    def _columns(self, chat_key: str) -> Row[Any] | None:
        return self.session.connection().execute(LOAD, {"key": chat_key}).first()

    def _row(self, chat_key: str) -> Survivor | None:
        return self.session.scalars(select(Survivor).where(Survivor.chat_key == chat_key)).first()
