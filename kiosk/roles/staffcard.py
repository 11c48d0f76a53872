"""The staff card reader role: a PC/SC reader that reads and verifies a staff card.

A read gives a :class:`StaffCard` whose signature verified against the platform
keys the terminal trusts, or a :class:`StaffCardRejected` with a reason code for
technicians. Both are values: a missing or foreign card is an expected state.
Whether the card's holder may enter (staff list, PIN) is decided by
:mod:`kiosk.staff`, not by the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
