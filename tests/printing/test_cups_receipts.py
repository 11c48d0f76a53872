"""Receipts to a ``cups:`` raw queue report the job's real outcome (issue 16): the job is followed until CUPS
says it completed, and a queue that is paused, out of paper or failing is a failure with its reason, never
"ok because lp accepted it". Against a private cupsd on loopback (tests/printing/conftest.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from devices.cups.jobs import CupsQueue, outcome_reason
from devices.printer.escpos_driver import EscposReceiptPrinter
from kiosk.documents.cups import JobState
from kiosk.receipt import sample_receipt
from tests.printing.conftest import FIXED_TIME, Cups


@contextmanager
def raw_queue(cupsd: Cups, name: str, device: str, *options: str) -> Iterator[EscposReceiptPrinter]:
    r = subprocess.run(["lpadmin", "-p", name, "-E", "-v", device, *options], env=cupsd.env(),
                       capture_output=True, text=True, timeout=20, check=False)
    assert r.returncode == 0, r.stderr
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("CUPS_SERVER", cupsd.server)
            yield EscposReceiptPrinter(f"cups:{name}", timeout_s=10)
    finally:
        subprocess.run(["lpadmin", "-x", name], env=cupsd.env(), capture_output=True, timeout=20, check=False)


def jobs_left(cupsd: Cups, name: str) -> str:
    return subprocess.run(["lpstat", "-o", name], env=cupsd.env(), capture_output=True, text=True, timeout=10,
                          check=False).stdout


@pytest.mark.cups
def test_a_receipt_is_ok_when_its_cups_job_completed(cupsd: Cups) -> None:
    with raw_queue(cupsd, "ReceiptOk", "kiosktest:/ok") as printer:
        outcome = printer.print_receipt(sample_receipt(FIXED_TIME))
    assert outcome.ok, outcome
    assert "completed" in outcome.detail


@pytest.mark.cups
def test_a_receipt_to_a_printer_out_of_paper_is_paper_out(cupsd: Cups) -> None:
    with raw_queue(cupsd, "ReceiptNoPaper", "kiosktest:/media-empty") as printer:
        outcome = printer.print_receipt(sample_receipt(FIXED_TIME))
        assert (outcome.ok, outcome.reason) == (False, "paper_out"), outcome
        assert "media-empty" in outcome.detail
        assert jobs_left(cupsd, "ReceiptNoPaper") == ""  # canceled: it must not come out when paper is loaded


@pytest.mark.cups
def test_a_receipt_to_a_failing_printer_is_not_ok(cupsd: Cups) -> None:
    for policy in ("stop-printer", "retry-job"):  # the job waits in a stopped queue / is held for a retry
        with raw_queue(cupsd, "ReceiptStops", "kiosktest:/fail", "-o", f"printer-error-policy={policy}") as printer:
            outcome = printer.print_receipt(sample_receipt(FIXED_TIME))
            assert (outcome.ok, outcome.reason) == (False, "offline"), (policy, outcome)
            assert jobs_left(cupsd, "ReceiptStops") == ""  # canceled: it must not come out later
    with raw_queue(cupsd, "ReceiptAborts", "kiosktest:/fail", "-o", "printer-error-policy=abort-job") as printer:
        outcome = printer.print_receipt(sample_receipt(FIXED_TIME))
        assert (outcome.ok, outcome.reason) == (False, "error"), outcome
        assert "aborted" in outcome.detail


@pytest.mark.cups
def test_a_receipt_to_a_paused_queue_is_offline(cupsd: Cups) -> None:
    with raw_queue(cupsd, "ReceiptPaused", "kiosktest:/ok") as printer:
        subprocess.run(["cupsdisable", "ReceiptPaused"], env=cupsd.env(), check=True, timeout=10)
        outcome = printer.print_receipt(sample_receipt(FIXED_TIME))
        assert not outcome.ok and outcome.detail.startswith("before the job"), outcome  # refused, never sent


@pytest.mark.cups
def test_a_job_held_on_a_paused_queue_is_not_waited_for(cupsd: Cups) -> None:
    """A job already queued when the queue was paused: the follow ends at once, and says offline."""
    with raw_queue(cupsd, "ReceiptHeld", "kiosktest:/ok"):
        subprocess.run(["cupsdisable", "ReceiptHeld"], env=cupsd.env(), check=True, timeout=10)
        queue = CupsQueue("ReceiptHeld", server=cupsd.server)
        job = queue.submit_raw(b"\x1b@hello\n", "held")
        state = queue.wait(job, timeout_s=30)
        assert state.state == "pending"
        printer, reasons = queue.printer_state()
        assert printer == "stopped" and "paused" in reasons
        assert outcome_reason(state, reasons) == "offline"
        queue.cancel(job)


def test_printer_reasons_map_to_print_outcome_reasons() -> None:
    aborted = JobState(3, "aborted", "job-aborted-by-system")
    assert outcome_reason(aborted, ("media-empty-error",)) == "paper_out"
    assert outcome_reason(aborted, ("media-needed-warning", "paused")) == "paper_out"
    assert outcome_reason(aborted, ("cover-open-error",)) == "cover_open"
    assert outcome_reason(aborted, ("offline-report",)) == "offline"
    assert outcome_reason(aborted, ("none",)) == "error"
    assert outcome_reason(JobState(3, "pending"), ()) == "offline"
    assert outcome_reason(JobState(3, "stopped"), ()) == "offline"
