"""console sessions, token expiry, opinion authors (issue 16)

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 20:40:00
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

import hub.db

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', hub.db.UTCDateTime(timezone=True), nullable=True))
    # tokens made before expiry existed get the default lifetime from today, not an instant lock-out
    tokens = sa.table('api_tokens', sa.column('expires_at', hub.db.UTCDateTime(timezone=True)))
    op.execute(tokens.update().where(tokens.c.expires_at.is_(None))
               .values(expires_at=datetime.now(UTC) + timedelta(days=180)))
    op.create_table('console_sessions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('token_id', sa.String(length=32), nullable=False),
    sa.Column('created_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', hub.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['token_id'], ['api_tokens.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_console_sessions_token_id'), ['token_id'], unique=False)
    op.create_table('opinion_authors',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('topic_id', sa.String(length=100), nullable=False),
    sa.Column('author_key', sa.String(length=64), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('received_at', hub.db.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['outbox_items.id'], ),
    sa.PrimaryKeyConstraint('item_id')
    )
    with op.batch_alter_table('opinion_authors', schema=None) as batch_op:
        batch_op.create_index('ix_opinion_authors_author', ['topic_id', 'author_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('opinion_authors', schema=None) as batch_op:
        batch_op.drop_index('ix_opinion_authors_author')
    op.drop_table('opinion_authors')
    with op.batch_alter_table('console_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_console_sessions_token_id'))
    op.drop_table('console_sessions')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
