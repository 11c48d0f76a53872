"""Initial terminal schema: outbox, submission stubs, status cache, print journal, audit, bundles.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "day_sequence",
        sa.Column("day", sa.String(6), primary_key=True),
        sa.Column("terminal_no", sa.Integer, primary_key=True),
        sa.Column("last", sa.Integer, nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("sealed_to", sa.String(16), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.Float, nullable=False),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
    )
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at", "seq"])
    op.create_table(
        "submissions",
        sa.Column("submission_id", sa.String(36), primary_key=True),
        sa.Column("tracking_number", sa.String(15), nullable=False, unique=True),
        sa.Column("service_id", sa.String(120), nullable=False),
        sa.Column("form_id", sa.String(120), nullable=False),
        sa.Column("form_version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("created_ts", sa.Float, nullable=False),
        sa.Column("certificate_available", sa.Integer, nullable=False),
        sa.Column("person_key", sa.String(64), nullable=False),
        sa.Column("outbox_id", sa.String(36), sa.ForeignKey("outbox.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_index("ix_submissions_person_key", "submissions", ["person_key"])
    op.create_index("ix_submissions_outbox_id", "submissions", ["outbox_id"])
    op.create_table(
        "status_cache",
        sa.Column("tracking_number", sa.String(15), primary_key=True),
        sa.Column("submission_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(24), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("certificate", sa.Text, nullable=True),
    )
    op.create_table(
        "print_jobs",
        sa.Column("job_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("tracking_number", sa.String(15), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_print_jobs_tracking_number", "print_jobs", ["tracking_number"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event", sa.String(64), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("staff_id", sa.String(64), nullable=True),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "bundles",
        sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("manifest", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
        sa.Column("activated_at", sa.String(40), nullable=True),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_state", "bundles", "blobs", "audit_log", "print_jobs", "status_cache", "submissions",
                  "outbox", "day_sequence"):
        op.drop_table(table)
