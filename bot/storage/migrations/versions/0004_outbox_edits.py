"""outbox: where each message landed, and edits of cards already sent

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox", sa.Column("delivered_chat_id", sa.BigInteger(), nullable=True))
    op.add_column("outbox", sa.Column("delivered_message_id", sa.BigInteger(), nullable=True))
    op.add_column("outbox", sa.Column("edits_outbox_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("edits_outbox_id")
        batch.drop_column("delivered_message_id")
        batch.drop_column("delivered_chat_id")
