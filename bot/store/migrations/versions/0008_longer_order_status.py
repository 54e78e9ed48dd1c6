"""order statuses up to 40 characters ("pending (items modified)")

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:15:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('orders') as batch:
        batch.alter_column(
            'status', existing_type=sa.String(length=20), type_=sa.String(length=40)
        )


def downgrade() -> None:
    with op.batch_alter_table('orders') as batch:
        batch.alter_column(
            'status', existing_type=sa.String(length=40), type_=sa.String(length=20)
        )
