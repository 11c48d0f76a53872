"""The hub's tables. Content versions and blobs are immutable once written.

Everything a hub process needs between requests lives here (nonces, rate
counters, issued bundles), so processes are interchangeable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hub import (
    community_models,  # noqa: F401  (issue 11's tables, registered on the same Base.metadata)
    releases_models,  # noqa: F401  (issue 20's software releases, on the same Base.metadata)
)
from hub.db import Base


class ApiToken(Base):
    """A bearer token for the admin/staff API; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope_district: Mapped[str | None] = mapped_column(String(100))
    scope_community: Mapped[str | None] = mapped_column(String(100))
    scope_street: Mapped[str | None] = mapped_column(String(100), nullable=True)  # 街道, inside scope_district
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]  # issue 16: every token made since has a lifetime


class Account(Base):
    """A person who signs in to the console with a username and password (issue 23): a role, a scope, a
    password hash (scrypt, see hub/accounts.py), never the password. Disabling keeps the row for the record."""

    __tablename__ = "accounts"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    scope_district: Mapped[str | None] = mapped_column(String(100))
    scope_community: Mapped[str | None] = mapped_column(String(100))
    scope_street: Mapped[str | None] = mapped_column(String(100), nullable=True)  # 街道, inside scope_district
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool]
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    disabled_at: Mapped[datetime | None]
    last_sign_in_at: Mapped[datetime | None]


