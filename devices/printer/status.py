"""``DLE EOT`` status replies to a :class:`PrinterStatus`, validating every byte.

A genuine reply byte matches ``0xx1xx10``: bits 1 and 4 set, bits 0 and 7 clear.
Anything else (noise on a serial line, an ASB message, a printer that echoes)
is not a status and yields a status with ``error`` set, never a guess.
"""

from __future__ import annotations

from kiosk.roles.printer import Paper, PrinterStatus

QUERIES = (1, 2, 4)



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
