"""Contrast of every text against what is drawn behind it, measured on the rendered screen (issue 15 item 13).

For each text on screen: its colour (faded by its own and its parents' opacity) against the colour most
of its box is painted in, the WCAG relative-luminance ratio. Disabled controls are exempt, as in WCAG.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage
from PySide6.QtQuick import QQuickItem, QQuickWindow

from tests.journeys.layout import backdrops, under_a_backdrop, visible_rect
from tests.ui.qml_driver import is_shown, items, text_of

SAMPLES = 24  # per side: enough pixels to find the painted background, few enough to stay quick


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def ratio(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _opacity(item: QQuickItem) -> float:
    value, node = 1.0, item
    while node is not None:
        value *= node.opacity()
        node = node.parentItem()
    return value


def _enabled(item: QQuickItem) -> bool:
    node = item
    while node is not None:
        if not node.isEnabled():
            return False
        node = node.parentItem()
    return True


def background(image: QImage, rect: QRectF) -> QColor:
    """The colour most of the box is painted in (the glyphs are thin; the ground is most of it)."""
    counts: Counter[int] = Counter()
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x = int(rect.left() + (i + 0.5) * rect.width() / SAMPLES)
            y = int(rect.top() + (j + 0.5) * rect.height() / SAMPLES)
            if 0 <= x < image.width() and 0 <= y < image.height():
                counts[image.pixel(x, y) & 0xFFFFFF] += 1
    return QColor.fromRgb(counts.most_common(1)[0][0]) if counts else QColor("white")


def blend(fg: QColor, bg: QColor, alpha: float) -> QColor:
    return QColor.fromRgbF(*(f * alpha + b * (1 - alpha) for f, b in
                             ((fg.redF(), bg.redF()), (fg.greenF(), bg.greenF()), (fg.blueF(), bg.blueF()))))


def low_contrast(window: QQuickWindow, image: QImage, minimum: float) -> list[str]:
    problems = []
    behind = backdrops(window)
    scale = image.width() / window.width()
    for item in items(window.contentItem()):
        if not item.inherits("QQuickText") or not is_shown(item) or not _enabled(item):
            continue
        text = (text_of(item) or "").strip()
        rect = visible_rect(window, item)
        if not text or rect.width() < 4 or rect.height() < 4 or under_a_backdrop(item, rect, behind):
            continue
        pixels = QRectF(rect.left() * scale, rect.top() * scale, rect.width() * scale, rect.height() * scale)
        ground = background(image, pixels)
        colour = item.property("color")
        ink = blend(colour, ground, colour.alphaF() * _opacity(item))
        r = ratio(ink, ground)
        if r < minimum:
            problems.append(f"{text[:40]!r}: {ink.name()} on {ground.name()} is {r:.2f}:1 (< {minimum}:1)")
    return problems
