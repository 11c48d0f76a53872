"""Build the configured scanner (``[scanner]`` settings); the composition root (:mod:`terminal.bootstrap`)
calls this."""

from __future__ import annotations

from contract.settings import Settings
from devices.scanner.evdev_wedge import EvdevScanner
from devices.scanner.fake import FakeScanner
from devices.scanner.serial_scanner import SerialScanner
from devices.scanner.simulator import ScannerSimulator
from kiosk.roles.scanner import Scanner
from terminal.demo_devices import DemoDevices


def make_scanner(settings: Settings, demo: DemoDevices | None = None) -> Scanner | None:
    """None when ``scanner.driver`` is ``none``. ``simulator`` puts its ScannerSimulator in ``demo.scanner``."""
    cfg = settings.scanner
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        return FakeScanner()
    if cfg.driver == "evdev":
        return EvdevScanner(cfg.port)
    if cfg.driver == "simulator":
        sim = ScannerSimulator(suffix=cfg.suffix).start()
        if demo is not None:
            demo.scanner = sim
        return SerialScanner(sim.port, suffix=cfg.suffix)
    return SerialScanner(cfg.port, suffix=cfg.suffix)
