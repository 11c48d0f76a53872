"""scheduled releases and their approval (issue 23, item 8); terminal display names; street (街道) scopes

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 07:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('starts_at', hub.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('approved_by', sa.String(length=200), nullable=True))
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('street', sa.String(length=100), nullable=True))
    with op.batch_alter_table('enroll_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('street', sa.String(length=100), nullable=True))
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_street', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('accounts', schema=None) as batch_op:
        batch_op.drop_column('scope_street')
    with op.batch_alter_table('enroll_tokens', schema=None) as batch_op:
        batch_op.drop_column('street')
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('street')
        batch_op.drop_column('display_name')
    with op.batch_alter_table('releases', schema=None) as batch_op:
        batch_op.drop_column('approved_by')
        batch_op.drop_column('starts_at')
