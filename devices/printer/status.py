"""``DLE EOT`` status replies to a :class:`PrinterStatus`, validating every byte.

A genuine reply byte matches ``0xx1xx10``: bits 1 and 4 set, bits 0 and 7 clear.
Anything else (noise on a serial line, an ASB message, a printer that echoes)
is not a status and yields a status with ``error`` set, never a guess.
"""

from __future__ import annotations

from devices.printer.base import Paper, PrinterStatus

QUERIES = (1, 2, 4)

NO_REPLY = "no_status_reply"
BAD_REPLY = "bad_status_reply"
DISCONNECTED = "disconnected"


def is_status_byte(b: int) -> bool:
    return (b & 0b1001_0011) == 0b0001_0010


def interpret(r1: int, r2: int, r4: int) -> PrinterStatus:
    """Combine the three replies (n=1 printer, n=2 offline cause, n=4 paper sensor)."""
    for b in (r1, r2, r4):
        if not is_status_byte(b):
            raise ValueError(f"0x{b:02x} is not a DLE EOT status byte")
    paper_out = bool(r4 & 0x60) or bool(r2 & 0x20)
    near_end = bool(r4 & 0x0C)
    paper = Paper.OUT if paper_out else Paper.NEAR_END if near_end else Paper.OK
    cover_open = bool(r2 & 0x04)
    online = not (r1 & 0x08)
    return PrinterStatus(online=online, paper=paper, cover_open=cover_open)


def error_status(code: str) -> PrinterStatus:
    """The status of a printer whose state could not be read: offline, with the reason as ``error``.

    ``paper`` carries no information here (the JSON contract allows only ok /
    near_end / out); ``can_print`` is False because ``error`` is set.
    """
    return PrinterStatus(online=False, paper=Paper.OK, cover_open=False, error=code)


def outcome_reason(status: PrinterStatus) -> str:
    """The PrintOutcome reason for a status that does not allow printing."""
    if status.error:
        return "disconnected" if status.error == DISCONNECTED else "error"
    if status.paper == Paper.OUT:
        return "paper_out"
    if status.cover_open:
        return "cover_open"
    return "offline"
