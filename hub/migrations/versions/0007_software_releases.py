"""software releases: the signed packages, their rollouts, the terminals' update reports (issue 20)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 06:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('software_releases',
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('architecture', sa.String(length=20), nullable=False),
    sa.Column('notes', sa.String(length=2000), nullable=False),
    sa.Column('kid', sa.String(length=40), nullable=False),
    sa.Column('manifest', sa.JSON(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('halted_reason', sa.String(length=300), nullable=False),
    sa.Column('rollout_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('uploaded_by', sa.String(length=200), nullable=False),
    sa.Column('updated_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('version')
    )
    op.create_table('software_rollouts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('ring', sa.String(length=16), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=False),
    sa.Column('terminals', sa.JSON(), nullable=False),
    sa.Column('force', sa.Boolean(), nullable=False),
    sa.Column('created_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['version'], ['software_releases.version'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('software_rollouts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_software_rollouts_version'), ['version'], unique=False)
    op.create_table('software_reports',
    sa.Column('terminal_id', sa.String(length=40), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=False),
    sa.Column('first_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminals.id'], ),
    sa.PrimaryKeyConstraint('terminal_id', 'version')
    )
    with op.batch_alter_table('software_reports', schema=None) as batch_op:
        batch_op.create_index('ix_software_reports_version_state', ['version', 'state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('software_reports', schema=None) as batch_op:
        batch_op.drop_index('ix_software_reports_version_state')
    op.drop_table('software_reports')
    with op.batch_alter_table('software_rollouts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_software_rollouts_version'))
    op.drop_table('software_rollouts')
    op.drop_table('software_releases')
