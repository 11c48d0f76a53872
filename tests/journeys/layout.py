"""What a person sees wrong on a screen, found from the geometry of what is drawn (issue 15 items 3, 9, 12, 15).

* clipped text: a text elided or cut by ``maximumLineCount`` (``truncated``), wider or taller than its
  own item, or running past the window or a clipping parent that does not scroll;
* covered controls: two things a finger can press (buttons, tap areas, text fields, the on-screen
  keyboard) drawn over each other, so a tap meant for one lands on the other.

A text may declare itself an excerpt (``property bool excerpt: true``: a notice preview that leads to the
whole text) and is then allowed to be elided. A tap area covering most of the window is a backdrop (the
attract screen's "touch anywhere", a dialog's scrim) and is not a control for the overlap check.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtQuick import QQuickItem, QQuickWindow

from tests.ui.qml_driver import is_shown, items, text_of

CONTROL_TYPES = ("QQuickMouseArea", "QQuickAbstractButton", "QQuickTextInput", "QQuickTextEdit")
BACKDROP_SHARE = 0.5  # a tap area over half the window is a backdrop, not a control
SLACK = 1.5  # px: rounding of text metrics


def scene_rect(item: QQuickItem) -> QRectF:
    return item.mapRectToScene(QRectF(0, 0, item.width(), item.height()))


def _flag(item: QQuickItem, name: str) -> bool:
    return item.metaObject().indexOfProperty(name) >= 0 and bool(item.property(name))


def _scrolls(node: QQuickItem) -> bool:
    return node.inherits("QQuickFlickable") and bool(node.property("interactive"))


def visible_rect(window: QQuickWindow, item: QQuickItem) -> QRectF:
    """The part of the item not cut by the window or a clipping parent."""
    rect = scene_rect(item).intersected(QRectF(0, 0, window.width(), window.height()))
    node = item.parentItem()
    while node is not None and not rect.isEmpty():
        if node.clip():
            rect = rect.intersected(scene_rect(node))
        node = node.parentItem()
    return rect


def _cut_by_non_scrolling_parent(window: QQuickWindow, item: QQuickItem, rect: QRectF) -> str | None:
    """A text cut off by the window or by a clipping parent the person cannot scroll to see the rest."""
    if not QRectF(0, 0, window.width(), window.height()).adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
        scroller = item.parentItem()
        while scroller is not None and not _scrolls(scroller):
            scroller = scroller.parentItem()
        if scroller is None:
            return "runs past the window"
    node = item.parentItem()
    while node is not None:
        if _scrolls(node):
            return None  # the rest is reached by scrolling
        if node.clip() and not scene_rect(node).adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
            visible = scene_rect(node).intersected(rect)
            if visible.isEmpty():
                return None  # wholly hidden (a collapsed section): not drawn at all
            return f"cut by {node.objectName() or type(node).__name__}"
        node = node.parentItem()
    return None


def clipped_texts(window: QQuickWindow) -> list[str]:
    problems: list[str] = []
    behind = backdrops(window)
    for item in items(window.contentItem()):
        if not item.inherits("QQuickText") or not is_shown(item) or item.width() <= 0:
            continue
        text = text_of(item) or ""
        shown = visible_rect(window, item)
        if not text.strip() or shown.isEmpty() or under_a_backdrop(item, shown, behind):
            continue
        label = f"{text[:40]!r}"
        if _flag(item, "truncated") and not _flag(item, "excerpt"):
            problems.append(f"{label} is cut short (elided)")
            continue
        content_w, content_h = float(item.property("contentWidth")), float(item.property("contentHeight"))
        place = _place_width(item)
        if content_w > place + SLACK:
            problems.append(f"{label} is wider than its place ({content_w:.0f} > {place:.0f} px)")
            continue
        if content_h > item.height() + SLACK and not _flag(item, "excerpt"):
            problems.append(f"{label} is taller than its place ({content_h:.0f} > {item.height():.0f} px)")
            continue
        rect = item.mapRectToScene(QRectF(0, 0, min(content_w, item.width()) or item.width(), item.height()))
        why = _cut_by_non_scrolling_parent(window, item, rect)
        if why:
            problems.append(f"{label} {why}")
    return problems


def _place_width(item: QQuickItem) -> float:
    """How wide a text may be: its own width, or for a label of the on-screen keyboard the key it is centred
    on (Qt's style insets a key's label by a margin that grows with the keyboard; "1/3" in large text
    reaches into that margin and stays on its key)."""
    parent = item.parentItem()
    if _inside_panel(item) and parent is not None:
        return max(item.width(), parent.width())
    return item.width()


def paint_order(item: QQuickItem) -> list[tuple[float, int]]:
    """Where the item is drawn in the stack: later (greater) is on top, as Qt paints siblings by z, then order."""
    path: list[tuple[float, int]] = []
    node: QQuickItem | None = item
    while node is not None and node.parentItem() is not None:
        parent = node.parentItem()
        path.append((node.z(), parent.childItems().index(node)))
        node = parent
    return list(reversed(path))


def backdrops(window: QQuickWindow) -> list[tuple[QQuickItem, QRectF]]:
    """Shown tap areas over half the window: they take every tap on what is drawn below them. Not the
    on-screen keyboard's own window-sized areas: they close its language and candidate popups, and are
    there (and flagged enabled) while no popup is open, yet let every tap through to the keys and the app."""
    area = window.width() * window.height()
    return [(i, r) for i in items(window.contentItem())
            if i.inherits("QQuickMouseArea") and is_shown(i) and i.isEnabled() and not _inside_panel(i)
            and (r := visible_rect(window, i)).width() * r.height() >= BACKDROP_SHARE * area]


def under_a_backdrop(item: QQuickItem, rect: QRectF, behind: list[tuple[QQuickItem, QRectF]]) -> bool:
    """Drawn below a backdrop (a dialog's scrim): out of reach now, so not part of this screen's check."""
    order = paint_order(item)
    return any(r.contains(rect.center()) and paint_order(b) > order and not _related(b, item) for b, r in behind)


def controls(window: QQuickWindow) -> list[tuple[QQuickItem, QRectF]]:
    """What a finger can press on screen now, with the part of it that is drawn."""
    area = window.width() * window.height()
    behind = backdrops(window)
    found: list[tuple[QQuickItem, QRectF]] = []
    for item in items(window.contentItem()):
        is_panel = item.objectName() == "inputPanel"
        if not (is_panel or any(item.inherits(t) for t in CONTROL_TYPES)):
            continue
        if not is_shown(item) or not item.isEnabled() or item.width() <= 0 or item.height() <= 0:
            continue
        if _inside_panel(item):
            continue  # the keyboard's own keys: the panel stands for them
        rect = visible_rect(window, item)
        if rect.isEmpty() or rect.width() * rect.height() >= BACKDROP_SHARE * area and not is_panel:
            continue
        if under_a_backdrop(item, rect, behind):
            continue
        found.append((item, rect))
    return found


def _inside_panel(item: QQuickItem) -> bool:
    node = item.parentItem()
    while node is not None:
        if node.objectName() == "inputPanel":
            return True
        node = node.parentItem()
    return False


def _related(a: QQuickItem, b: QQuickItem) -> bool:
    """One inside the other (a button's own tap area, a field inside its frame): one control, not two."""
    for child, parent in ((a, b), (b, a)):
        node = child.parentItem()
        while node is not None:
            if node is parent:
                return True
            node = node.parentItem()
    return False


def _name(item: QQuickItem) -> str:
    own = item.objectName() or text_of(item) or ""
    if not own:
        for child in items(item):
            own = text_of(child) or ""
            if own:
                break
    return f"{type(item).__name__}({own[:30]!r})"


def overlapping_controls(window: QQuickWindow) -> list[str]:
    found = controls(window)
    problems = []
    for i, (a, ra) in enumerate(found):
        for b, rb in found[i + 1:]:
            if _related(a, b):
                continue
            common = ra.intersected(rb)
            if common.width() > SLACK and common.height() > SLACK:
                problems.append(f"{_name(a)} and {_name(b)} overlap by {common.width():.0f}x{common.height():.0f} px")
    return problems


def layout_problems(window: QQuickWindow) -> list[str]:
    return clipped_texts(window) + overlapping_controls(window)
