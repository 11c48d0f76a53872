"""Printing with a journal: nothing the resident is owed is lost to paper-out, a dropped link or a crash.

Every job is written to the :class:`kiosk.ports.PrintJournal` *before* a byte
goes to the printer, then marked ``printed`` or ``failed`` with the reason. A
job still ``queued`` after a restart was interrupted by a crash. Failed and
interrupted jobs are reprinted from the journal within the session or later by
tracking number, from the document stored in the journal (masked data only),
so the reprint is exactly what was meant to print.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from contract import tracking
from contract.clock import Clock, SystemClock
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.documents.cups import CupsError
from kiosk.ports import AuditLog, PrintJob, PrintJournal
from kiosk.receipt import Receipt
from kiosk.receipt_codec import receipt_from_json, receipt_to_json
from kiosk.roles.printer import PrinterStatus, PrintOutcome, ReceiptPrinter, error_status
from kiosk.ticket import QueueTicket, ticket_from_json, ticket_to_json

log = logging.getLogger(__name__)

QUEUED, PRINTED, FAILED = "queued", "printed", "failed"


def status_to_dict(status: PrinterStatus) -> dict[str, object]:
    """The printer status for diagnostics, the heartbeat and ``kiosk print status --json``.

    Keys ``online``, ``paper`` (ok / near_end / out, ``unknown`` when the status could not be read),
    ``cover_open`` (null when unknown), ``error`` (null when read fine) and ``can_print``. An unreachable
    printer never reports "paper ok": nothing was measured.
    """
    return {
        "online": status.online,
        "paper": "unknown" if status.error else str(status.paper),
        "cover_open": None if status.error else status.cover_open,
        "error": status.error,
        "can_print": status.can_print,
    }


@dataclass(frozen=True)
class PrintResult:
    job_id: int
    outcome: PrintOutcome

    @property
    def ok(self) -> bool:
        return self.outcome.ok


class PrintService:
    """Receipts and queue tickets through a :class:`ReceiptPrinter`, journalled in a :class:`PrintJournal`."""

    def __init__(
        self,
        printer: ReceiptPrinter,
        journal: PrintJournal,
        audit: AuditLog | None = None,
        clock: Clock | None = None,
        documents: DocumentQueue | None = None,
    ) -> None:
        self.printer = printer
        self.documents = documents
        self.journal = journal
        self.audit = audit
        self.clock = clock or SystemClock()
        self._lock = threading.Lock()

    # status
    def status(self) -> PrinterStatus:
        """The printer's status; a driver that raises is reported as an error status, never propagated."""
        try:
            return self.printer.status()
        except Exception as exc:  # a driver bug must not take down the UI
            log.exception("printer status failed")
            return error_status(f"driver:{type(exc).__name__}")

    # printing
    def print_receipt(self, receipt: Receipt) -> PrintResult:
        """Print a receipt. If the submission already journalled it (``SubmissionStore.submit``), print that job."""
        with self._lock:
            job = None
            if receipt.tracking_number:
                existing = self.journal.receipt_job_for(receipt.tracking_number)
                if existing is not None and existing.state != PRINTED:
                    job = existing
            if job is None:
                job_id = self.journal.add_job("receipt", receipt.tracking_number or None, receipt_to_json(receipt))
                self._audit(AuditEvent.PRINT_QUEUED, job_id, "receipt")
                return self._run(job_id, "receipt", receipt_to_json(receipt), reprint=False)
            return self._run(job.job_id, "receipt", job.document, reprint=job.state == FAILED)

    def print_ticket(self, ticket: QueueTicket) -> PrintResult:
        with self._lock:
            document = ticket_to_json(ticket)
            job_id = self.journal.add_job("ticket", None, document)
            self._audit(AuditEvent.PRINT_QUEUED, job_id, "ticket")
            return self._run(job_id, "ticket", document, reprint=False)

    def print_document(self, pdf: bytes, title: str, tracking_number: str | None = None) -> PrintResult:
        """An A4 PDF through the document queue (CUPS), journalled like a receipt so it can be reprinted."""
        with self._lock:
            job_id = self.journal.add_job("document", tracking_number, _pack_document(title, pdf))
            self._audit(AuditEvent.PRINT_QUEUED, job_id, "document")
            return self._run(job_id, "document", _pack_document(title, pdf), reprint=False)

    def print_pending_receipt(self, tracking_number: str) -> PrintResult | None:
        """Print the receipt the submission journalled for this tracking number (first print or retry)."""
        job = self.journal.receipt_job_for(tracking.normalise(tracking_number))
        if job is None:
            return None
        with self._lock:
            return self._run(job.job_id, job.kind, job.document, reprint=job.attempts > 0 or job.state != QUEUED)

    def reprint(self, job_id: int) -> PrintResult:
        """Print a journalled job again (after paper-out, a dropped link, a crash, or on request)."""
        with self._lock:
            job = self._job(job_id)
            return self._run(job.job_id, job.kind, job.document, reprint=True)

    def reprint_by_tracking(self, tracking_number: str) -> PrintResult | None:
        """Reprint the receipt for a tracking number, possibly days later; None when there is none."""
        job = self.journal.receipt_job_for(tracking.normalise(tracking_number))
        if job is None:
            return None
        return self.reprint(job.job_id)

    def unprinted(self) -> list[PrintJob]:
        """Jobs that failed, and jobs still queued (interrupted by a crash): what a technician or the
        resident's session should offer to reprint."""
        return [j for j in self.journal.jobs() if j.state in (QUEUED, FAILED)]

    def receipt_for(self, tracking_number: str) -> Receipt | None:
        """The journalled receipt (e.g. to show its QR code on screen when the printer has no paper)."""
        job = self.journal.receipt_job_for(tracking.normalise(tracking_number))
        return receipt_from_json(job.document) if job else None

    # internals
    def _job(self, job_id: int) -> PrintJob:
        for j in self.journal.jobs():
            if j.job_id == job_id:
                return j
        raise KeyError(f"no print job {job_id}")

    def _send(self, kind: str, document: bytes) -> PrintOutcome:
        try:
            if kind == "receipt":
                return self.printer.print_receipt(receipt_from_json(document))
            if kind == "ticket":
                print_ticket: Callable[[QueueTicket], PrintOutcome] | None = getattr(self.printer, "print_ticket", None)
                if print_ticket is None:
                    return PrintOutcome(False, "error", "this printer driver cannot print queue tickets")
                return print_ticket(ticket_from_json(document))
            if kind == "document":
                return self._send_document(document)
            return PrintOutcome(False, "error", f"unknown job kind {kind!r}")
        except Exception as exc:  # never report a crash in the driver as printed
            log.exception("printer driver raised while printing")
            return PrintOutcome(False, "error", f"{type(exc).__name__}")

    def _send_document(self, document: bytes) -> PrintOutcome:
        if self.documents is None:
            return PrintOutcome(False, "offline", "no document printer configured (document_printer.queue)")

        title, pdf = _unpack_document(document)
        try:
            state = self.documents.print_pdf(pdf, title)
        except CupsError as exc:
            return PrintOutcome(False, "offline", str(exc))
        if state.ok:
            return PrintOutcome(True, None, f"CUPS job {state.job_id}")
        reason = "error" if state.final else "timeout"
        return PrintOutcome(False, reason, f"CUPS job {state.job_id} {state.state} {state.reasons}".strip())

    def _run(self, job_id: int, kind: str, document: bytes, *, reprint: bool) -> PrintResult:
        if reprint:
            self._audit(AuditEvent.PRINT_REPRINTED, job_id, kind)
        outcome = self._send(kind, document)
        if outcome.ok:
            self.journal.mark(job_id, PRINTED)
            self._audit(AuditEvent.PRINT_DONE, job_id, kind)
        else:
            self.journal.mark(job_id, FAILED, outcome.reason or "error")
            self._audit(AuditEvent.PRINT_FAILED, job_id, kind, outcome.reason or "error")
            log.warning("print job %d (%s) failed: %s %s", job_id, kind, outcome.reason, outcome.detail)
        return PrintResult(job_id, outcome)

    def _audit(self, event: AuditEvent, job_id: int, kind: str, reason: str | None = None) -> None:
        if self.audit is None:
            return
        detail: dict[str, object] = {"job_id": job_id, "kind": kind}
        if reason:
            detail["reason"] = reason
        try:
            self.audit.record(AuditRecord(event, self.clock.now(), detail))
        except Exception:
            log.exception("could not record the print audit event")


