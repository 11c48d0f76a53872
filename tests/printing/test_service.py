"""PrintService: journal before sending, failures kept, reprints within the session and later by tracking number."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from contract.clock import FakeClock
from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.fake import FakeReceiptPrinter
from devices.printer.render import render_receipt
from devices.printer.simulator import PrinterSimulator
from kiosk.audit import AuditEvent
from kiosk.memstore import MemoryStore
from kiosk.printing import PrinterMonitor, PrintService
from kiosk.receipt import Receipt, sample_receipt
from kiosk.receipt_codec import receipt_from_json
from kiosk.roles.printer import Paper, PrinterStatus, PrintOutcome
from kiosk.ticket import sample_ticket
from tests.printing.conftest import FIXED_TIME

RECEIPT = sample_receipt(FIXED_TIME)


@pytest.fixture(params=["memory", "sqlite"])
def journal(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """The in-memory fake and the real SQLite store: both implement kiosk.ports.PrintJournal."""
    if request.param == "memory":
        yield MemoryStore(FakeClock(FIXED_TIME))
        return
    from sync.store import Store

    store = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock(FIXED_TIME), keys_dir=tmp_path / "keys")
    yield store
    store.close()


class RecordingPrinter(FakeReceiptPrinter):
    """Checks, at the moment of printing, that the job is already in the journal."""

    def __init__(self, journal: object) -> None:
        super().__init__()
        self.journal = journal
        self.states_seen: list[str] = []

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        job = self.journal.receipt_job_for(receipt.tracking_number)  # type: ignore[attr-defined]
        self.states_seen.append(job.state if job else "missing")
        return super().print_receipt(receipt)


def test_job_is_journalled_before_it_is_sent(journal: object) -> None:
    printer = RecordingPrinter(journal)
    service = PrintService(printer, journal)  # type: ignore[arg-type]
    result = service.print_receipt(RECEIPT)
    assert result.ok and printer.states_seen == ["queued"]
    job = journal.receipt_job_for(RECEIPT.tracking_number)  # type: ignore[attr-defined]
    assert job.state == "printed" and receipt_from_json(job.document) == RECEIPT


def test_paper_out_mid_receipt_fails_then_reprints_from_journal(journal: object, sim: PrinterSimulator,
                                                                driver: EscposReceiptPrinter) -> None:
    store = MemoryStore(FakeClock(FIXED_TIME))
    service = PrintService(driver, journal, audit=store, clock=FakeClock(FIXED_TIME))  # type: ignore[arg-type]
    sim.out_of_paper_after(900)
    first = service.print_receipt(RECEIPT)
    assert not first.ok and first.outcome.reason == "paper_out"
    job = journal.receipt_job_for(RECEIPT.tracking_number)  # type: ignore[attr-defined]
    assert (job.state, job.reason) == ("failed", "paper_out")
    assert [j.job_id for j in service.unprinted()] == [first.job_id]
    assert not sim.jobs()[-1].decoded().complete

    sim.set_paper("ok")  # the attendant loads paper
    again = service.reprint(first.job_id)
    assert again.ok and again.job_id == first.job_id
    assert bytes(sim.jobs()[-1].printed) == render_receipt(RECEIPT, driver.profile)
    assert journal.receipt_job_for(RECEIPT.tracking_number).state == "printed"  # type: ignore[attr-defined]
    assert service.unprinted() == []
    events = [r.event for r in store.audit]
    assert events == [AuditEvent.PRINT_QUEUED, AuditEvent.PRINT_FAILED, AuditEvent.PRINT_REPRINTED,
                      AuditEvent.PRINT_DONE]
    assert all(set(r.detail) <= {"job_id", "kind", "reason"} for r in store.audit)


def test_reprint_later_by_tracking_number(journal: object) -> None:
    printer = FakeReceiptPrinter()
    service = PrintService(printer, journal)  # type: ignore[arg-type]
    assert service.print_receipt(RECEIPT).ok
    later = PrintService(printer, journal)  # type: ignore[arg-type]  # e.g. days later, new session
    result = later.reprint_by_tracking("261126-0001-0001-7")
    assert result is not None and result.ok
    assert printer.printed == [RECEIPT, RECEIPT]
    assert later.reprint_by_tracking("000000000000000") is None
    assert later.receipt_for(RECEIPT.tracking_number) == RECEIPT


def test_printing_again_after_failure_reuses_the_journalled_job(journal: object) -> None:
    printer = FakeReceiptPrinter()
    printer.paper = Paper.OUT
    service = PrintService(printer, journal)  # type: ignore[arg-type]
    failed = service.print_receipt(RECEIPT)
    assert not failed.ok
    printer.paper = Paper.OK
    ok = service.print_receipt(RECEIPT)
    assert ok.ok and ok.job_id == failed.job_id
    assert len(journal.jobs(tracking_number=RECEIPT.tracking_number)) == 1  # type: ignore[attr-defined]


def test_driver_exception_is_failure_not_success(journal: object) -> None:
    class Exploding(FakeReceiptPrinter):
        def print_receipt(self, receipt: Receipt) -> PrintOutcome:
            raise RuntimeError("firmware says no")

        def status(self) -> PrinterStatus:
            raise OSError("gone")

    service = PrintService(Exploding(), journal)  # type: ignore[arg-type]
    result = service.print_receipt(RECEIPT)
    assert not result.ok and result.outcome.reason == "error"
    assert journal.receipt_job_for(RECEIPT.tracking_number).state == "failed"  # type: ignore[attr-defined]
    st = service.status()
    assert st.error and not st.can_print


def test_submission_journals_receipt_and_print_pending_prints_it() -> None:
    """MemoryStore.submit journals the receipt; the service prints that job instead of adding another."""
    from tests.printing.helpers import new_submission

    store = MemoryStore(FakeClock(FIXED_TIME))
    from kiosk.audit import AuditRecord

    stub = store.submit(new_submission(), lambda tn: replace(RECEIPT, tracking_number=tn),
                        AuditRecord(AuditEvent.SUBMISSION_CREATED, FIXED_TIME))
    printer = FakeReceiptPrinter()
    service = PrintService(printer, store)
    result = service.print_pending_receipt(stub.tracking_number)
    assert result is not None and result.ok
    assert printer.printed[0].tracking_number == stub.tracking_number
    assert len(store.jobs()) == 1 and store.jobs()[0].state == "printed"


def test_queued_job_survives_a_crash_in_sqlite(tmp_path: Path) -> None:
    from sync.store import Store

    class Crash(BaseException):
        pass

    class CrashingPrinter(FakeReceiptPrinter):
        def print_receipt(self, receipt: Receipt) -> PrintOutcome:
            raise Crash()

    store = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock(FIXED_TIME), keys_dir=tmp_path / "keys")
    with pytest.raises(Crash):
        PrintService(CrashingPrinter(), store).print_receipt(RECEIPT)
    store.close()  # the process dies here

    reopened = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock(FIXED_TIME), keys_dir=tmp_path / "keys")
    try:
        service = PrintService(FakeReceiptPrinter(), reopened)
        pending = service.unprinted()
        assert [(j.state, j.tracking_number) for j in pending] == [("queued", RECEIPT.tracking_number)]
        assert service.reprint(pending[0].job_id).ok
        assert service.unprinted() == []
    finally:
        reopened.close()


def test_ticket_is_journalled_and_printed_through_simulator(journal: object, sim: PrinterSimulator,
                                                            driver: EscposReceiptPrinter) -> None:
    service = PrintService(driver, journal)  # type: ignore[arg-type]
    result = service.print_ticket(sample_ticket(FIXED_TIME))
    assert result.ok
    assert [j.kind for j in journal.jobs(state="printed")] == ["ticket"]  # type: ignore[attr-defined]
    assert "A017" in sim.jobs()[-1].decoded().lines


def test_monitor_caches_status_and_reports_changes(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    seen: list[PrinterStatus] = []
    monitor = PrinterMonitor(PrintService(driver, MemoryStore()), interval_s=60, on_change=seen.append)
    assert monitor.poll().paper == Paper.OK
    sim.set_paper("out")
    assert monitor.poll().paper == Paper.OUT
    monitor.poll()
    assert [s.paper for s in seen] == [Paper.OK, Paper.OUT]
    assert monitor.latest is not None and monitor.latest.paper == Paper.OUT


class FlakyQueue:
    """A document queue whose first job is aborted (e.g. the A4 printer jammed), then works."""

    def __init__(self) -> None:
        from kiosk.documents.cups import JobState

        self.states = [JobState(1, "aborted", "job-aborted-by-system"), JobState(2, "completed")]
        self.printed: list[tuple[str, bytes]] = []

    def print_pdf(self, pdf: bytes, title: str = "kiosk-document", timeout_s: float = 60.0) -> object:
        self.printed.append((title, pdf))
        return self.states.pop(0)


def test_document_job_failure_is_journalled_and_reprinted(journal: object) -> None:
    queue = FlakyQueue()
    service = PrintService(FakeReceiptPrinter(), journal, documents=queue)  # type: ignore[arg-type]
    pdf = b"%PDF-1.4 fake"
    first = service.print_document(pdf, "kiosk-certificate", tracking_number=RECEIPT.tracking_number)
    assert not first.ok and first.outcome.reason == "error" and "aborted" in first.outcome.detail
    again = service.reprint(first.job_id)
    assert again.ok
    assert queue.printed == [("kiosk-certificate", pdf), ("kiosk-certificate", pdf)]
    assert [j.state for j in journal.jobs(state="printed")] == ["printed"]  # type: ignore[attr-defined]


def test_document_without_queue_fails_cleanly(journal: object) -> None:
    result = PrintService(FakeReceiptPrinter(), journal).print_document(b"%PDF", "x")  # type: ignore[arg-type]
    assert not result.ok and result.outcome.reason == "offline"
