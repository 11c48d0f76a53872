"""A finger on the real app window: taps at the coordinates of what is on screen, and counts them.

A journey never calls a slot to move on: it looks for a label (a button's words, a key's character)
among the items drawn on screen, taps the middle of it through the window's own mouse input, and
adds one to its tap count. Typing goes through the on-screen keys (the ID keypad or Qt's virtual
keyboard) the same way. Tap budgets are then plain assertions on ``taps``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtQuick import QQuickItem, QQuickWindow
from PySide6.QtTest import QTest

from tests.ui.qml_driver import is_shown, items, pump, text_of, wait_for, wait_still


def _clip_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def on_screen(window: QQuickWindow, item: QQuickItem) -> bool:
    """Shown, and its middle inside the window and inside every clipping parent (a scrolled list)."""
    if not is_shown(item) or item.width() <= 0 or item.height() <= 0:
        return False
    centre = item.mapToScene(QPointF(item.width() / 2, item.height() / 2))
    if not (0 <= centre.x() < window.width() and 0 <= centre.y() < window.height()):
        return False
    node = item.parentItem()
    while node is not None:
        if node.clip() and not _clip_rect(node).contains(centre):
            return False
        node = node.parentItem()
    return True


def labelled(window: QQuickWindow, label: str, under: QQuickItem | None = None) -> Iterator[QQuickItem]:
    """Items on screen whose ``text`` is ``label``, topmost (last drawn) first."""
    root = under if under is not None else window.contentItem()
    found = [i for i in items(root) if text_of(i) == label and on_screen(window, i)]
    found.sort(key=lambda i: i.z())
    yield from reversed(found)


class Finger:
    def __init__(self, window: QQuickWindow, shots: Path | None = None) -> None:
        self.window = window
        self.taps = 0
        self.swipes = 0
        self.shots = shots

    def tap_item(self, item: QQuickItem, at: float = 0.5) -> None:
        """Tap an item at ``at`` of its width (0.5: the middle), as it is on screen once it is still."""
        assert wait_still(item), "the item went away before it could be tapped"
        assert on_screen(self.window, item), f"{item.objectName() or item} is not on screen"
        p = item.mapToScene(QPointF(item.width() * at, item.height() / 2))
        QTest.mouseClick(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(int(p.x()), int(p.y())))
        self.taps += 1
        pump()

    def tap(self, label: str, under: QQuickItem | None = None, timeout_s: float = 10.0) -> QQuickItem:
        """Tap the words or character ``label`` where they are drawn (waiting for them to appear)."""
        found: list[QQuickItem] = []

        def shown() -> bool:
            found[:] = list(labelled(self.window, label, under))[:1]
            return bool(found)

        deadline = time.monotonic() + timeout_s
        wait_for(shown, timeout_s, f"{label!r} on screen")
        while not wait_still(found[0]):  # the words were drawn anew (a list refreshed): look for them again
            wait_for(shown, max(0.0, deadline - time.monotonic()), f"{label!r} on screen")
        self.tap_item(found[0])
        return found[0]

    def swipe_up(self, item: QQuickItem, distance: float) -> None:
        """Drag the finger up over ``item`` (a scrolled page) by ``distance`` pixels: one gesture, not a tap."""
        start = item.mapToScene(QPointF(item.width() / 2, item.height() * 0.8))
        x, y = int(start.x()), int(start.y())
        QTest.mousePress(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
        steps = 12
        for i in range(1, steps + 1):
            QTest.mouseMove(self.window, QPoint(x, int(y - distance * i / steps)), 16)
        QTest.mouseRelease(self.window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           QPoint(x, int(y - distance)), 200)  # held still: no fling
        self.swipes += 1
        pump(300)

    def reach(self, item: QQuickItem, tries: int = 20) -> None:
        """Drag the page the item is on (up or down) until the item is on screen, as a person does.

        Each look waits for the item to be still first: a page that has just changed (a cascading list filled
        in, an error line gone) is laid out at the next frame, and an item looked at before that frame is
        where it will not stay. On a fast machine the look came first, the drag was skipped, and the tap
        then found the item moved off the screen."""
        page = item.parentItem()
        while page is not None and not page.inherits("QQuickFlickable"):
            page = page.parentItem()
        for _ in range(tries):
            assert wait_still(item), "the item went away while the page was dragged"
            if on_screen(self.window, item) or page is None:
                break
            centre = page.mapToScene(QPointF(0, page.height() / 2)).y()
            below = item.mapToScene(QPointF(0, item.height() / 2)).y() > centre
            self.swipe_up(page, min(page.height() * 0.6, self.window.height() * 0.3) * (1 if below else -1))
        if not on_screen(self.window, item):
            self.shot(f"unreachable_{item.objectName()}")
        assert on_screen(self.window, item), f"{item.objectName() or item} cannot be dragged into view"

    def sees(self, text: str) -> bool:
        return any(True for _ in labelled(self.window, text)) or any(
            text in (text_of(i) or "") for i in items(self.window.contentItem()) if on_screen(self.window, i))

    def wait_to_see(self, text: str, timeout_s: float = 10.0) -> None:
        wait_for(lambda: self.sees(text), timeout_s, f"{text!r} on screen")

    def shot(self, name: str) -> None:
        """Keep what the screen shows now (for a person to look at), when artifacts are wanted."""
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            pump(60)
            self.window.grabWindow().save(str(self.shots / f"{name}.png"))
