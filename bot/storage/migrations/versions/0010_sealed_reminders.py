"""reminders sealed: a reminder's kind, day, time, repetition, notices and check-in, and each
message's moment, purpose and answer, are encrypted with what and where

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06

Moving rows needs WAYPOST_SECRET_KEY: `Database.migrate` hands over its keyring, and a
migration run by `alembic` alone reads the key from the environment.

`reminders` is altered in place, never copied: on SQLite, copying a table means dropping the
old one, and that deletes every planned message through ON DELETE CASCADE.
"""

import os
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from alembic import context, op
from sqlalchemy.engine import Connection

import bot.storage.models
from bot.storage.sealing import Keyring, SealingError

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = bot.storage.models.UTCDateTime()
REMINDERS = sa.table(
    "reminders",
    sa.column("id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("first_day", sa.Date()),
    sa.column("at_time", sa.Time()),
    sa.column("repeat", sa.String()),
    sa.column("notices", sa.String()),
    sa.column("checkin_after", sa.Integer()),
    sa.column("sealed", sa.Text()),
    sa.column("timing", sa.Integer()),
)
MESSAGES = sa.table(
    "reminder_messages",
    sa.column("id", sa.Integer()),
    sa.column("reminder_id", sa.Integer()),
    sa.column("occurrence_at", UTC_TIME),
    sa.column("purpose", sa.String()),
    sa.column("answered", sa.String()),
    sa.column("timing", sa.Integer()),
    sa.column("occurrence", sa.Integer()),
    sa.column("position", sa.Integer()),
    sa.column("sealed", sa.Text()),
    sa.column("has_answer", sa.Boolean()),
)
RULE_COLUMNS = (
    sa.Column("kind", sa.String(length=16)),
    sa.Column("first_day", sa.Date()),
    sa.Column("at_time", sa.Time()),
    sa.Column("repeat", sa.String(length=12)),
    sa.Column("notices", sa.String(length=40)),
    sa.Column("checkin_after", sa.Integer()),
)
CLEAR_RULE = tuple(column.name for column in RULE_COLUMNS)


def upgrade() -> None:
    op.add_column(
        "reminders", sa.Column("timing", sa.Integer(), server_default="0", nullable=False)
    )
    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("timing", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("occurrence", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("sealed", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("has_answer", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    connection = op.get_bind()
    if _has_rows(connection):
        _seal_rows(connection, _keyring())

    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reminder_messages_reminder_id", type_="unique")
        for name in ("timing", "occurrence", "position"):
            batch_op.alter_column(name, existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("sealed", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("occurrence_at")
        batch_op.drop_column("purpose")
        batch_op.drop_column("answered")
        batch_op.create_unique_constraint(
            "uq_reminder_messages_reminder_id", ["reminder_id", "timing", "occurrence", "position"]
        )
    for name in CLEAR_RULE:
        op.drop_column("reminders", name)


def downgrade() -> None:
    for column in RULE_COLUMNS:
        op.add_column("reminders", sa.Column(column.name, column.type, nullable=True))
    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("occurrence_at", UTC_TIME, nullable=True))
        batch_op.add_column(sa.Column("purpose", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("answered", sa.String(length=12), nullable=True))

    connection = op.get_bind()
    if _has_rows(connection):
        _open_rows(connection, _keyring())

    with op.batch_alter_table("reminder_messages", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reminder_messages_reminder_id", type_="unique")
        batch_op.alter_column("occurrence_at", existing_type=UTC_TIME, nullable=False)
        batch_op.alter_column("purpose", existing_type=sa.String(length=12), nullable=False)
        for name in ("timing", "occurrence", "position", "sealed", "has_answer"):
            batch_op.drop_column(name)
        batch_op.create_unique_constraint(
            "uq_reminder_messages_reminder_id", ["reminder_id", "occurrence_at", "purpose"]
        )
    if connection.dialect.name != "sqlite":
        # SQLite could only do this by copying the table (see above): there the columns stay
        # nullable, which nothing in the older code relies on.
        for column in RULE_COLUMNS:
            if column.name != "checkin_after":
                op.alter_column("reminders", column.name, existing_type=column.type, nullable=False)
    op.drop_column("reminders", "timing")


def _keyring() -> Keyring:
    keyring = context.config.attributes.get("keyring")
    if keyring is not None:
        return keyring
    setting = os.environ.get("WAYPOST_SECRET_KEY", "")
    if not setting.strip():
        raise SealingError(
            "reminders are being moved to sealed form and WAYPOST_SECRET_KEY is missing: "
            "set it to the key the bot runs with and migrate again"
        )
    return Keyring.from_setting(setting)


def _has_rows(connection: Connection) -> bool:
    return connection.execute(sa.select(REMINDERS.c.id).limit(1)).first() is not None


def _seal_rows(connection: Connection, keyring: Keyring) -> None:
    for row in connection.execute(sa.select(REMINDERS)).all():
        told = keyring.open(row.sealed) or {}
        told |= {
            "kind": row.kind,
            "first_day": row.first_day.isoformat(),
            "at": row.at_time.strftime("%H:%M"),
            "repeat": row.repeat,
            "notices": [code for code in row.notices.split(",") if code],
            "checkin_after": row.checkin_after,
        }
        # Messages planned so far are numbered apart from any the new code plans (timing 0
        # here, 1 on the reminder): their numbers need only be unique, never matched again.
        connection.execute(
            REMINDERS.update()
            .where(REMINDERS.c.id == row.id)
            .values(sealed=keyring.seal(told), timing=1)
        )
        _seal_messages(connection, keyring, row.id)


def _seal_messages(connection: Connection, keyring: Keyring, reminder_id: int) -> None:
    messages = connection.execute(
        sa.select(MESSAGES)
        .where(MESSAGES.c.reminder_id == reminder_id)
        .order_by(MESSAGES.c.occurrence_at, MESSAGES.c.id)
    ).all()
    numbers: dict[datetime, int] = {}
    positions: dict[datetime, int] = {}
    for message in messages:
        moment = message.occurrence_at
        number = numbers.setdefault(moment, len(numbers))
        positions[moment] = positions.get(moment, -1) + 1
        opened: dict[str, Any] = {"at": moment.isoformat(), "purpose": message.purpose}
        if message.answered is not None:
            opened["answer"] = message.answered
        connection.execute(
            MESSAGES.update()
            .where(MESSAGES.c.id == message.id)
            .values(
                timing=0,
                occurrence=number,
                position=positions[moment],
                sealed=keyring.seal(opened),
                has_answer=message.answered is not None,
            )
        )


def _open_rows(connection: Connection, keyring: Keyring) -> None:
    for row in connection.execute(sa.select(REMINDERS)).all():
        told = keyring.open(row.sealed)
        rule = {name: told.pop(name) for name in ("kind", "repeat", "checkin_after")}
        connection.execute(
            REMINDERS.update()
            .where(REMINDERS.c.id == row.id)
            .values(
                **rule,
                first_day=date.fromisoformat(told.pop("first_day")),
                at_time=time.fromisoformat(told.pop("at")),
                notices=",".join(told.pop("notices")),
                sealed=keyring.seal(told),
            )
        )
    seen: set[tuple[int, datetime, str]] = set()
    for message in connection.execute(sa.select(MESSAGES).order_by(MESSAGES.c.id)).all():
        opened = keyring.open(message.sealed)
        moment = datetime.fromisoformat(opened["at"])
        key = (message.reminder_id, moment, opened["purpose"])
        if key in seen:
            # The old key allows one message per moment and purpose: a second one (planned
            # under a later timing for the same moment) is the same message, and goes.
            connection.execute(MESSAGES.delete().where(MESSAGES.c.id == message.id))
            continue
        seen.add(key)
        connection.execute(
            MESSAGES.update()
            .where(MESSAGES.c.id == message.id)
            .values(occurrence_at=moment, purpose=opened["purpose"], answered=opened.get("answer"))
        )
