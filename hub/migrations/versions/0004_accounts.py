"""console accounts with username and password; a console session belongs to a token or an account (issue 23)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 04:00:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('scope_district', sa.String(length=100), nullable=True),
    sa.Column('scope_community', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('created_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by', sa.String(length=200), nullable=False),
    sa.Column('disabled_at', hub.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', hub.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('username')
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_id', sa.String(length=32), nullable=True))
        batch_op.alter_column('token_id', existing_type=sa.String(length=32), nullable=True)
        batch_op.create_index(batch_op.f('ix_console_sessions_account_id'), ['account_id'], unique=False)
        batch_op.create_foreign_key('fk_console_sessions_account_id', 'accounts', ['account_id'], ['id'])


def downgrade() -> None:
    op.execute("DELETE FROM console_sessions WHERE token_id IS NULL")
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_constraint('fk_console_sessions_account_id', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_console_sessions_account_id'))
        batch_op.alter_column('token_id', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_column('account_id')
    op.drop_table('accounts')
