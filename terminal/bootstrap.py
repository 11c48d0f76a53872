"""The one place where drivers are chosen from settings and the app's services are assembled.

Nothing else decides between a real driver, a simulator or a fake. A production
configuration cannot reach a simulator: ``Settings`` refuses it before we get here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from contract.clock import Clock, SystemClock
from contract.settings import Settings
from devices.cups.jobs import CupsQueue
from devices.idcard import sample_photos
from devices.idcard.fake import FakeIdCardReader
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.simulator import SamSimulator
from devices.idcard.vendor_sdk import SdkLibraryError, VendorSdkReader
from devices.pcsc.fake import FakePcscMonitor
from devices.pcsc.monitor import PcscMonitor
from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.fake import FakeReceiptPrinter
from devices.printer.profile import PrinterProfile
from devices.printer.simulator import PrinterSimulator
from kiosk.clock_guard import ClockGuard
from kiosk.roles.doccam import DocCamera
from kiosk.roles.idcard import IdCardReader
from kiosk.roles.printer import ReceiptPrinter
from kiosk.roles.scanner import Scanner
from kiosk.roles.staffcard import StaffCardEvent, StaffCardReader
from sync.recovery import RecoveryReport, open_checked
from sync.store import Store, open_store
from terminal.demo_devices import DemoDevices
from terminal.doccam_factory import make_doccam
from terminal.scanner_factory import make_scanner

if TYPE_CHECKING:  # only annotations: the GUI sets these after start-up (ui/launch.py, ui/technician.py)
    from kiosk.printing import DocumentQueue, PrintService
    from sync.bundles import BundleManager
    from sync.service import SyncService
    from terminal.diag.checks import DiagContext


class ConfigurationError(Exception):
    """A driver cannot be built from these settings; the message says which setting to fix."""


@dataclass
class Services:
    """What the app runs on. The root fills the first part; the GUI launch adds sync, bundles and the
    technician screen's hooks once they exist (None until then, and in the CLI)."""

    settings: Settings
    clock: Clock
    idcard: IdCardReader
    printer: ReceiptPrinter
    store: Store
    clock_guard: ClockGuard | None = None  # the sync service informs it
    scanner: Scanner | None = None  # None when scanner.driver = "none"
    doccam: DocCamera | None = None  # the document camera; None when doccam.driver = "none"
    demo: DemoDevices | None = None  # the simulators, when any runs (never in production)
    storage_recovery: RecoveryReport | None = None  # what was recovered at start, when the database was damaged
    bundles: BundleManager | None = None
    sync: SyncService | None = None
    config_file: Path | None = None  # the technician's settings editor writes here
    settings_overrides: dict[str, Any] | None = None  # applied on top of that file (tests, the harness)
    diag_context: Callable[[], DiagContext] | None = None  # the technician screen lends the heartbeat its checks
    print_service: PrintService | None = None  # made on first use by the resident flow
    document_queue: Callable[[str], DocumentQueue] | None = None  # the A4 printer adapter, by CUPS queue name
    _closers: list[Callable[[], None]] = field(default_factory=list)

    def on_close(self, fn: Callable[[], None]) -> None:
        self._closers.append(fn)

    def close(self) -> None:
        for fn in reversed(self._closers):
            with contextlib.suppress(Exception):
                fn()
        self._closers.clear()


def make_idcard_reader(settings: Settings, services_closers: list[Callable[[], None]],
                       demo: DemoDevices | None = None) -> IdCardReader:
    """The configured ID card reader. ``simulator`` plays a SAM reader on a pty and returns the REAL
    serial driver connected to it; the simulator object goes to ``demo.idcard`` (dev dock)."""
    cfg = settings.idcard
    driver = cfg.driver
    if driver == "fake":
        return FakeIdCardReader()
    if driver == "sam_serial":
        return SamSerialReader(cfg.port, cfg.baud)
    if driver == "simulator":
        sample_photos.register()  # the fictional sample cards' photos decode (face check demo)
        services_closers.append(sample_photos.unregister)
        # reached through a link, like /dev/serial/by-id, so the driver finds the reader again after a replug
        link = settings.data_dir / "run" / "idcard-reader"
        link.parent.mkdir(parents=True, exist_ok=True)
        sim = SamSimulator(cfg.baud, link=link).start()
        services_closers.append(sim.stop)
        if demo is not None:
            demo.idcard = sim
        return SamSerialReader(sim.port, cfg.baud)
    if driver == "vendor_sdk":
        try:
            return VendorSdkReader(cfg.library, style=cfg.sdk_style, port=cfg.port)
        except SdkLibraryError as exc:
            raise ConfigurationError(f"idcard.library: {exc}") from exc
    raise ConfigurationError(f"idcard.driver={driver!r} is not available in this build")


