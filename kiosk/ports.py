"""What the app needs from the local store, as protocols, so the UI and services run on fakes too.

The real implementations are the repositories of the terminal's SQLite store
(``sync.submissions.Submissions``, ``sync.print_journal.PrintJobJournal``,
``sync.audit_log.LocalAuditLog``), which ``sync.store.Store`` composes and forwards to;
``kiosk.memstore.MemoryStore`` is the in-memory fake for unit tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.audit import AuditRecord
from kiosk.receipt import Receipt
from kiosk.submission import NewSubmission, SubmissionStub


@dataclass(frozen=True)
class PrintJob:
    job_id: int
    kind: str  # "receipt", "ticket", "document"
    tracking_number: str | None
    state: str  # "queued", "printed", "failed"
    reason: str | None
    created_at: datetime
    attempts: int
    document: bytes  # the rendered job's source (a receipt as JSON, masked data only)


class SubmissionStore(Protocol):
    def submit(self, submission: NewSubmission, receipt_for: ReceiptFactory, audit: AuditRecord) -> SubmissionStub:
        """Seal and queue the submission, journal its receipt and record the audit event, in one transaction.

        ``receipt_for`` is called with the allocated tracking number and returns the receipt to journal.
        """

    def find_by_tracking(self, tracking_number: str) -> SubmissionStub | None: ...

    def find_by_id_number(self, id_number: str) -> list[SubmissionStub]:
        """Stubs of this person's submissions, found through a keyed hash (no clear ID is stored)."""


class ReceiptFactory(Protocol):
    def __call__(self, tracking_number: str) -> Receipt: ...


class PrintJournal(Protocol):
    def add_job(self, kind: str, tracking_number: str | None, document: bytes) -> int: ...

    def mark(self, job_id: int, state: str, reason: str | None = None) -> None: ...

    def jobs(self, *, tracking_number: str | None = None, state: str | None = None) -> list[PrintJob]: ...

    def receipt_job_for(self, tracking_number: str) -> PrintJob | None: ...


class AuditLog(Protocol):
    def record(self, record: AuditRecord) -> None: ...