class DocumentQueue(Protocol):
    """What the service needs from the A4 printer (``devices.cups.jobs.CupsQueue``, given by the composition root)."""

    def print_pdf(self, pdf: bytes, title: str = ..., timeout_s: float = ...) -> Any: ...


def _pack_document(title: str, pdf: bytes) -> bytes:
    """Journal form of a document job: a one-line JSON header (title), a newline, the PDF bytes."""
    return json.dumps({"title": title}).encode() + b"\n" + pdf


def _unpack_document(document: bytes) -> tuple[str, bytes]:
    header, _, pdf = document.partition(b"\n")
    return str(json.loads(header).get("title", "kiosk-document")), pdf


class PrinterMonitor:
    """Polls the printer's status in the background so screens, diagnostics and the heartbeat read a
    cached value instantly instead of waiting on the printer."""

    def __init__(
        self,
        service: PrintService,
        interval_s: float = 30.0,
        on_change: Callable[[PrinterStatus], None] | None = None,
    ) -> None:
        self.service = service
        self.interval_s = interval_s
        self.on_change = on_change
        self.latest: PrinterStatus | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def poll(self) -> PrinterStatus:
        st = self.service.status()
        changed = st != self.latest
        self.latest = st
        if changed and self.on_change is not None:
            try:
                self.on_change(st)
            except Exception:
                log.exception("printer status listener failed")
        return st

    def start(self) -> PrinterMonitor:
        def loop() -> None:
            while not self._stop.is_set():
                self.poll()
                self._stop.wait(self.interval_s)

        self._thread = threading.Thread(target=loop, name="printer-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
