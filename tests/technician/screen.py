"""Driving the technician entry screen as a technician does: the staff id on the ASCII keyboard, then the code."""

from __future__ import annotations

from typing import Any

from tests.ui.qml_driver import find, pump, tap, wait_for


def type_staff_id(w: Any, staff_id: str) -> None:
    """Back to the staff id (a tap on the field), clear it, and tap each character (shift for capitals)."""
    tap(w, "techStaffId")
    wait_for(lambda: find(w, "techAsciiKeyboard") is not None, what="ASCII keyboard")
    pump(150)  # the keyboard replaces the digit pad: let the column lay out before the next tap
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
    pump(150)


def enter_code(w: Any, staff_id: str, code: str) -> None:
    type_staff_id(w, staff_id)
    for ch in code:
        tap(w, f"techKey_{ch}")
    tap(w, "techKeyOk")
