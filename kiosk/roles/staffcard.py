"""The staff card reader role: a PC/SC reader that reads and verifies a staff card.

A read gives a :class:`StaffCard` whose signature verified against the platform
keys the terminal trusts, or a :class:`StaffCardRejected` with a reason code for
technicians. Both are values: a missing or foreign card is an expected state.
Whether the card's holder may enter (staff list, PIN) is decided by
:mod:`kiosk.staff`, not by the reader.

The reader reports what happens on it as :data:`StaffCardEvent` values through the
``on_event`` callback it was built with (on its own thread: the screen bridges them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class StaffCard:
    uid: str
    staff_id: str
    role: str
    kid: str
    issued: str
    record: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class StaffCardRejected:
    """``reason``: no_card, no_applet, unreadable, truncated, bad_record, unknown_key, bad_signature, no_service."""

    reason: str
    uid: str = ""


StaffCardResult = StaffCard | StaffCardRejected


@dataclass(frozen=True)
class ServiceState:
    """The PC/SC service came (``available``) or went (``detail`` says why)."""

    available: bool
    detail: str = ""


@dataclass(frozen=True)
class ReaderAdded:
    reader: str


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str


@dataclass(frozen=True)
class CardInserted:
    reader: str
    atr: str
    uid: str  # "" when the card or reader does not give one


@dataclass(frozen=True)
class CardRemoved:
    reader: str


StaffCardEvent = ServiceState | ReaderAdded | ReaderRemoved | CardInserted | CardRemoved


@dataclass(frozen=True)
class ReaderSnapshot:
    """One reader as the diagnostics show it: is a card on it, and which (ATR and UID when known)."""

    name: str
    card_present: bool
    atr: str = ""
    uid: str = ""

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "card_present": self.card_present, "atr": self.atr or None,
                "uid": self.uid or None}


@runtime_checkable
class StaffCardReader(Protocol):
    """What the technician screen needs from a PC/SC monitor, real (pcscd) or fake (tests, screenshots)."""

    on_event: Callable[[StaffCardEvent], None]

    def start(self) -> StaffCardReader:
        """Begin watching; events start to arrive through ``on_event``. Never blocks."""
        ...

    def stop(self) -> None: ...

    @property
    def readers(self) -> list[str]: ...

    @property
    def cards(self) -> set[str]:
        """The readers that hold a card now."""
        ...

    def read_staff(self, reader: str, trusted_keys: dict[str, bytes]) -> StaffCardResult:
        """Read and verify the staff card on ``reader`` (blocking: call it off the GUI thread). Never raises."""
        ...

    def snapshot(self) -> list[ReaderSnapshot]:
        """The readers this monitor watches, as the diagnostics check them (blocking)."""
        ...
