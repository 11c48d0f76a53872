"""In-memory store: the fake behind the store protocols, for unit tests and the app fixture."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import replace

from contract import tracking
from contract.clock import Clock, SystemClock
from kiosk.audit import AuditRecord
from kiosk.ports import PrintJob, ReceiptFactory
from kiosk.receipt_codec import receipt_to_json
from kiosk.submission import CaseStatus, NewSubmission, SubmissionStub


class MemoryStore:
    def __init__(self, clock: Clock | None = None, terminal_no: int = 1) -> None:
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._terminal_no = terminal_no
        self._seq: dict[str, int] = {}
        self.outbox: list[NewSubmission] = []
        self.stubs: dict[str, SubmissionStub] = {}
        self._by_person: dict[str, list[str]] = {}
        self.audit: list[AuditRecord] = []
        self._jobs: dict[int, PrintJob] = {}

    @staticmethod
    def _person_key(id_number: str) -> str:
        return hashlib.sha256(b"memstore:" + id_number.upper().encode()).hexdigest()

    def submit(self, submission: NewSubmission, receipt_for: ReceiptFactory, audit: AuditRecord) -> SubmissionStub:
        with self._lock:
            now = self._clock.now()
            day = now.strftime("%y%m%d")
            self._seq[day] = self._seq.get(day, 0) + 1
            number = tracking.make(now.date(), self._terminal_no, self._seq[day])
            stub = SubmissionStub.pending(submission, number, now)
            receipt = receipt_for(number)
            self.outbox.append(submission)
            self.stubs[number] = stub
            self._by_person.setdefault(self._person_key(submission.identity.id_number), []).append(number)
            self.audit.append(audit)
            self._add_job_locked("receipt", number, receipt_to_json(receipt))
            return stub

    def set_status(self, tracking_number: str, status: CaseStatus, certificate: bool = False) -> None:
        with self._lock:
            stub = self.stubs[tracking_number]
            self.stubs[tracking_number] = replace(
                stub, status=status, updated_at=self._clock.now(), certificate_available=certificate
            )

    def find_by_tracking(self, tracking_number: str) -> SubmissionStub | None:
        return self.stubs.get(tracking.normalise(tracking_number))

    def find_by_id_number(self, id_number: str) -> list[SubmissionStub]:
        numbers = self._by_person.get(self._person_key(id_number), [])
        return [self.stubs[n] for n in numbers]

    # PrintJournal
    def _add_job_locked(self, kind: str, tracking_number: str | None, document: bytes) -> int:
        job_id = len(self._jobs) + 1
        self._jobs[job_id] = PrintJob(job_id, kind, tracking_number, "queued", None, self._clock.now(), 0, document)
        return job_id

    def add_job(self, kind: str, tracking_number: str | None, document: bytes) -> int:
        with self._lock:
            return self._add_job_locked(kind, tracking_number, document)

    def mark(self, job_id: int, state: str, reason: str | None = None) -> None:
        with self._lock:
            job = self._jobs[job_id]
            self._jobs[job_id] = replace(job, state=state, reason=reason, attempts=job.attempts + 1)

    def jobs(self, *, tracking_number: str | None = None, state: str | None = None) -> list[PrintJob]:
        return [
            j
            for j in self._jobs.values()
            if (tracking_number is None or j.tracking_number == tracking_number) and (state is None or j.state == state)
        ]

    def receipt_job_for(self, tracking_number: str) -> PrintJob | None:
        jobs = [j for j in self.jobs(tracking_number=tracking_number) if j.kind == "receipt"]
        return jobs[-1] if jobs else None

    def record(self, record: AuditRecord) -> None:
        with self._lock:
            self.audit.append(record)
