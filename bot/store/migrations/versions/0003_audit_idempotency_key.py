"""audit idempotency key, handoff summary

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 00:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite cannot add a unique constraint to an existing table in place
    with op.batch_alter_table('audit_log') as batch:
        batch.add_column(sa.Column('idempotency_key', sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f('uq_audit_log_idempotency_key'), ['idempotency_key'])
    op.add_column('conversations', sa.Column('handoff_summary', sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column('conversations', 'handoff_summary')
    with op.batch_alter_table('audit_log') as batch:
        batch.drop_constraint(op.f('uq_audit_log_idempotency_key'), type_='unique')
        batch.drop_column('idempotency_key')
