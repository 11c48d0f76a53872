"""the fleet summary (issue 17, item 5): each terminal's alert count kept by its heartbeat; history by terminal and time

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 10:00:00
"""
from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('alert_count', sa.Integer(), server_default='0', nullable=False))
    op.create_index('ix_terminal_history_terminal_at', 'terminal_history', ['terminal_id', 'at'], unique=False)
    # the alerts of each terminal's last heartbeat are its history_alerts (written whenever they change)
    conn = op.get_bind()
    terminals = sa.table('terminals', sa.column('id', sa.String), sa.column('history_alerts', sa.Text),
                         sa.column('alert_count', sa.Integer))
    counts = []
    for tid, alerts in conn.execute(sa.select(terminals.c.id, sa.cast(terminals.c.history_alerts, sa.Text))):
        try:
            decoded = json.loads(alerts) if alerts else []
        except ValueError:
            decoded = []
        if isinstance(decoded, list) and decoded:
            counts.append({"tid": tid, "n": len(decoded)})
    if counts:
        conn.execute(terminals.update().where(terminals.c.id == sa.bindparam("tid"))
                     .values(alert_count=sa.bindparam("n")), counts)


def downgrade() -> None:
    op.drop_index('ix_terminal_history_terminal_at', table_name='terminal_history')
    with op.batch_alter_table('terminals', schema=None) as batch_op:
        batch_op.drop_column('alert_count')
