"""PySide6 6.12.0 loses a reference to ``True`` per emitted signal, which aborted the kiosk after some
hundred sessions; ``ui.qt_fixes`` finds it at import and mends it (issue 17's 200-session run found it)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from ui import qt_fixes
from ui.first_frame import ensure_qt_app

ROOT = Path(__file__).resolve().parents[2]


class _Talker(QObject):
    plain = Signal()
    flag = Signal(bool)


def test_emitting_does_not_drain_true() -> None:
    talker = _Talker()
    seen: list[bool] = []
    talker.flag.connect(seen.append)
    before = sys.getrefcount(True)
    for _ in range(5000):
        talker.plain.emit()
        talker.flag.emit(True)
    held = sys.getrefcount(True) - before
    seen.clear()
    after = sys.getrefcount(True) - before
    assert (held, after) == (5000, 0)  # the list held one reference per emitted True; nothing else moved
    assert not qt_fixes.emit_loses_references()


def test_every_qt_entry_is_mended_before_its_first_signal() -> None:
    ensure_qt_app()  # the one entry of start, the app, the harness and qml-cache
    code = "import ui.start; from ui import qt_fixes; print(not qt_fixes.emit_loses_references())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "True", out.stderr[-1000:]


def test_two_hundred_sessions_of_signals_leave_true_alone() -> None:
    """What a day of the kiosk emits, many times over, in a fresh interpreter (an abort would end it)."""
    code = ("import sys; import ui.first_frame\n"
            "from PySide6.QtCore import QObject, Signal\n"
            "class T(QObject):\n    s = Signal()\n"
            "t = T(); before = sys.getrefcount(True)\n"
            "for _ in range(200_000): t.s.emit()\n"
            "print(sys.getrefcount(True) - before)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0 and out.stdout.strip() == "0", out.stderr[-1000:]


def test_no_signal_is_connected_to_an_emit() -> None:
    """With ``emit`` mended in Python, ``a.connect(b.emit)`` fails at run time: the sources connect ``a.connect(b)``."""
    found = [f"{path.relative_to(ROOT)}:{n}" for package in ("contract", "kiosk", "devices", "sync", "terminal", "ui")
             for path in (ROOT / package).rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\.connect\([\w.]+\.emit\)", line)]
    assert found == []


def test_void_calls_and_missing_objects_leave_none_alone() -> None:
    """A fresh interpreter through the terminal's Qt entry, then what the dock journey did tens of thousands of
    times (walk to the root item, ask for a missing property, pump events), many times over: without the mend
    None's count reaches zero within this loop and the interpreter aborts with "none_dealloc"."""
    code = ("import sys; import ui.first_frame\n"
            "from ui import qt_fixes\n"
            "from PySide6.QtCore import QCoreApplication, QObject\n"
            "from PySide6.QtQuick import QQuickItem\n"
            "app = ui.first_frame.ensure_qt_app(); thing, item = QObject(), QQuickItem()\n"
            "for _ in range(100_000):\n"
            "    thing.setObjectName(''); thing.parent(); item.parentItem(); thing.property('missing')\n"
            "    QCoreApplication.processEvents()\n"
            "print(qt_fixes.NONE_IMMORTAL == qt_fixes.void_calls_lose_references())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0 and out.stdout.strip() == "True", out.stderr[-1000:]
