"""The real escpos driver against the loopback simulator: status, jobs, faults."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from contract.printer_uri import parse_uri
from devices.printer.escpos_driver import EscposReceiptPrinter, split_at_commands
from devices.printer.profile import PrinterProfile
from devices.printer.render import render_receipt
from devices.printer.simulator import PrinterSimulator
from devices.printer.status import interpret, is_status_byte
from kiosk.receipt import sample_receipt
from kiosk.roles.printer import Paper, ReceiptPrinter
from tests.printing.conftest import FIXED_TIME

RECEIPT = sample_receipt(FIXED_TIME)


def test_driver_implements_the_role(driver: EscposReceiptPrinter) -> None:
    assert isinstance(driver, ReceiptPrinter)


@pytest.mark.parametrize(
    "byte,ok", [(0x12, True), (0x16, True), (0x1A, True), (0x72, True), (0x7E, True), (0x00, False), (0xFF, False),
                (0x13, False), (0x92, False), (0x10, False), (0x02, False)],
)
def test_status_byte_pattern(byte: int, ok: bool) -> None:
    assert is_status_byte(byte) is ok


def test_interpret_bits() -> None:
    assert interpret(0x12, 0x12, 0x12).paper == Paper.OK
    assert interpret(0x12, 0x12, 0x1E).paper == Paper.NEAR_END
    st = interpret(0x1A, 0x32, 0x7E)
    assert st.paper == Paper.OUT and not st.online and not st.can_print
    assert interpret(0x1A, 0x16, 0x12).cover_open
    with pytest.raises(ValueError):
        interpret(0xFF, 0x12, 0x12)


@pytest.mark.parametrize("paper", ["ok", "near_end", "out"])
def test_status_reports_paper(sim: PrinterSimulator, driver: EscposReceiptPrinter, paper: str) -> None:
    sim.set_paper(paper)  # type: ignore[arg-type]
    st = driver.status()
    assert st.paper == Paper(paper) and st.error is None
    assert st.online is (paper != "out")
    assert sim.jobs() == []  # a status query is not a print job


def test_status_cover_open_and_offline(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.set_cover_open(True)
    st = driver.status()
    assert st.cover_open and not st.online and not st.can_print
    sim.set_cover_open(False)
    sim.set_online(False)
    st = driver.status()
    assert not st.online and not st.cover_open and st.error is None


def test_garbage_reply_is_an_error_status(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.set_status_reply("garbage")
    st = driver.status()
    assert st.error == "bad_status_reply" and not st.can_print


def test_no_reply_is_an_error_status_not_a_hang(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.set_status_reply("silent")
    t0 = time.monotonic()
    st = driver.status()
    assert st.error == "no_status_reply" and not st.online
    assert time.monotonic() - t0 < 10  # bounded by the driver's timeout, not forever
    outcome = driver.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason == "error"
    assert sim.jobs() == []  # nothing sent to a printer whose state is unknown


def test_unreachable_printer(driver: EscposReceiptPrinter) -> None:
    p = EscposReceiptPrinter("tcp://127.0.0.1:9", timeout_s=1.0)
    assert p.status().error == "unreachable"
    outcome = p.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason == "offline"


def test_receipt_arrives_byte_for_byte(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    outcome = driver.print_receipt(RECEIPT)
    assert outcome.ok, outcome
    job = sim.jobs()[-1]
    assert bytes(job.printed) == render_receipt(RECEIPT, driver.profile)
    assert job.status_queries[:3] == [1, 2, 4]  # status asked before the job
    assert len(job.status_queries) > 3  # and again during / after it
    assert job.decoded().complete


def test_paper_out_mid_receipt_is_a_failure(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.out_of_paper_after(600)
    outcome = driver.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason == "paper_out"
    job = sim.jobs()[-1]
    assert job.paper_ran_out and not job.decoded().complete
    assert driver.last_status is not None and driver.last_status.paper == Paper.OUT


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_paper_out_before_job_sends_nothing(sim: PrinterSimulator, mode: str) -> None:
    sim.set_paper("out")
    p = EscposReceiptPrinter(sim.uri, PrinterProfile.for_paper(58, mode), timeout_s=2, status_timeout_s=0.4)  # type: ignore[arg-type]
    outcome = p.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason == "paper_out"
    assert sim.jobs() == []


def test_cover_open_refuses_job(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.set_cover_open(True)
    outcome = driver.print_receipt(RECEIPT)
    assert (outcome.ok, outcome.reason) == (False, "cover_open")


def test_dropped_connection_is_a_failure(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.drop_next(after_bytes=40)
    outcome = driver.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason in ("disconnected", "error")
    # the next job goes through again
    assert driver.print_receipt(RECEIPT).ok


def test_near_end_still_prints(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    sim.set_paper("near_end")
    assert driver.print_receipt(RECEIPT).ok


def test_raster_receipt_through_simulator_has_readable_qr(sim: PrinterSimulator) -> None:
    import zxingcpp

    p = EscposReceiptPrinter(sim.uri, PrinterProfile.for_paper(80, "raster"), timeout_s=2, status_timeout_s=0.4)
    assert p.print_receipt(RECEIPT).ok
    img = sim.last_image()
    assert img is not None and img.width == 576
    assert [r.text for r in zxingcpp.read_barcodes(img)] == [RECEIPT.qr_payload]


def test_chunks_end_on_command_boundaries() -> None:
    data = render_receipt(RECEIPT, PrinterProfile.for_paper(80, "raster"))
    chunks = split_at_commands(data, 1000)
    assert b"".join(chunks) == data and len(chunks) > 1
    assert all(c.startswith((b"\x1b", b"\x1d")) for c in chunks)


def test_file_uri_writes_the_job(tmp_path: Path) -> None:
    target = tmp_path / "capture.bin"
    p = EscposReceiptPrinter(f"file:{target}")
    assert p.status().can_print
    assert p.print_receipt(RECEIPT).ok
    assert target.read_bytes() == render_receipt(RECEIPT, p.profile)
    missing = EscposReceiptPrinter(f"file:{tmp_path}/no/such/dir/x.bin")
    assert missing.status().error == "unreachable"
    assert not missing.print_receipt(RECEIPT).ok


def test_serial_uri_over_a_pty() -> None:
    """serial:PATH?baud=N through python-escpos Serial, with a pty playing the printer."""
    from devices.printer.decoder import next_token

    master, slave = os.openpty()
    path = os.ttyname(slave)
    received = bytearray()
    stop = threading.Event()

    def printer() -> None:
        buf = bytearray()
        while not stop.is_set():
            try:
                chunk = os.read(master, 4096)
            except OSError:
                return
            received.extend(chunk)
            buf += chunk
            pos = 0
            while (nxt := next_token(buf, pos)) is not None:
                tok, pos = nxt
                if tok.kind == "status":
                    os.write(master, bytes([0x12 | (0x0C if tok.raw[2] == 4 else 0)]))
            del buf[:pos]

    t = threading.Thread(target=printer, daemon=True)
    t.start()
    try:
        p = EscposReceiptPrinter(f"serial:{path}?baud=115200", timeout_s=2, status_timeout_s=1)
        st = p.status()
        assert st.paper == Paper.NEAR_END and st.online and st.error is None
        assert p.print_receipt(RECEIPT).ok
        from devices.printer.decoder import tokenize

        expected = render_receipt(RECEIPT, p.profile)

        def printed() -> bytes:
            tokens, _ = tokenize(bytes(received))
            return b"".join(t.raw for t in tokens if t.kind != "status")

        deadline = time.monotonic() + 10  # the pty's reader may still be reading the last chunk on a busy machine
        while len(printed()) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert printed() == expected
    finally:
        stop.set()
        os.close(slave)
        os.close(master)


@pytest.mark.parametrize(
    "uri,scheme,target",
    [("tcp://10.0.0.5:9100", "tcp", "10.0.0.5"), ("tcp://printer", "tcp", "printer"),
     ("serial:/dev/ttyS0?baud=115200", "serial", "/dev/ttyS0"), ("usb:0416:5011", "usb", "0416:5011"),
     ("cups:Receipt", "cups", "Receipt"), ("file:/tmp/x.bin", "file", "/tmp/x.bin")],
)
def test_parse_uri(uri: str, scheme: str, target: str) -> None:
    u = parse_uri(uri)
    assert (u.scheme, u.target) == (scheme, target)


def test_parse_uri_details_and_errors() -> None:
    assert parse_uri("serial:/dev/ttyS0?baud=115200").baud == 115200
    assert parse_uri("tcp://h").port == 9100
    u = parse_uri("usb:0416:5011")
    assert (u.vid, u.pid) == (0x0416, 0x5011)
    for bad in ("", "lpt1", "usb:zz:1", "ftp://x", "tcp://", "serial:"):
        with pytest.raises(ValueError):
            parse_uri(bad)


def test_usb_printer_absent_is_offline_not_a_crash() -> None:
    p = EscposReceiptPrinter("usb:dead:beef", timeout_s=1)
    st = p.status()
    assert st.error is not None and not st.can_print
    outcome = p.print_receipt(RECEIPT)
    assert not outcome.ok and outcome.reason in ("offline", "error")
