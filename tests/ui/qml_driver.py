"""Drive the QML UI as a finger would: find items by objectName and tap their centres."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from ui.settle import wait_until_quiet


def items(root: QQuickItem) -> Iterator[QQuickItem]:
    yield root
    for child in root.childItems():
        yield from items(child)


def text_of(item: QQuickItem) -> str | None:
    """An item's ``text``, or None when it has none. Asked only of items that have the property: PySide 6.12's
    ``property()`` of a missing name drops a reference to None, and a few thousand such calls (a journey
    looking for a label on every screen) crash the interpreter with ``none_dealloc``."""
    if item.metaObject().indexOfProperty("text") < 0:
        return None
    value = item.property("text")
    return value if isinstance(value, str) else None


def is_shown(item: QQuickItem) -> bool:
    node: QQuickItem | None = item
    while node is not None:
        if not node.isVisible() or node.opacity() == 0:
            return False
        node = node.parentItem()
    return True


def find(window: QQuickWindow, name: str) -> QQuickItem | None:
    for item in items(window.contentItem()):
        if item.objectName() == name and is_shown(item):
            return item
    return None


def pump(ms: int = 30) -> None:
    QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, ms)


def wait_for(pred: Any, timeout_s: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        pump()
        if pred():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


def settle(h: Any, timeout_s: float = 20.0) -> None:
    """Until the app has nothing left to do (ui.settle: no pending task, the event loop quiet twice, animation
    ticks ignored), so a quiet screen costs milliseconds."""
    wait_until_quiet(lambda: h.backend.tasks.pending, timeout_s)


def scroll_into_view(window: QQuickWindow, item: QQuickItem) -> None:
    """If the item sits in a Flickable, move the content so the item is on screen."""
    node = item.parentItem()
    while node is not None:
        if node.inherits("QQuickFlickable"):
            top = item.mapToItem(node.property("contentItem"), QPointF(0, 0)).y()
            max_y = max(0.0, node.property("contentHeight") - node.height())
            node.setProperty("contentY", max(0.0, min(top - 40, max_y)))
            pump()
            return
        node = node.parentItem()


FRAME_S = 0.017  # one frame at 60 Hz
STILL_FRAMES = 3


def _scrolling(item: QQuickItem) -> bool:
    """A page under the item is still moving (a moving page takes a tap to stop itself, not to pass it on)."""
    node = item.parentItem()
    while node is not None:
        if node.inherits("QQuickFlickable") and node.property("moving"):
            return True
        node = node.parentItem()
    return False


def wait_still(item: QQuickItem, timeout_s: float = 3.0) -> bool:
    """Wait for the item to stop moving (a page scrolling back into place, a panel sliding in, a layout not yet
    redone): a person taps what stays still. Still means no page under it moving and its centre where it was
    over the last few frames (a pulsing, scaled button keeps its centre). False when the item went away
    meanwhile (a list refreshed under it made its delegates anew): the caller looks for it again."""
    deadline = time.monotonic() + timeout_s

    def centre() -> QPointF:
        return item.mapToScene(QPointF(item.width() / 2, item.height() / 2))

    last, stills = centre(), 0
    while time.monotonic() < deadline:
        time.sleep(FRAME_S)  # animations run on the wall clock: let a frame pass
        pump()
        if not shiboken6.isValid(item):
            return False
        now = centre()
        if (now - last).manhattanLength() > 1 or _scrolling(item):
            last, stills = now, 0
        else:
            stills += 1
            if stills >= STILL_FRAMES:
                return True
    raise AssertionError(f"{item.objectName() or item} keeps moving")


def tap(window: QQuickWindow, name: str, timeout_s: float = 10.0) -> QQuickItem:
    found: list[QQuickItem] = []

    def present() -> bool:
        item = find(window, name)
        if item is not None:
            found.append(item)
        return item is not None

    deadline = time.monotonic() + timeout_s
    while True:
        wait_for(present, max(0.0, deadline - time.monotonic()), f"item {name!r}")
        item = found[-1]
        scroll_into_view(window, item)
        # a dock sliding in: a tap at where the button was a frame ago lands on its neighbour
        if wait_still(item):
            break
        found.clear()  # it went away while we waited for it to be still: look again
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    assert 0 <= centre.x() <= window.width() and 0 <= centre.y() <= window.height(), f"{name} is off screen"
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(int(centre.x()), int(centre.y())))
    pump()
    return item


def type_into(window: QQuickWindow, name: str, text: str) -> None:
    """Tap a text field and type as the on-screen keyboard does (key events into the focused field)."""
    item = tap(window, name)
    field = item
    for candidate in items(item):
        if candidate.inherits("QQuickTextInput"):
            field = candidate
            break
    field.forceActiveFocus()
    pump()
    for ch in text:
        key = Qt.Key(ord(ch.upper())) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(window, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
    pump()


def visible_texts(window: QQuickWindow) -> list[str]:
    out = []
    for item in items(window.contentItem()):
        if not is_shown(item):
            continue
        value = text_of(item)
        if value:
            out.append(value)
    return out
