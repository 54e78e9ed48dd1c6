"""one-time codes for changes, and the development mail outbox

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 15:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'one_time_codes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.String(length=64), nullable=False),
        sa.Column('conversation_id', sa.String(length=64), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('salt', sa.String(length=32), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_one_time_codes')),
    )
    op.create_index(op.f('ix_one_time_codes_customer_id'), 'one_time_codes', ['customer_id'])
    op.create_index(
        op.f('ix_one_time_codes_conversation_id'), 'one_time_codes', ['conversation_id']
    )
    op.create_table(
        'outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('to_address', sa.String(length=200), nullable=False),
        sa.Column('subject', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox')),
    )
    op.create_index(op.f('ix_outbox_to_address'), 'outbox', ['to_address'])


def downgrade() -> None:
    op.drop_index(op.f('ix_outbox_to_address'), table_name='outbox')
    op.drop_table('outbox')
    op.drop_index(op.f('ix_one_time_codes_conversation_id'), table_name='one_time_codes')
    op.drop_index(op.f('ix_one_time_codes_customer_id'), table_name='one_time_codes')
    op.drop_table('one_time_codes')
