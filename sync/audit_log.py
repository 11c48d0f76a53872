"""The local audit log (``audit_log``): the real :class:`kiosk.ports.AuditLog`.

Why every event is also queued: the hub keeps the fleet's audit trail, so each row here is
mirrored by an ``audit`` outbox item in the same transaction; the local rows are for the
technician and are purged after the retention (:meth:`sync.store.Store.purge`).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from contract.clock import Clock
from kiosk.audit import AuditRecord
from sync.database import Database
from sync.models import audit_log as _audit
from sync.outbox_items import Outbox
from sync.plain import plain_json


class LocalAuditLog:
    """Audit events kept here and queued for the hub."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def add(self, conn: Connection, record: AuditRecord) -> None:
        """Record the event inside the caller's write transaction (a submission's, for one)."""
        body = {
            "event": record.event.value,
            "at": record.at.isoformat(),
            "detail": plain_json(record.detail),
            "staff_id": record.staff_id,
        }
        conn.execute(
            insert(_audit).values(event=body["event"], at=body["at"], detail=json.dumps(body["detail"],
                                  ensure_ascii=False, sort_keys=True), staff_id=record.staff_id)
        )
        Outbox.add(conn, "audit", body, str(uuid.uuid4()), self.clock.now())

    def record(self, record: AuditRecord) -> None:
        with self.db.write() as conn:
            self.add(conn, record)

    def events(self, limit: int = 1000) -> list[tuple[str, str, dict[str, Any], str | None]]:
        """The local audit log, oldest first: (event, at, detail, staff_id)."""
        with self.db.read() as conn:
            rows = conn.execute(select(_audit).order_by(_audit.c.id).limit(limit)).all()
        return [(r.event, r.at, json.loads(r.detail), r.staff_id) for r in rows]

    @staticmethod
    def purge(conn: Connection, cutoff: datetime) -> None:
        """Delete rows older than ``cutoff`` inside the caller's write transaction (the hub holds them)."""
        conn.execute(delete(_audit).where(_audit.c.at < cutoff.isoformat()))