def make_receipt_printer(settings: Settings, services_closers: list[Callable[[], None]],
                         demo: DemoDevices | None = None, *, timeout_s: float = 3.0) -> ReceiptPrinter:
    """The configured receipt printer. ``simulator`` starts a loopback ESC/POS printer and returns the
    REAL escpos driver pointed at it; the simulator goes to ``demo.printer`` (its job PNGs are saved
    under ``data_dir/printer-sim``). ``timeout_s`` bounds a print (the settings editor's probe is short)."""
    cfg = settings.printer
    driver = cfg.driver
    if driver == "fake":
        return FakeReceiptPrinter()
    if driver not in ("escpos", "simulator"):
        raise ConfigurationError(f"printer.driver={driver!r} is not available in this build")
    profile = PrinterProfile.for_paper(cfg.paper_width_mm, cfg.render_mode, cfg.native_qr)
    if driver == "escpos":
        try:
            return EscposReceiptPrinter(cfg.uri, profile, timeout_s=timeout_s)
        except ValueError as exc:
            raise ConfigurationError(f"printer.uri: {exc}") from exc
    sim = PrinterSimulator(width_dots=profile.width_dots, png_dir=settings.data_dir / "printer-sim").start()
    services_closers.append(sim.stop)
    if demo is not None:
        demo.printer = sim
    return EscposReceiptPrinter(sim.uri, profile, timeout_s=timeout_s)


def make_pcsc_monitor(settings: Settings, on_event: Callable[[StaffCardEvent], None]) -> StaffCardReader | None:
    """The staff card reader's monitor, or None when PC/SC is disabled or pcscd is not there.

    Never blocks: the real monitor runs on its own thread and only starts when pcscd's socket
    exists (a terminal without pcscd simply has no card entry; the hidden-gesture fallback stays).
    ``pcsc.driver = "fake"`` gives :class:`devices.pcsc.fake.FakePcscMonitor` (tests, screenshots).
    """
    cfg = settings.pcsc
    if not cfg.enabled:
        return None
    if cfg.driver == "fake":
        return FakePcscMonitor(on_event)
    socket_path = os.environ.get("PCSCLITE_CSOCK_NAME", "/run/pcscd/pcscd.comm")
    if not os.path.exists(socket_path):
        return None
    return PcscMonitor(on_event, reader_filter=cfg.reader_filter)


def make_store(settings: Settings, clock: Clock, services_closers: list[Callable[[], None]]) -> Store:
    """The real SQLite store at ``settings.db_path`` (keys in ``data_dir/keys``), for the CLI; see sync.store."""
    store = open_store(settings, clock)
    services_closers.append(store.close)
    return store


def make_checked_store(settings: Settings, clock: Clock, services_closers: list[Callable[[], None]],
                       on_recovering: Callable[[Any], None] | None = None) -> tuple[Store, RecoveryReport | None]:
    """The kiosk's store: the database is checked first and recovered when damaged (:mod:`sync.recovery`);
    ``on_recovering(damage)`` is called first (the kiosk shows "out of service"). Returns the recovery report
    too (None when nothing was damaged)."""
    store, report = open_checked(settings, clock, on_recovering)
    services_closers.append(store.close)
    return store, report


def build_services(settings: Settings, clock: Clock | None = None,
                   on_recovering: Callable[[Any], None] | None = None) -> Services:
    clock = clock or SystemClock()
    closers: list[Callable[[], None]] = []
    demo = DemoDevices()
    idcard = make_idcard_reader(settings, closers, demo)
    closers.append(idcard.close)
    printer = make_receipt_printer(settings, closers, demo)
    closers.append(printer.close)
    store, recovery = make_checked_store(settings, clock, closers, on_recovering)
    scanner = make_scanner(settings, demo)
    if scanner is not None:
        closers.append(scanner.stop)
    doccam = make_doccam(settings, demo)
    if doccam is not None:
        closers.append(doccam.close)
    services = Services(settings=settings, clock=clock, idcard=idcard, printer=printer, store=store,
                        clock_guard=ClockGuard(clock, store.latest_record_at), scanner=scanner, doccam=doccam,
                        demo=demo if demo.running else None, storage_recovery=recovery, document_queue=CupsQueue)
    services._closers.extend(closers)
    return services
