"""one web account per Telegram id; an audit log of caseworkers added and removed

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import bot.storage.models

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    shared = op.get_bind().execute(
        sa.text(
            "SELECT telegram_user_id FROM staff_accounts WHERE telegram_user_id IS NOT NULL "
            "GROUP BY telegram_user_id HAVING COUNT(*) > 1"
        )
    )
    duplicates = [str(row[0]) for row in shared]
    if duplicates:
        raise RuntimeError(
            "several web console accounts are linked to the same Telegram user "
            f"({', '.join(duplicates)}): keep one account per Telegram user (delete the others "
            "from staff_accounts), then upgrade again"
        )
    with op.batch_alter_table("staff_accounts") as batch:
        batch.create_unique_constraint(
            op.f("uq_staff_accounts_telegram_user_id"), ["telegram_user_id"]
        )
    op.create_table(
        "staff_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("actor", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("at", bot.storage.models.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_events")),
    )
    op.create_index(op.f("ix_staff_events_telegram_user_id"), "staff_events", ["telegram_user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_events_telegram_user_id"), table_name="staff_events")
    op.drop_table("staff_events")
    with op.batch_alter_table("staff_accounts") as batch:
        batch.drop_constraint(op.f("uq_staff_accounts_telegram_user_id"), type_="unique")
