"""Driving the technician entry screen as a technician does: the staff id on the ASCII keyboard, then the code."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF

from tests.technician.helpers import TECH_PIN
from tests.ui.qml_driver import find, tap, wait_for


def _laid_out_below(w: Any, name: str, *above: str) -> None:
    """Wait until a control that just appeared sits below ``above``: a Column places a newly visible child at
    its next polish, and under load that comes after tap() would have clicked the child's old place."""

    def placed() -> bool:
        item = find(w, name)
        tops = [t for t in (find(w, a) for a in above) if t is not None]  # the shown ones
        if item is None or not tops:
            return False
        y = item.mapToScene(QPointF(0, 0)).y()
        return all(y >= t.mapToScene(QPointF(0, t.height())).y() for t in tops)

    wait_for(placed, what=f"{name} laid out")


def type_staff_id(w: Any, staff_id: str) -> None:
    """Back to the staff id (a tap on the field), clear it, and tap each character (shift for capitals)."""
    tap(w, "techStaffId")
    wait_for(lambda: find(w, "techAsciiKeyboard") is not None, what="ASCII keyboard")
    _laid_out_below(w, "techIdClear", "techStaffId")
    tap(w, "techIdClear")
    wait_for(lambda: find(w, "techStaffId").property("text") == "", timeout_s=5, what="staff id cleared")
    for ch in staff_id:
        shift = find(w, "techShift")
        assert shift is not None
        if ch.isalpha() and ch.isupper() != bool(shift.property("checked")):
            tap(w, "techShift")
        tap(w, f"techChar_{ch.lower()}")
    field = find(w, "techStaffId")
    assert field is not None
    # under load a tap may still be queued when tap() returns (its pump is time-bounded): wait, do not re-tap
    wait_for(lambda: field.property("text") == staff_id, timeout_s=5, what=f"staff id {staff_id!r} typed")
    tap(w, "techIdNext")
    wait_for(lambda: find(w, "techDigitPad") is not None, what="digit pad")
    _laid_out_below(w, "techKeyOk", "techPinDisplay", "techEntryMessage")


def enter_code(w: Any, staff_id: str, code: str) -> None:
    type_staff_id(w, staff_id)
    for ch in code:
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")


def enter_with_card(t: Any, platform: Any, staff_id: str = "T1001", pin: str = "") -> None:
    """A staff card on the fake reader, then the PIN on the pad, until technician mode is open."""

    t.tech.monitor.insert(platform.card_record(staff_id))
    wait_for(lambda: t.tech.active, what="card entry")
    for ch in pin or TECH_PIN:
        tap(t.window, f"techKey_{ch}")
    tap(t.window, "techKeyOk")
    wait_for(lambda: t.tech.authenticated and not t.tech.busy, what="entry")
