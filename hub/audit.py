"""The hub's own audit log: every admin and staff action, with who did it; never personal data.

These are platform-side actions, a separate catalogue from the terminal's
``kiosk.audit.AuditEvent`` (which the hub only receives, in outbox items).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from hub.db import utcnow
from hub.models import AuditEntry


class AdminAction(StrEnum):
    TOKEN_CREATED = "token.created"
    TOKEN_REVOKED = "token.revoked"
    ENROLL_TOKEN_CREATED = "enroll_token.created"
    TERMINAL_ENROLLED = "terminal.enrolled"
    TERMINAL_REVOKED = "terminal.revoked"
    COMMAND_QUEUED = "terminal.command_queued"
    COMMAND_DONE = "terminal.command_done"
    TECHNICIAN_CODE_ISSUED = "terminal.technician_code_issued"
    CONTENT_PUBLISHED = "content.published"
    RELEASE_CREATED = "release.created"
    RELEASE_UPDATED = "release.updated"
    RELEASE_ROLLED_BACK = "release.rolled_back"
    CASE_OPENED = "case.opened"
    CASE_STATUS_CHANGED = "case.status_changed"
    CERTIFICATE_ISSUED = "certificate.issued"
    STAFF_CARD_SIGNED = "staff_card.signed"
    KEY_ROTATED = "key.rotated"


@dataclass(frozen=True)
class Actor:
    """Who acts: an API token (name and role) or the local CLI."""

    name: str
    role: str
    district: str | None = None
    community: str | None = None


CLI_ACTOR = Actor(name="cli", role="admin")


def record(session: Session, actor: Actor, action: AdminAction, target: str, /, **detail: Any) -> None:
    session.add(AuditEntry(at=utcnow(), actor=actor.name, role=actor.role, action=str(action),
                           target=target[:200], detail=detail))
