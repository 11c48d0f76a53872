"""command outcomes and the fault history (issue 24)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 04:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('commands', schema=None) as batch_op:
        batch_op.add_column(sa.Column('done_at', hub.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('result', sa.JSON(), nullable=True))
    op.create_table('fault_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('terminal_id', sa.String(length=40), nullable=False),
    sa.Column('at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('component', sa.String(length=40), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('previous', sa.String(length=8), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminals.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('fault_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fault_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_fault_events_terminal_at', ['terminal_id', 'at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('fault_events', schema=None) as batch_op:
        batch_op.drop_index('ix_fault_events_terminal_at')
        batch_op.drop_index(batch_op.f('ix_fault_events_at'))
    op.drop_table('fault_events')
    with op.batch_alter_table('commands', schema=None) as batch_op:
        batch_op.drop_column('result')
        batch_op.drop_column('done_at')
