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

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qml.propertyCache.append=false")

from pathlib import Path  # noqa: E402  (Qt reads the environment above when it loads)

from PySide6.QtGui import QGuiApplication  # noqa: E402

from kiosk.roles.printer import Paper  # noqa: E402
from tests.journeys.contrast import low_contrast  # noqa: E402
from tests.journeys.layout import layout_problems  # noqa: E402
from ui.harness import build_harness  # noqa: E402
from ui.screenshot import SCREEN_NAMES, _settle, prepare  # noqa: E402


def sweep(measure: str, size: tuple[int, int], mode: str, shots: Path | None) -> list[str]:
    """``mode``: "normal", "large" or "contrast" (the high-contrast theme)."""
    h = build_harness(size=size)
    found: list[str] = []
    try:
        for name in SCREEN_NAMES:
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
