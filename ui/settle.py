"""Wait until the app has nothing left to do, so a grab shows the screen as a person would see it.

Shared by ``kiosk screenshot`` and the test harness (tests/ui/qml_driver.settle): a screen is ready when every
background task has reported back and the event loop has gone quiet. Waiting on that condition, rather than
for a fixed number of passes, makes a quiet screen cost milliseconds and a busy one as long as it needs.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QObject

# Longer than Qt's own short waits between a change and what it causes (a window's update request waits 5 ms).
QUIET_S = 0.008


class _Activity(QObject):
    """Sees every event the app delivers and notes those that are work: not an animation's frame tick and not
    a window's repaint (a grab paints the window itself), which go on for as long as something pulses."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.UpdateRequest or (kind == QEvent.Type.Timer and (
                watched.inherits("QAnimationDriver") or watched.inherits("QWindow"))):
            return False
        self.seen = True
        return False


def wait_until_quiet(pending: Callable[[], int], timeout_s: float = 20.0) -> None:
    """Until ``pending()`` (the background tasks not yet reported back) is 0 and, twice in a row, a pass of the
    event loop delivered no event but animation ticks and repaints. Everything a change on screen set off
    (queued signals, zero-time timers, deferred deletes, worker results) has then run; a pulsing button is not
    waited for. Raises RuntimeError if the app is still busy after ``timeout_s``."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("no Qt application to wait on")
    activity = _Activity()
    app.installEventFilter(activity)
    deadline = time.monotonic() + timeout_s
    quiet = 0
    try:
        while quiet < 2:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app was still busy after {timeout_s} s ({pending()} tasks)")
            activity.seen = False
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
            quiet = 0 if activity.seen or pending() else quiet + 1
            time.sleep(QUIET_S)
    finally:
        app.removeEventFilter(activity)
