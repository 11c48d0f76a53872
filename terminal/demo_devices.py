"""The simulators behind a demo's devices: the dev dock and the tests drive them through this handle.

It exists only when at least one simulator was built, so never in production (``Settings`` refuses
simulators there); code that finds ``services.demo`` is None has no simulator to reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from devices.idcard.simulator import SamSimulator
from devices.printer.simulator import PrinterSimulator
from devices.scanner.simulator import ScannerSimulator

if TYPE_CHECKING:  # the document camera's simulator brings OpenCV: only a demo that uses it imports it
    from devices.doccam.simulator import SimulatedDocCamera


@dataclass
class DemoDevices:
    idcard: SamSimulator | None = None  # plays a SAM reader on a pty; the real serial driver reads it
    printer: PrinterSimulator | None = None  # a loopback ESC/POS printer; the real escpos driver prints to it
    scanner: ScannerSimulator | None = None  # a serial scanner on a pty
    doccam: SimulatedDocCamera | None = None  # generated photographs of documents (the driver itself)

    @property
    def running(self) -> bool:
        """Whether any simulator runs; the root hands the handle out only then."""
        return any(sim is not None for sim in (self.idcard, self.printer, self.scanner, self.doccam))
