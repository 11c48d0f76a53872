"""Tables of the terminal software's releases (issue 20): the releases, their rollouts, what terminals report.

On the same declarative ``Base`` as the rest of the hub (``hub.models`` imports this module), so the one
Alembic history describes them (``hub/migrations/versions/0007_software_releases.py``). Content releases
(forms, notices) are ``hub.models.Release``; these are the .deb packages a release key signed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from hub.db import Base


class SoftwareRelease(Base):
    """One uploaded package and its signed manifest; the package bytes are in the data dir, by SHA-256.

    ``state``: uploaded (no rollout yet) | active (offered) | paused (no new offers) | halted (stopped for
    good, by an admin or by the failure rate) | superseded (a newer rollout took over)."""

    __tablename__ = "software_releases"
    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    architecture: Mapped[str] = mapped_column(String(20))
    notes: Mapped[str] = mapped_column(String(2000))
    kid: Mapped[str] = mapped_column(String(40))
    manifest: Mapped[dict[str, Any]]  # the signed record, offered to terminals exactly as signed
    state: Mapped[str] = mapped_column(String(16))
    halted_reason: Mapped[str] = mapped_column(String(300), default="")
    rollout_id: Mapped[int | None] = mapped_column(Integer)  # the current rollout (newest row of software_rollouts)
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime]


class SoftwareRollout(Base):
    """Who a release is offered to, as set by one ``rollout`` (each widening is a new row: the history)."""

    __tablename__ = "software_rollouts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(ForeignKey("software_releases.version"), index=True)
    ring: Mapped[str] = mapped_column(String(16))  # canary | percent | all
    percent: Mapped[int] = mapped_column(Integer)
    terminals: Mapped[list[Any]]  # named terminal ids (the canaries; with ``percent`` they come first)
    force: Mapped[bool]  # skip the terminal's opening-hours wait (never the resident session wait)
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(200))


class SoftwareReport(Base):
    """What a terminal last reported about one version (from its heartbeat's ``software``)."""

    __tablename__ = "software_reports"
    __table_args__ = (Index("ix_software_reports_version_state", "version", "state"),)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminals.id"), primary_key=True)
    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    last_error: Mapped[str] = mapped_column(String(500), default="")
    first_at: Mapped[datetime]
    at: Mapped[datetime]
