"""photographed pages of a case's materials, and the materials asked to be photographed again (issue 19)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 06:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_pages',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('submission_id', sa.String(length=64), nullable=False),
    sa.Column('terminal_id', sa.String(length=40), nullable=False),
    sa.Column('material', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('sealed', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('received_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminals.id'], ),
    sa.PrimaryKeyConstraint('item_id')
    )
    with op.batch_alter_table('case_pages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_pages_submission_id'), ['submission_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_pages_terminal_id'), ['terminal_id'], unique=False)
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('retake', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_column('retake')
    with op.batch_alter_table('case_pages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_pages_terminal_id'))
        batch_op.drop_index(batch_op.f('ix_case_pages_submission_id'))
    op.drop_table('case_pages')
