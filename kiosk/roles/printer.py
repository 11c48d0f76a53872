"""The receipt printer role. Status and outcomes are values; paper out is not an exception."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from kiosk.receipt import Receipt

NO_REPLY = "no_status_reply"
BAD_REPLY = "bad_status_reply"
DISCONNECTED = "disconnected"


class Paper(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass(frozen=True)
class PrinterStatus:
    online: bool
    paper: Paper
    cover_open: bool = False
    error: str | None = None  # technician code when the status could not be read

    @property
    def can_print(self) -> bool:
        return self.online and self.paper != Paper.OUT and not self.cover_open and self.error is None


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    reason: str | None = None  # "paper_out", "cover_open", "offline", "disconnected", "error"
    detail: str = ""


@dataclass(frozen=True)
class PrinterIdentity:
    """What the printer says it is (``GS I``): what a technician orders a spare part or firmware by.

    Each field is "" when the printer did not tell it: many clones answer only some of the queries."""

    maker: str = ""
    model: str = ""
    firmware: str = ""
    serial: str = ""


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


@runtime_checkable
class ReceiptPrinter(Protocol):
    def status(self) -> PrinterStatus:
        """Real-time status (``DLE EOT``); never raises."""

    def print_receipt(self, receipt: Receipt) -> PrintOutcome:
        """Print one receipt and cut; ``ok`` only when every byte went out and the printer is fine."""

    def identify(self) -> PrinterIdentity:
        """Maker, model, firmware and serial as far as the printer answers; never raises."""

    def close(self) -> None: ...
