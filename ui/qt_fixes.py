"""Work around a reference-count bug of the installed Qt for Python, found by a self-test at import.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` without taking a reference to it, so every
emitted signal takes one reference from ``True`` for good. The kiosk emits thousands of signals a day (the
idle tick, every screen change, every worker result): after some hundred resident sessions ``True``'s count
reaches zero and the interpreter aborts ("bool_dealloc"), in the middle of whatever the resident was doing.
Found by the 200-session benchmark; ``tests/ui/test_qt_fixes.py`` keeps it found.

The self-test emits a few times and looks at ``True``'s count: only a binding that loses references is
patched, with ``emit`` adding back the reference the binding forgot, so a fixed PySide6 is left alone.
The patched ``emit`` is a Python method, which PySide cannot take as a slot: connect a signal to another
signal directly (``a.connect(b)``), never to ``b.emit`` (``tests/ui/test_qt_fixes.py`` checks the sources).
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 8

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def emit_loses_references() -> bool:
    """True when each ``emit()`` leaves ``True`` with one reference fewer (nothing is connected here)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give the references back at once, then tell
        for _ in range(lost):
            _incref(True)
    return lost >= PROBES


def _patch() -> bool:
    if not emit_loses_references():
        return False
    unsafe = SignalInstance.emit

    def emit(self: SignalInstance, *args: Any) -> Any:
        result = unsafe(self, *args)
        _incref(result)  # the reference the binding did not take
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True


PATCHED = _patch()
