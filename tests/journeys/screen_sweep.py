"""Every resident screen at one window size, each checked by a measure (layout or contrast), in a process
of its own: ``python -m tests.journeys.screen_sweep layout 1280x720 large`` prints one JSON list of problems.

Why a process of its own: PySide 6.12 drops a reference to True or False each time QML reads a Python
``Property(bool)``. A sweep of every screen reads thousands, and in the test process the count would run
out and crash the interpreter at exit. The sweep's process ends with ``os._exit`` after printing.
"""

from __future__ import annotations

import json
import os
import sys
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qml.propertyCache.append=false")

from pathlib import Path  # noqa: E402  (Qt reads the environment above when it loads)

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from kiosk.roles.printer import Paper  # noqa: E402
from tests.journeys.contrast import low_contrast  # noqa: E402
from tests.journeys.layout import layout_problems  # noqa: E402
from tests.ui.qml_driver import find, items  # noqa: E402
from ui.harness import build_harness  # noqa: E402
from ui.screenshot import SCREEN_NAMES, _settle, prepare  # noqa: E402

# Screens again with a field being typed in (issue 15 items 9 and 13): the on-screen keyboard (its space bar,
# its keys, the Pinyin candidates) or the app's keypad is measured like the rest of the screen, and it must
# cover neither the field nor a control.
TYPING = (("manual", "manualName"), ("manual", "manualId"), ("manual", "manualPhone"), ("lookup", "trackingField"),
          ("search", "searchField"))


# the keyboard's own animations: it slides in, and a second after it shows the language on the space bar
# it fades that name (the fade this check exists for) (real time: the keyboard runs on Qt's timers)
KEYBOARD_SETTLE_MS = 1500


def _focus(h: Any, field: str) -> None:
    """Put the focus in the named field's text input, as a tap on it does."""
    holder = find(h.app.window, field)
    if holder is None:
        raise RuntimeError(f"no {field} on screen")
    target = holder if holder.inherits("QQuickTextInput") else next(
        i for i in items(holder) if i.inherits("QQuickTextInput"))
    target.forceActiveFocus()


def sweep(measure: str, size: tuple[int, int], mode: str, shots: Path | None) -> list[str]:
    """``mode``: "normal", "large" or "contrast" (the high-contrast theme)."""
    h = build_harness(size=size)
    found: list[str] = []
    try:
        for name, field in [(n, "") for n in SCREEN_NAMES] + list(TYPING):
            if mode == "large" and name == "attract":
                continue  # every visit starts in normal text: the attract screen is never seen large
            h.services.printer.paper = Paper.OK
            h.backend.wipe("idle")
            _settle(h)
            prepare(h, name)
            if mode == "large":
                h.backend.toggleLargeText()
            elif mode == "contrast":
                h.backend.toggleHighContrast()
            _settle(h)
            if field:
                _focus(h, field)
                QTest.qWait(KEYBOARD_SETTLE_MS)
                name = f"{name}-typing-{field}"
            image = h.app.grab()
            if shots is not None:
                image.save(str(shots / f"{name}.png"))
            problems = (layout_problems(h.app.window) if measure == "layout"
                        else low_contrast(h.app.window, image, 7.0 if mode == "contrast" else 4.5))
            found += [f"{name}: {p}" for p in problems]
    finally:
        h.close()
    return found


def main() -> None:
    measure, size_text, mode = sys.argv[1:4]
    shots = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in size_text.split("x"))
    QGuiApplication([])
    print(json.dumps(sweep(measure, (width, height), mode, shots), ensure_ascii=False), flush=True)
    os._exit(0)  # see the module's docstring: no interpreter finalisation after thousands of bool reads


if __name__ == "__main__":
    main()
