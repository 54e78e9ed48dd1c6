"""identity attempts, for the lockout across conversations and clients

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 13:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'identity_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('claim', sa.String(length=200), nullable=False),
        sa.Column('client', sa.String(length=64), nullable=True),
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('succeeded', sa.Boolean(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_identity_attempts')),
    )
    op.create_index(op.f('ix_identity_attempts_claim'), 'identity_attempts', ['claim'])
    op.create_index(op.f('ix_identity_attempts_client'), 'identity_attempts', ['client'])


def downgrade() -> None:
    op.drop_index(op.f('ix_identity_attempts_client'), table_name='identity_attempts')
    op.drop_index(op.f('ix_identity_attempts_claim'), table_name='identity_attempts')
    op.drop_table('identity_attempts')
