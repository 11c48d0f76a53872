"""Every resident screen at one window size, each checked by one or more measures (layout, contrast) in one
or more looks (normal, large text, high contrast), in a process of its own:
``python -m tests.journeys.screen_sweep 1080x1920 layout:normal:DIR layout:large:DIR contrast:contrast:DIR``
prints one JSON object, ``{"layout:normal": [problems...], ...}``, and keeps each screen as a PNG in DIR.

One app per window size: each screen is reached once per look in the same running app and switched to large
text or high contrast as a person does (the nav bar's buttons), and a look that two measures share (normal
text: layout and contrast) is grabbed once and measured twice. Starting the app once per look cost a start
and a pass over every screen each.

Why a process of its own: PySide 6.12 drops a reference to True or False each time QML reads a Python
``Property(bool)``. A sweep of every screen reads thousands, and in the test process the count would run
out and crash the interpreter at exit. The sweep's process ends with ``os._exit`` after printing.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

from ui.qt_env import QT_LOGGING_RULES

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_LOGGING_RULES", QT_LOGGING_RULES)

from pathlib import Path  # noqa: E402  (Qt reads the environment above when it loads)

from PySide6.QtGui import QGuiApplication, QImage  # noqa: E402
from PySide6.QtQml import QQmlExpression, qmlContext  # noqa: E402
from PySide6.QtQuick import QQuickWindow  # noqa: E402

from kiosk.roles.printer import Paper  # noqa: E402
from tests.journeys.contrast import low_contrast  # noqa: E402
from tests.journeys.layout import layout_problems  # noqa: E402
from tests.ui.qml_driver import find, items, settle  # noqa: E402
from ui.harness import build_harness  # noqa: E402
from ui.screenshot import SCREEN_NAMES, prepare  # noqa: E402

# Screens again with a field being typed in (issue 15 items 9 and 13): the on-screen keyboard (its space bar,
# its keys, the Pinyin candidates) or the app's keypad is measured like the rest of the screen, and it must
# cover neither the field nor a control.
TYPING = (("manual", "manualName"), ("manual", "manualId"), ("manual", "manualPhone"), ("lookup", "trackingField"),
          ("search", "searchField"))

LOOKS = ("normal", "large", "contrast")
MEASURES = ("layout", "contrast")
MINIMUM_RATIO = {"normal": 4.5, "large": 4.5, "contrast": 7.0}  # WCAG AA; 7:1 in the high-contrast theme


def _focus(h: Any, field: str) -> None:
    """Put the focus in the named field's text input, as a tap on it does."""
    holder = find(h.app.window, field)
    if holder is None:
        raise RuntimeError(f"no {field} on screen")
    target = holder if holder.inherits("QQuickTextInput") else next(
        i for i in items(holder) if i.inherits("QQuickTextInput"))
    target.forceActiveFocus()


def _language_fading(window: QQuickWindow) -> bool:
    """The keyboard style's timer that fades the language name on the space bar a second after the keyboard
    shows a language is still running (ui/qml/KeyboardLook.qml keeps the name at full opacity: the check
    must see the space bar after that fade). Asked in QML: the style is replaced as the keyboard changes."""
    look = next((i for i in items(window.contentItem()) if i.metaObject().indexOfProperty("designWidth") >= 0
                 and i.metaObject().indexOfProperty("panel") >= 0), None)
    if look is None:
        raise RuntimeError("no KeyboardLook in the window")
    context = qmlContext(look)
    if context is None:
        raise RuntimeError("KeyboardLook has no QML context")
    running, error = QQmlExpression(context, look,
                                    "style ? style.inputLocaleIndicatorHighlightTimer.running : false").evaluate()
    if error:
        raise RuntimeError("the keyboard style has no locale indicator timer")
    return bool(running)


def _keyboard_settled(h: Any, timeout_s: float = 10) -> None:
    """Until the keyboard's own animation is over: the space bar's language fade has fired (real time: the
    keyboard runs on Qt's timers), so what is measured is what a person sees after the first second."""
    deadline = time.monotonic() + timeout_s
    settle(h)
    while _language_fading(h.app.window):
        if time.monotonic() > deadline:
            raise RuntimeError("the keyboard's language fade never fired")
        settle(h)
    settle(h)


def _measure(measure: str, look: str, window: QQuickWindow, image: QImage) -> list[str]:
    if measure == "layout":
        return layout_problems(window)
    return low_contrast(window, image, MINIMUM_RATIO[look])


def sweep(size: tuple[int, int], checks: dict[str, Path | None]) -> dict[str, list[str]]:
    """``checks``: "measure:look" -> where to keep its screens (or None); every screen is shown once per look."""
    wanted = {look: [c.split(":")[0] for c in checks if c.split(":")[1] == look] for look in LOOKS}
    h = build_harness(size=size)
    found: dict[str, list[str]] = {c: [] for c in checks}
    try:
        for name, field in [(n, "") for n in SCREEN_NAMES] + list(TYPING):
            for look in (look for look in LOOKS if wanted[look]):
                if look == "large" and name == "attract":
                    continue  # every visit starts in normal text: the attract screen is never seen large
                h.services.printer.paper = Paper.OK
                h.backend.wipe("idle")
                settle(h)
                prepare(h, name)
                if look == "large":
                    h.backend.toggleLargeText()
                elif look == "contrast":
                    h.backend.toggleHighContrast()
                settle(h)
                shown = name
                if field:
                    _focus(h, field)
                    _keyboard_settled(h)
                    shown = f"{name}-typing-{field}"
                image = h.app.grab()
                for measure in wanted[look]:
                    check = f"{measure}:{look}"
                    shots = checks[check]
                    if shots is not None:
                        image.save(str(shots / f"{shown}.png"))
                    found[check] += [f"{shown}: {p}" for p in _measure(measure, look, h.app.window, image)]
    finally:
        h.close()
    return found


def parse_check(text: str) -> tuple[str, Path | None]:
    """``measure:look[:shots dir]`` -> ("measure:look", dir)."""
    measure, look, *rest = text.split(":", 2)
    if measure not in MEASURES or look not in LOOKS:
        raise SystemExit(f"screen_sweep: unknown check {text!r}: measure one of {MEASURES}, look one of {LOOKS}")
    shots = Path(rest[0]) if rest and rest[0] else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    return f"{measure}:{look}", shots


def main() -> None:
    size_text, *check_texts = sys.argv[1:]
    checks = dict(parse_check(c) for c in check_texts)
    width, height = (int(v) for v in size_text.split("x"))
    QGuiApplication([])
    print(json.dumps(sweep((width, height), checks), ensure_ascii=False), flush=True)
    os._exit(0)  # see the module's docstring: no interpreter finalisation after thousands of bool reads


if __name__ == "__main__":
    main()