class ConsoleSession(Base):
    """A console sign-in; signing out (or revoking the token, disabling the account) ends it here, whatever
    copies of the cookie exist. Exactly one of ``token_id`` and ``account_id`` says who signed in."""

    __tablename__ = "console_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    token_id: Mapped[str | None] = mapped_column(ForeignKey("api_tokens.id"), index=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class EnrollToken(Base):
    """A one-time enrolment token bound to a district and a community; only its hash is kept."""

    __tablename__ = "enroll_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    district: Mapped[str] = mapped_column(String(100))
    community: Mapped[str] = mapped_column(String(100))
    street: Mapped[str | None] = mapped_column(String(100), nullable=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    used_at: Mapped[datetime | None]
    terminal_id: Mapped[str | None] = mapped_column(String(40))


class Terminal(Base):
    __tablename__ = "terminals"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    terminal_no: Mapped[int] = mapped_column(Integer, unique=True)
    district: Mapped[str] = mapped_column(String(100), index=True)
    community: Mapped[str] = mapped_column(String(100), index=True)
    hostname: Mapped[str] = mapped_column(String(255))
    public_key: Mapped[bytes] = mapped_column(LargeBinary(32))
    otp_secret: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    last_heartbeat_at: Mapped[datetime | None]
    heartbeat: Mapped[dict[str, Any] | None]
    history_at: Mapped[datetime | None]
    history_alerts: Mapped[list[Any] | None]
    display_name: Mapped[str | None] = mapped_column(String(100), nullable=True)  # 燕山社区一楼大厅一体机
    street: Mapped[str | None] = mapped_column(String(100), nullable=True)  # 街道, between district and community
    # how many alerts the last heartbeat raised, kept by its UPDATE: the console's overview sums it in SQL
    alert_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Nonce(Base):
    """Request nonces seen within the replay window (shared by every hub process)."""

    __tablename__ = "nonces"
    terminal_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    nonce: Mapped[str] = mapped_column(String(32), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(index=True)


class RateCounter(Base):
    """Requests per key in a fixed one-minute window."""

    __tablename__ = "rate_counters"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class Blob(Base):
    """Hash-addressed item bytes (canonical JSON of a content version)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContentVersion(Base):
    """One immutable version of a form, catalog, notices board, settings, staff list or topics."""

    __tablename__ = "content_versions"
    __table_args__ = (UniqueConstraint("kind", "content_id", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    content_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    size: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class Release(Base):
    """A decision to run one content version on some terminals: target, rollout, state."""

    __tablename__ = "releases"
    __table_args__ = (Index("ix_releases_content", "kind", "content_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    content_id: Mapped[str] = mapped_column(String(100))
    version: Mapped[int] = mapped_column(Integer)
    target: Mapped[dict[str, Any]]
    rollout_percent: Mapped[int] = mapped_column(Integer)
    canaries: Mapped[list[Any]]
    state: Mapped[str] = mapped_column(String(16))  # pending (approval) | active | paused | rolled_back
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]
    starts_at: Mapped[datetime | None] = mapped_column(nullable=True)  # scheduled: reaches no one before
    approved_by: Mapped[str | None] = mapped_column(String(200), nullable=True)


class Bundle(Base):
    """A signed manifest issued to one terminal; re-served unchanged until its content changes."""

    __tablename__ = "bundles"
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    bundle_version: Mapped[int] = mapped_column(Integer, primary_key=True)
    items_key: Mapped[str] = mapped_column(String(64))
    manifest: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class OutboxItem(Base):
    """Every outbox item the hub accepted, by its id: the idempotency registry."""

    __tablename__ = "outbox_items"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime]
    body: Mapped[dict[str, Any] | None]  # None for submissions (kept sealed in ``cases``)


class Case(Base):
    __tablename__ = "cases"
    submission_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    district: Mapped[str] = mapped_column(String(100))
    community: Mapped[str] = mapped_column(String(100), index=True)
    tracking_number: Mapped[str] = mapped_column(String(20), index=True)
    service_id: Mapped[str] = mapped_column(String(100))
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(10))
    sealed_payload: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    status_seq: Mapped[int | None] = mapped_column(Integer, index=True)
    certificate: Mapped[dict[str, Any] | None]
    retake: Mapped[list[Any] | None]  # the materials staff asked to photograph again (status needs_retake)


class CaseNote(Base):
    __tablename__ = "case_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("cases.submission_id"), index=True)
    at: Mapped[datetime]
    author: Mapped[str] = mapped_column(String(200))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)


class CasePage(Base):
    """A photographed page of a case's material, kept sealed as the terminal sent it (issue 19).

    No foreign key to ``cases``: a page may arrive before its submission and waits here; it belongs to the
    case whose ``submission_id`` it names only if the same terminal sent both (see hub/case_pages.py).
    """

    __tablename__ = "case_pages"
    item_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(64), index=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    material: Mapped[str] = mapped_column(String(64))
    number: Mapped[int] = mapped_column(Integer)
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime]


class Counter(Base):
    """Named gap-free counters (status cursor); incremented under a row lock."""

    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Certificate(Base):
    __tablename__ = "certificates"
    number: Mapped[str] = mapped_column(String(40), primary_key=True)
    submission_id: Mapped[str] = mapped_column(ForeignKey("cases.submission_id"), unique=True)
    verify_code: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    issued_at: Mapped[datetime]
    issued_by: Mapped[str] = mapped_column(String(200))
    revoked_at: Mapped[datetime | None]


class Command(Base):
    __tablename__ = "commands"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))
    delivered_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]  # when the terminal's heartbeat reported the outcome (issue 24)
    result: Mapped[dict[str, Any] | None]  # {"ok": bool, "detail": str} as the terminal reported it


class TerminalHistory(Base):
    """Heartbeat snapshots, thinned: kept when alerts change or every few minutes."""

    __tablename__ = "terminal_history"
    __table_args__ = (Index("ix_terminal_history_terminal_at", "terminal_id", "at"),)  # uptime: a day per terminal
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), index=True)
    at: Mapped[datetime]
    alerts: Mapped[list[Any]]
    snapshot: Mapped[dict[str, Any]]


class FaultEvent(Base):
    """One component's state change as the terminal saw it (issue 24: the fault history, kept per terminal)."""

    __tablename__ = "fault_events"
    __table_args__ = (Index("ix_fault_events_terminal_at", "terminal_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"))
    at: Mapped[datetime] = mapped_column(index=True)
    component: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(8))
    previous: Mapped[str] = mapped_column(String(8))
    code: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(300))


class AuditEntry(Base):
    """An admin or staff action (who, what, on what); never personal data."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]]

