"""The one place where drivers are chosen from settings and the app's services are assembled.

Nothing else decides between a real driver, a simulator or a fake. A production
configuration cannot reach a simulator: ``Settings`` refuses it before we get here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from contract.clock import Clock, SystemClock
from contract.settings import Settings
from devices.cups.jobs import CupsQueue
from kiosk.roles.idcard import IdCardReader
from kiosk.roles.printer import ReceiptPrinter


class ConfigurationError(Exception):
    """A driver cannot be built from these settings; the message says which setting to fix."""


@dataclass
class Services:
    settings: Settings
    clock: Clock
    idcard: IdCardReader
    printer: ReceiptPrinter
    store: Any  # SubmissionStore & PrintJournal & AuditLog (kiosk.ports)
    extras: dict[str, Any] = field(default_factory=dict)
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close(self) -> None:
        for fn in reversed(self._closers):
            with contextlib.suppress(Exception):
                fn()
        self._closers.clear()


def make_idcard_reader(settings: Settings, services_closers: list[Callable[[], None]],
                       extras: dict[str, Any] | None = None) -> IdCardReader:
    """The configured ID card reader. ``simulator`` plays a SAM reader on a pty and returns the REAL
    serial driver connected to it; the simulator object goes to ``extras["idcard_sim"]`` (dev dock)."""
    cfg = settings.idcard
    driver = cfg.driver
    if driver == "fake":
        from devices.idcard.fake import FakeIdCardReader

        return FakeIdCardReader()
    if driver == "sam_serial":
        from devices.idcard.sam_serial import SamSerialReader

        return SamSerialReader(cfg.port, cfg.baud)
    if driver == "simulator":
        from devices.idcard import sample_photos
        from devices.idcard.sam_serial import SamSerialReader
        from devices.idcard.simulator import SamSimulator

        sample_photos.register()  # the fictional sample cards' photos decode (face check demo)
        services_closers.append(sample_photos.unregister)
        sim = SamSimulator(cfg.baud).start()
        services_closers.append(sim.stop)
        if extras is not None:
            extras["idcard_sim"] = sim
        return SamSerialReader(sim.port, cfg.baud)
    if driver == "vendor_sdk":
        from devices.idcard.vendor_sdk import SdkLibraryError, VendorSdkReader

        try:
            return VendorSdkReader(cfg.library, style=cfg.sdk_style, port=cfg.port)
        except SdkLibraryError as exc:
            raise ConfigurationError(f"idcard.library: {exc}") from exc
    raise ConfigurationError(f"idcard.driver={driver!r} is not available in this build")


def make_receipt_printer(
    settings: Settings, services_closers: list[Callable[[], None]], extras: dict[str, Any] | None = None
) -> ReceiptPrinter:
    """The configured receipt printer. ``simulator`` starts a loopback ESC/POS printer and returns the
    REAL escpos driver pointed at it; the simulator goes to ``extras["printer_sim"]`` (its job PNGs are
    saved under ``data_dir/printer-sim``)."""
    cfg = settings.printer
    driver = cfg.driver
    if driver == "fake":
        from devices.printer.fake import FakeReceiptPrinter

        return FakeReceiptPrinter()
    if driver in ("escpos", "simulator"):
        from devices.printer.escpos_driver import EscposReceiptPrinter
        from devices.printer.profile import PrinterProfile

        profile = PrinterProfile.for_paper(cfg.paper_width_mm, cfg.render_mode, cfg.native_qr)
        if driver == "escpos":
            try:
                return EscposReceiptPrinter(cfg.uri, profile)
            except ValueError as exc:
                raise ConfigurationError(f"printer.uri: {exc}") from exc
        from devices.printer.simulator import PrinterSimulator

        sim = PrinterSimulator(width_dots=profile.width_dots, png_dir=settings.data_dir / "printer-sim").start()
        services_closers.append(sim.stop)
        if extras is not None:
            extras["printer_sim"] = sim
        return EscposReceiptPrinter(sim.uri, profile)
    raise ConfigurationError(f"printer.driver={driver!r} is not available in this build")


def make_pcsc_monitor(settings: Settings, on_event: Callable[[Any], None]) -> Any:
    """The staff card reader's monitor, or None when PC/SC is disabled or pcscd is not there.

    Never blocks: the real monitor runs on its own thread and only starts when pcscd's socket
    exists (a terminal without pcscd simply has no card entry; the hidden-gesture fallback stays).
    ``pcsc.driver = "fake"`` gives :class:`devices.pcsc.fake.FakePcscMonitor` (tests, screenshots).
    """
    cfg = settings.pcsc
    if not cfg.enabled:
        return None
    if cfg.driver == "fake":
        from devices.pcsc.fake import FakePcscMonitor

        return FakePcscMonitor(on_event)
    import os

    socket_path = os.environ.get("PCSCLITE_CSOCK_NAME", "/run/pcscd/pcscd.comm")
    if not os.path.exists(socket_path):
        return None
    from devices.pcsc.monitor import PcscMonitor

    return PcscMonitor(on_event, reader_filter=cfg.reader_filter)


def make_store(settings: Settings, clock: Clock, services_closers: list[Callable[[], None]],
               extras: dict[str, Any] | None = None, on_recovering: Callable[[Any], None] | None = None) -> Any:
    """The real SQLite store at ``settings.db_path`` (keys in ``data_dir/keys``); see sync.store.

    With ``extras`` (the kiosk itself, not a CLI) the database is checked first and recovered when
    damaged (:mod:`sync.recovery`): ``on_recovering(damage)`` is called first (the kiosk shows
    "out of service"), the report goes to ``extras["storage_recovery"]``.
    """
    from sync.store import open_store

    if extras is None:
        store = open_store(settings, clock)
    else:
        from sync.recovery import open_checked

        store, report = open_checked(settings, clock, on_recovering)
        if report is not None:
            extras["storage_recovery"] = report
    services_closers.append(store.close)
    return store


def build_services(settings: Settings, clock: Clock | None = None,
                   on_recovering: Callable[[Any], None] | None = None) -> Services:
    clock = clock or SystemClock()
    closers: list[Callable[[], None]] = []
    extras: dict[str, Any] = {}
    idcard = make_idcard_reader(settings, closers, extras)
    closers.append(idcard.close)
    printer = make_receipt_printer(settings, closers, extras)
    closers.append(printer.close)
    store = make_store(settings, clock, closers, extras, on_recovering)
    from terminal.scanner_factory import make_scanner

    scanner = make_scanner(settings, extras)  # None when scanner.driver = "none"
    if scanner is not None:
        extras["scanner"] = scanner
        closers.append(scanner.stop)
    from kiosk.clock_guard import ClockGuard

    extras["clock_guard"] = ClockGuard(clock, getattr(store, "latest_record_at", None))  # the sync service informs it
    extras["document_queue"] = CupsQueue  # the A4 printer adapter the core asks for by queue name
    services = Services(settings=settings, clock=clock, idcard=idcard, printer=printer, store=store, extras=extras)
    services._closers.extend(closers)
    return services
