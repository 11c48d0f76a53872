"""The terminal's tables, as SQLAlchemy Core ``Table`` objects on one ``metadata``.

The schema itself is owned by the Alembic migrations in ``sync/migrations``; these
tables must match the newest revision (a test compares them). No column holds a
resident's name, ID number, phone or address in clear: submission payloads are
sealed (``outbox.body.sealed_payload``), people are found through a keyed hash
(``submissions.person_key``), and receipts in the print journal carry masked data only.

Core, not the ORM: the store only ever ran Core statements against ``Model.__table__``, and
declarative models cost the kiosk ``sqlalchemy.orm`` at start, 11 MB of RSS (issue 17, measured:
``import sqlalchemy`` +23.5 MB, with ``sqlalchemy.orm`` +34.4 MB, on top of the same stdlib and Qt).
"""

from __future__ import annotations

from sqlalchemy import Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table, Text

metadata = MetaData()

# The last tracking sequence used per day and terminal number.
day_sequence = Table(
    "day_sequence", metadata,
    Column("day", String(6), primary_key=True),
    Column("terminal_no", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

# One thing to deliver to the hub. ``id`` is the idempotency key; ``seq`` keeps creation order.
outbox = Table(
    "outbox", metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", String(36), unique=True, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("body", Text, nullable=False),  # JSON; a submission's holds only the sealed payload
    Column("sealed_to", String(16), nullable=True),  # key id the payload is sealed to
    Column("state", String(16), nullable=False, default="queued"),  # queued | quarantined
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", Float, nullable=False, default=0.0),  # Unix seconds
    Column("last_error", Text, nullable=True),
    Column("reason", Text, nullable=True),  # why it was quarantined
    Index("ix_outbox_due", "state", "next_attempt_at", "seq"),
)

# A submission made here: while queued it points at its outbox item; afterwards only this stub stays.
submissions = Table(
    "submissions", metadata,
    Column("submission_id", String(36), primary_key=True),
    Column("tracking_number", String(15), unique=True, nullable=False),
    Column("service_id", String(120), nullable=False),
    Column("form_id", String(120), nullable=False),
    Column("form_version", Integer, nullable=False),
    Column("status", String(24), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("created_ts", Float, nullable=False),  # for retention purges
    Column("certificate_available", Integer, nullable=False, default=0),
    Column("person_key", String(64), nullable=False, index=True),  # HMAC of the ID number
    Column("outbox_id", String(36), ForeignKey("outbox.id", ondelete="SET NULL"), nullable=True, index=True),
)

# The status cache pulled from the hub, so progress can be checked offline.
status_cache = Table(
    "status_cache", metadata,
    Column("tracking_number", String(15), primary_key=True),
    Column("submission_id", String(36), nullable=False),
    Column("status", String(24), nullable=False),
    Column("updated_at", String(40), nullable=False),
    Column("certificate", Text, nullable=True),  # JSON: number, title, verify_url
)

print_jobs = Table(
    "print_jobs", metadata,
    Column("job_id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("tracking_number", String(15), nullable=True, index=True),
    Column("state", String(16), nullable=False),
    Column("reason", Text, nullable=True),
    Column("created_at", String(40), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("document", LargeBinary, nullable=False),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Column("detail", Text, nullable=False),
    Column("staff_id", String(64), nullable=True),
)

# Hash-addressed bundle items (catalog, forms, notices, settings, staff).
blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

# Bundles by version; ``state`` is staged, active or retired. At most one is active.
bundles = Table(
    "bundles", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("manifest", Text, nullable=False),  # the signed manifest, as received
    Column("state", String(16), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("activated_at", String(40), nullable=True),
)

# Small named values: last success, last error, status cursor...
sync_state = Table(
    "sync_state", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
