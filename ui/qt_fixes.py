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

The same binding loses references to ``None`` too, and not in one method but in all of a kind: every call
of a void method (``processEvents()``, ``setObjectName()``, ``beginResetModel()``...) and every getter that
finds no object (``parentItem()`` of the root item, ``parent()``, ``sender()``, ``window()``, ``property()``
of a missing name) returns ``None`` without a reference, e.g. 1,000 calls of ``QObject().parent()`` take
1,000 off ``sys.getrefcount(None)`` with nothing but PySide6 imported. A journey that looks for words on
screen walks every item up to the root and pumps events between looks, tens of thousands of such calls:
the demo dock's journey, with the most items on screen, aborted at exit with "none_dealloc" in 2 runs of 5.
No wrapper can reach every method, so ``None`` is given what CPython 3.12 gives it (PEP 683; there a lost
reference costs nothing, and the bug does not show): a reference count that no number of lost references brings to zero. Only a binding
that the self-test sees losing references is mended, and only on a release build of CPython 3.11 or
older, where the count is the first field of the object.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 8
IMMORTAL = 1 << 60  # about where CPython 3.12 keeps its immortal objects' counts; no process loses that many

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _loses(obj: object, call: Any) -> bool:
    """True when each of ``PROBES`` calls leaves ``obj`` with one reference fewer (given back at once)."""
    before = sys.getrefcount(obj)
    for _ in range(PROBES):
        call()
    lost = before - sys.getrefcount(obj)
    for _ in range(max(lost, 0)):
        _incref(obj)
    return lost >= PROBES


def emit_loses_references() -> bool:
    """True when each ``emit()`` leaves ``True`` with one reference fewer (nothing is connected here)."""
    probe = _Probe()  # alive while it emits
    return _loses(True, probe.ping.emit)


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


def void_calls_lose_references() -> bool:
    """True when each call of a void method leaves ``None`` with one reference fewer."""
    probe = QObject()
    return _loses(None, lambda: probe.setObjectName(""))


def _immortal_none() -> bool:
    """Give ``None`` a count no lost reference can bring to zero, where the binding loses them (see above)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already, no reference counts, or a debug build's other object layout
    if not void_calls_lose_references():
        return False
    count = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt
    if abs(count.value - sys.getrefcount(None)) > 1000:  # not the layout described above: leave it alone
        return False
    if count.value < IMMORTAL:
        count.value += IMMORTAL
    return True


PATCHED = _patch()
NONE_IMMORTAL = _immortal_none()
