"""street (街道) scopes for API tokens, as accounts have them (issue 23)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 10:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope_street', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('scope_street')
