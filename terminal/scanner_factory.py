"""Build the configured scanner (``[scanner]`` settings); ``ui/`` calls this, bootstrap may too."""

from __future__ import annotations

from typing import Any

from devices.scanner.evdev_wedge import EvdevScanner
from devices.scanner.fake import FakeScanner
from devices.scanner.serial_scanner import SerialScanner
from devices.scanner.simulator import ScannerSimulator
from kiosk.roles.scanner import Scanner


def make_scanner(settings: Any, extras: dict[str, Any] | None = None) -> Scanner | None:
    """None when ``scanner.driver`` is ``none``. ``simulator`` puts its ScannerSimulator in extras["scanner_sim"]."""
    cfg = settings.scanner
    if cfg.driver == "none":
        return None
    if cfg.driver == "fake":
        return FakeScanner()
    if cfg.driver == "evdev":
        return EvdevScanner(cfg.port)

    if cfg.driver == "simulator":
        sim = ScannerSimulator(suffix=cfg.suffix).start()
        if extras is not None:
            extras["scanner_sim"] = sim
        return SerialScanner(sim.port, suffix=cfg.suffix)
    return SerialScanner(cfg.port, suffix=cfg.suffix)
