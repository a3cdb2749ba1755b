"""The database schema. Every change here needs an Alembic migration (tests compare the two)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.sql.expression import false
from sqlalchemy.types import TypeDecorator

LARGEST_ID = 2**31 - 1
"""The largest row id the columns hold (PostgreSQL's integer): a bigger number names nothing."""

# Stable constraint names, so migrations name the same things on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Always UTC and timezone-aware in Python, whatever the database keeps."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime: use the clock")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Survivor(Base):
    __tablename__ = "survivors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # "telegram:<chat id>" or "console:<name>", spelt by bot/chat_keys.py: how a channel finds
    # the survivor again.
    chat_key: Mapped[str] = mapped_column(String(64), unique=True)
    language: Mapped[str | None] = mapped_column(String(16))
    nation: Mapped[str | None] = mapped_column(String(24))
    age_group: Mapped[str | None] = mapped_column(String(8))
    consented_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_reconfirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Where they are in the conversation, the topics they read and free text they typed:
    # encrypted together (see storage/sealing.py), since each says something about them.
    sealed: Mapped[str] = mapped_column(Text, default="", server_default="")
    # What a caseworker needs, asked when the survivor asks for a person.
    needs_interpreter: Mapped[bool | None] = mapped_column(Boolean)
    worker_gender: Mapped[str | None] = mapped_column(String(16))
    shares_with_caseworker: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # Set when told that their data will be deleted for inactivity; any message clears it.
    retention_warned_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Reminder preferences: when the bot never writes first ("22:00-08:00"), and whether
    # reminders may say what and where in the notification itself.
    quiet_hours: Mapped[str | None] = mapped_column(String(11))
    full_reminders: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class ChatMessage(Base):
    """Ids (never text) of recent messages in a survivor's chat, so quick exit can delete them."""

    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(
        ForeignKey("survivors.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int] = mapped_column(BigInteger)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class HandledUpdate(Base):
    """Telegram updates already handled, so one redelivered after a crash is not handled twice."""

    __tablename__ = "handled_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Case(Base):
    """A request for a person. It outlives the survivor's erasure, anonymised."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int | None] = mapped_column(
        ForeignKey("survivors.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(40))
    urgency: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(12), default="open")
    language: Mapped[str | None] = mapped_column(String(16))
    nation: Mapped[str | None] = mapped_column(String(24))
    child: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The survivor said they are under 18: kept on the case, as its language is, so the team
    knows a child asked even after the survivor erased their data."""
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_alerted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class CaseNote(Base):
    """What a survivor typed while their request waited for a caseworker, for the caseworker.

    Their own words: encrypted (see storage/sealing.py), and deleted when they erase their data,
    although the case itself outlives that, anonymised.
    """

    __tablename__ = "case_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sealed: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class CaseEvent(Base):
    """The audit log: who did what to a case, and when. Actions only, never message content."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Caseworker(Base):
    """A person allowed to act on cases, known by their Telegram user id."""

    __tablename__ = "caseworkers"

    telegram_user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    name: Mapped[str] = mapped_column(String(80))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The case their next private message goes to (chosen with Reply on a case card).
    writing_to_case_id: Mapped[int | None] = mapped_column(Integer)


class StaffEvent(Base):
    """The audit log of who may act on cases: a caseworker added or removed, by whom, when."""

    __tablename__ = "staff_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """A message to staff that must arrive: written with the case, deleted from view only once
    Telegram has accepted it. The text is built when it is sent, so nothing sensitive waits here.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    urgent: Mapped[bool] = mapped_column(Boolean)
    # None means "the caseworker group, wherever it is now" (groups can migrate) for alerts,
    # and "the case's survivor" for messages to them.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # A relayed message is copied from where it was written: no content is stored here.
    source_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # Or, instead of a copy, one of the administrators' ready replies, by id.
    ready_reply: Mapped[str | None] = mapped_column(String(30))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(String(200))
    # Where Telegram put it once accepted: a group card is edited to "Claimed by" when its case
    # is claimed in the web console, where no button press names the message.
    delivered_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    delivered_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # For an edit: the outbox message whose card it changes (it waits until that one is sent).
    edits_outbox_id: Mapped[int | None] = mapped_column(Integer)


class ChatRoute(Base):
    """Where a staff chat is now, when Telegram moved it (a group upgraded to a supergroup)."""

    __tablename__ = "chat_routes"

    configured_chat_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False
    )
    current_chat_id: Mapped[int] = mapped_column(BigInteger)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OperatorAlert(Base):
    """Something an operator must fix (the bot removed from the caseworker group, say)."""

    __tablename__ = "operator_alerts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    message: Mapped[str] = mapped_column(String(300))


class Reminder(Base):
    """An appointment or reporting the survivor asked to be reminded of: the source of truth.

    For a reporting, when and where is what an exploiter most wants to know, so everything the
    survivor told (kind, day, time, repetition, notices, check-in, what and where) is sealed
    together (see storage/sealing.py). In clear is only what the scheduler queries: whose it is,
    whether it is paused, and `next_due_at`, the UTC moment its next occurrence's messages must
    be planned, so finding due work is one indexed query however many there are.
    """

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survivor_id: Mapped[int] = mapped_column(
        ForeignKey("survivors.id", ondelete="CASCADE"), index=True
    )
    # The rule in London wall time and what and where, as the survivor gave them: encrypted.
    sealed: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Counts changes to the timing (day, time, repetition, notices, check-in): messages planned
    # under an older timing never stand in for the new one's (see ReminderMessage).
    timing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # "survivor" when they paused it, "blocked" when Telegram says they blocked the bot.
    paused: Mapped[str | None] = mapped_column(String(12))
    next_index: Mapped[int | None] = mapped_column(Integer)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)


class ReminderMessage(Base):
    """One message of one occurrence: planned once, sent once, answered at most once.

    The unique key is what makes delivery exactly-once across restarts: planning the same
    occurrence again finds the row already there, and a sent row is never sent again. It names
    the occurrence by number and the message by its place in the plan, never by time or kind,
    so the key says nothing; the occurrence's time, the purpose and the answer are sealed.
    """

    __tablename__ = "reminder_messages"
    __table_args__ = (
        UniqueConstraint("reminder_id", "timing", "occurrence", "position"),
        # Every tick asks for pending messages in due order: this answers it without a sort.
        Index("ix_reminder_messages_status_due_at", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("reminders.id", ondelete="CASCADE"), index=True
    )
    # The reminder's timing it was planned under, the occurrence's number in that timing's
    # rule, and the message's place among that occurrence's messages.
    timing: Mapped[int] = mapped_column(Integer)
    occurrence: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    # The occurrence's moment, the purpose (a notice such as "day_before", or "after" the event)
    # and the survivor's answer ("went", "missed", "help"...): encrypted.
    sealed: Mapped[str] = mapped_column(Text)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # pending -> sent | late (missed while offline) -> summarised | failed
    status: Mapped[str] = mapped_column(String(12), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A safety check-in: answered by then, or a caseworker is brought in.
    answer_by: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    has_answer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StaffAccount(Base):
    """A person who signs in to the web console: an administrator or a caseworker."""

    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    # A caseworker's Telegram user id, so a case claimed on the web is theirs on Telegram too.
    # One account per id: two accounts acting as one caseworker could not be told apart.
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Every session cookie carries the version it was signed in at: signing out, a new password
    # or disabling the account adds one, and every older cookie stops working at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ContentVersion(Base):
    """One publication of flows and translations: who, when, what changed, and every file as
    it then was (compressed), so any version can be restored."""

    __tablename__ = "content_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())
    summary: Mapped[str] = mapped_column(Text)
    files: Mapped[bytes] = mapped_column(LargeBinary)


class ContentDraft(Base):
    """A content file changed in the web console and not yet published."""

    __tablename__ = "content_drafts"

    path: Mapped[str] = mapped_column(String(200), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    changed_by: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DailyCount(Base):
    """How many times something happened in a day (UK date), by language and nation: never
    who, nor when within the day, so a count outlives `/forget` without naming anyone."""

    __tablename__ = "daily_counts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    """What was counted within the metric (a node id), or empty."""
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    nation: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
