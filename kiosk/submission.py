"""What a resident submits, and the personal-data-free stub the terminal keeps afterwards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from contract.pages import EncodedPage
from kiosk.identity import Identity

CAPTURED = "captured"  # photographed here: its pages go with the submission
COUNTER = "counter"  # the resident will bring it to the counter
SKIPPED = "skipped"  # optional, and the resident has none


@dataclass(frozen=True)
class MaterialPages:
    """What became of one material of the service: its status and, when captured, its pages (in memory)."""

    material: str
    status: str  # CAPTURED, COUNTER or SKIPPED
    pages: tuple[EncodedPage, ...] = field(default=(), repr=False)


class CaseStatus(StrEnum):
    PENDING = "pending"  # on the terminal, not yet acknowledged by the hub
    RECEIVED = "received"
    ACCEPTED = "accepted"
    NEEDS_INFO = "needs_info"
    NEEDS_RETAKE = "needs_retake"  # staff ask for some materials to be photographed again (issue 19)
    APPROVED = "approved"
    REJECTED = "rejected"
    READY = "ready_for_pickup"


@dataclass(frozen=True, repr=False)
class NewSubmission:
    service_id: str
    form_id: str
    form_version: int
    answers: dict[str, Any]
    identity: Identity
    language: str
    submission_id: str = field(default_factory=lambda: str(uuid.uuid4()))  # idempotency key
    identity_check: dict[str, Any] | None = None  # the face check's decision fields (kiosk.flow.face_step)
    materials: tuple[MaterialPages, ...] = ()  # the service's photographed materials, sealed with it

    def __repr__(self) -> str:
        return f"NewSubmission({self.submission_id}, {self.service_id}, {self.form_id}@{self.form_version})"


@dataclass(frozen=True)
class SubmissionStub:
    """What remains after delivery: no name, no ID number, no answers."""

    submission_id: str
    tracking_number: str
    service_id: str
    form_id: str
    form_version: int
    status: CaseStatus
    created_at: datetime
    updated_at: datetime
    certificate_available: bool = False

    @classmethod
    def pending(cls, submission: NewSubmission, tracking_number: str, now: datetime) -> SubmissionStub:
        """The stub of a submission just stored under ``tracking_number``, not yet delivered."""
        return cls(submission_id=submission.submission_id, tracking_number=tracking_number,
                   service_id=submission.service_id, form_id=submission.form_id,
                   form_version=submission.form_version, status=CaseStatus.PENDING, created_at=now, updated_at=now)
