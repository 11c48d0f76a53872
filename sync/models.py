"""The terminal's tables, as SQLAlchemy 2 declarative models.

The schema itself is owned by the Alembic migrations in ``sync/migrations``; these
models must match the newest revision (a test compares them). No column holds a
resident's name, ID number, phone or address in clear: submission payloads are
sealed (``outbox.body.sealed_payload``), people are found through a keyed hash
(``submissions.person_key``), and receipts in the print journal carry masked data only.
"""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class DaySequence(Base):
    """The last tracking sequence used per day and terminal number."""

    __tablename__ = "day_sequence"
    day: Mapped[str] = mapped_column(String(6), primary_key=True)
    terminal_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, nullable=False)


class OutboxItem(Base):
    """One thing to deliver to the hub. ``id`` is the idempotency key; ``seq`` keeps creation order."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False)
    kind: Mapped[str] = mapped_column(String(32), nullable=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)  # JSON; a submission's holds only the sealed payload
    sealed_to: Mapped[str | None] = mapped_column(String(16), nullable=True)  # key id the payload is sealed to
    state: Mapped[str] = mapped_column(String(16), nullable=False, default="queued")  # queued | quarantined
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)  # Unix seconds
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it was quarantined

    __table_args__ = (Index("ix_outbox_due", "state", "next_attempt_at", "seq"),)


class Submission(Base):
    """A submission made here: while queued it points at its outbox item; afterwards only this stub stays."""

    __tablename__ = "submissions"
    submission_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tracking_number: Mapped[str] = mapped_column(String(15), unique=True, nullable=False)
    service_id: Mapped[str] = mapped_column(String(120), nullable=False)
    form_id: Mapped[str] = mapped_column(String(120), nullable=False)
    form_version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[str] = mapped_column(String(24), nullable=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)
    updated_at: Mapped[str] = mapped_column(String(40), nullable=False)
    created_ts: Mapped[float] = mapped_column(Float, nullable=False)  # for retention purges
    certificate_available: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    person_key: Mapped[str] = mapped_column(String(64), nullable=False, index=True)  # HMAC of the ID number
    outbox_id: Mapped[str | None] = mapped_column(
        String(36), ForeignKey("outbox.id", ondelete="SET NULL"), nullable=True, index=True
    )


class StatusRecord(Base):
    """The status cache pulled from the hub, so progress can be checked offline."""

    __tablename__ = "status_cache"
    tracking_number: Mapped[str] = mapped_column(String(15), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(36), nullable=False)
    status: Mapped[str] = mapped_column(String(24), nullable=False)
    updated_at: Mapped[str] = mapped_column(String(40), nullable=False)
    certificate: Mapped[str | None] = mapped_column(Text, nullable=True)  # JSON: number, title, verify_url


class PrintJobRow(Base):
    __tablename__ = "print_jobs"
    job_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    tracking_number: Mapped[str | None] = mapped_column(String(15), nullable=True, index=True)
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    document: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class AuditRow(Base):
    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event: Mapped[str] = mapped_column(String(64), nullable=False)
    at: Mapped[str] = mapped_column(String(40), nullable=False)
    detail: Mapped[str] = mapped_column(Text, nullable=False)
    staff_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class Blob(Base):
    """Hash-addressed bundle items (catalog, forms, notices, settings, staff)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)


class BundleRow(Base):
    """Bundles by version; ``state`` is staged, active or retired. At most one is active."""

    __tablename__ = "bundles"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    manifest: Mapped[str] = mapped_column(Text, nullable=False)  # the signed manifest, as received
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    received_at: Mapped[str] = mapped_column(String(40), nullable=False)
    activated_at: Mapped[str | None] = mapped_column(String(40), nullable=True)


class SyncState(Base):
    """Small named values: last success, last error, status cursor..."""

    __tablename__ = "sync_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)
