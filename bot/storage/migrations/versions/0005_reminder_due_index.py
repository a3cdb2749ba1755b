"""reminder messages: an index for the tick's query of pending messages in due order

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_reminder_messages_status_due_at", "reminder_messages", ["status", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_reminder_messages_status_due_at", table_name="reminder_messages")
