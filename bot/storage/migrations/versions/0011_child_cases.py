"""cases say whether the survivor said they are under 18, so the team knows a child asked for
help (and safeguarding applies) even after the survivor erased their data

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added in place, never by copying the table (see 0010: a copy on SQLite cascades).
    op.add_column(
        "cases", sa.Column("child", sa.Boolean(), server_default=sa.false(), nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("child")
