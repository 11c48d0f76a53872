"""The one catalogue of audit events. Every audit record names one of these; none carries personal data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class AuditEvent(StrEnum):
    APP_STARTED = "app.started"
    APP_STOPPED = "app.stopped"
    APP_LOAD_FAILED = "app.load_failed"
    SESSION_STARTED = "session.started"
    SESSION_WIPED = "session.wiped"
    SESSION_IDLE_TIMEOUT = "session.idle_timeout"
    IDENTIFY_CARD = "identify.card"
    IDENTIFY_MANUAL = "identify.manual"
    IDENTIFY_FAILED = "identify.failed"
    SUBMISSION_CREATED = "submission.created"
    SUBMISSION_DELIVERED = "submission.delivered"
    SUBMISSION_QUARANTINED = "submission.quarantined"
    PRINT_QUEUED = "print.queued"
    PRINT_DONE = "print.done"
    PRINT_FAILED = "print.failed"
    PRINT_REPRINTED = "print.reprinted"
    DEVICE_FAULT = "device.fault"
    DEVICE_RECOVERED = "device.recovered"
    BUNDLE_ACTIVATED = "bundle.activated"
    BUNDLE_REFUSED = "bundle.refused"
    BUNDLE_ROLLED_BACK = "bundle.rolled_back"
    SYNC_FAILED = "sync.failed"
    ENROLLED = "terminal.enrolled"
    STATUS_LOOKUP = "status.lookup"
    QUEUE_TICKET_ISSUED = "queue.ticket_issued"
    RATING_GIVEN = "rating.given"
    CALL_STAFF = "call_staff"
    FACE_CHECK_DONE = "face.check_done"  # decision, score, model, model_version, attempts: never a face
    FACE_STAFF_OVERRIDE = "face.staff_override"
    TECH_ENTRY = "tech.entry"
    TECH_ENTRY_FAILED = "tech.entry_failed"
    TECH_LOCKOUT = "tech.lockout"
    TECH_ACTION = "tech.action"
    TECH_SETTINGS_CHANGED = "tech.settings_changed"
    TECH_EXIT = "tech.exit"
    DIAG_BUNDLE_EXPORTED = "diag.bundle_exported"
    STORAGE_RECOVERED = "storage.recovered"
    STORAGE_FAULT = "storage.fault"
    # The software update (issue 20), written by the root updater and imported by the app (kiosk.update.journal)
    UPDATE_OFFERED = "update.offered"
    UPDATE_DOWNLOADED = "update.downloaded"
    UPDATE_INSTALLED = "update.installed"
    UPDATE_COMMITTED = "update.committed"
    UPDATE_ROLLED_BACK = "update.rolled_back"
    UPDATE_FAILED = "update.failed"


_FORBIDDEN_KEYS = frozenset({"name", "id_number", "phone", "address", "birth_date", "payload", "pin"})


@dataclass(frozen=True)
class AuditRecord:
    event: AuditEvent
    at: datetime
    detail: dict[str, Any] = field(default_factory=dict)
    staff_id: str | None = None

    def __post_init__(self) -> None:
        bad = _FORBIDDEN_KEYS.intersection(self.detail)
        if bad:
            raise ValueError(f"audit detail may not carry personal data keys: {sorted(bad)}")
