"""The simulator's control API, its PNG previews, and the bootstrap wiring (services.demo.printer)."""

from __future__ import annotations

import socket
from pathlib import Path

import zxingcpp
from PIL import Image

from devices.printer import commands as cmd
from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.profile import PrinterProfile
from devices.printer.simulator import PrinterSimulator
from kiosk.receipt import sample_receipt
from tests.printing.conftest import FIXED_TIME

RECEIPT = sample_receipt(FIXED_TIME)


def _raw_query(port: int, n: int) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(cmd.status_query(n))
        return s.recv(16)


def test_answers_dle_eot_per_state(sim: PrinterSimulator) -> None:
    assert _raw_query(sim.port, 1) == b"\x12"
    sim.set_paper("near_end")
    assert _raw_query(sim.port, 4) == b"\x1e"
    sim.set_paper("out")
    assert _raw_query(sim.port, 4) == b"\x7e"
    assert _raw_query(sim.port, 2) == b"\x32"
    assert _raw_query(sim.port, 1) == b"\x1a"


def test_dle_eot_bytes_inside_raster_data_are_not_status_requests(sim: PrinterSimulator) -> None:
    # a raster whose data bytes are exactly 10 04 01 ... must not trigger a reply
    raw = b"\x1dv0\x00\x03\x00\x01\x00" + b"\x10\x04\x01"
    with socket.create_connection(("127.0.0.1", sim.port), timeout=2) as s:
        s.sendall(cmd.INIT + raw + cmd.status_query(1))
        assert s.recv(16) == b"\x12"  # exactly one reply: to the real query after the image
    assert sim.wait_for_jobs(1)
    assert len(sim.jobs()[0].decoded().images) == 1


def test_saves_a_png_per_job(tmp_path: Path) -> None:
    with PrinterSimulator(png_dir=tmp_path / "png") as sim:
        p = EscposReceiptPrinter(sim.uri, PrinterProfile.for_paper(80), timeout_s=2, status_timeout_s=0.5)
        assert p.print_receipt(RECEIPT).ok
        img = sim.last_image()
        assert img is not None and img.width == 576
        assert [r.text for r in zxingcpp.read_barcodes(img)] == [RECEIPT.qr_payload]
    pngs = sorted((tmp_path / "png").glob("job-*.png"))
    assert len(pngs) == 1
    with Image.open(pngs[0]) as png:
        assert png.width == 576


def test_bootstrap_simulator_returns_real_driver_and_exposes_sim(tmp_path: Path) -> None:
    from contract.settings import Settings
    from terminal.bootstrap import make_receipt_printer
    from terminal.demo_devices import DemoDevices

    settings = Settings(data_dir=tmp_path, printer={"driver": "simulator", "paper_width_mm": 58})
    closers: list = []
    demo = DemoDevices()
    printer = make_receipt_printer(settings, closers, demo)
    try:
        assert isinstance(printer, EscposReceiptPrinter)
        sim = demo.printer
        assert isinstance(sim, PrinterSimulator) and printer.uri.port == sim.port
        assert printer.profile.width_dots == 384
        assert printer.print_receipt(RECEIPT).ok
        assert sim.wait_for_jobs(1) and sim.jobs()[0].decoded().complete
        sim.set_paper("out")
        assert not printer.status().can_print
    finally:
        for fn in reversed(closers):
            fn()


def test_bootstrap_escpos_driver_and_bad_uri(tmp_path: Path) -> None:
    import pytest

    from contract.settings import Settings
    from terminal.bootstrap import ConfigurationError, make_receipt_printer

    ok = make_receipt_printer(Settings(data_dir=tmp_path, printer={"driver": "escpos", "uri": "file:/tmp/x"}), [])
    assert isinstance(ok, EscposReceiptPrinter) and ok.uri.scheme == "file"
    from contract.sections import ValidationError

    with pytest.raises(ValidationError, match="printer.uri"):  # the settings refuse it before any driver
        Settings(data_dir=tmp_path, printer={"driver": "escpos", "uri": "lpt1"})
    unchecked = Settings(data_dir=tmp_path)
    object.__setattr__(unchecked.printer, "driver", "escpos")  # settings built around the validation
    object.__setattr__(unchecked.printer, "uri", "lpt1")
    with pytest.raises(ConfigurationError, match="printer.uri"):
        make_receipt_printer(unchecked, [])


def test_build_services_prints_resident_receipt_through_escpos_into_simulator(tmp_path: Path) -> None:
    """The app's assembly: services.printer is the real escpos driver, the simulator is in services.demo,
    and a PrintService over the real store journals and prints the receipt."""
    from contract.settings import Settings
    from kiosk.printing import PrintService, status_to_dict
    from terminal.bootstrap import build_services

    settings = Settings(data_dir=tmp_path, idcard={"driver": "fake"}, printer={"driver": "simulator"})
    services = build_services(settings)
    try:
        sim = services.demo.printer
        assert isinstance(services.printer, EscposReceiptPrinter)
        service = PrintService(services.printer, services.store, services.store)
        assert status_to_dict(service.status()) == {"online": True, "paper": "ok", "cover_open": False,
                                                    "error": None, "can_print": True}
        assert service.print_receipt(RECEIPT).ok
        assert services.store.receipt_job_for(RECEIPT.tracking_number).state == "printed"
        assert sim.wait_for_jobs(1) and sim.jobs()[0].decoded().complete
    finally:
        services.close()
    assert sorted((tmp_path / "printer-sim").glob("job-*.png"))
