"""``image://icon/<name>/<RRGGBB>``: the line icons in assets/icons, drawn in any colour.

Tinting here instead of with a shader effect keeps icons working on every
scene-graph backend (software rendering included).
"""

from __future__ import annotations

import re
from functools import lru_cache

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtQuick import QQuickImageProvider
from PySide6.QtSvg import QSvgRenderer

from kiosk.paths import ASSETS_DIR

ICON_DIR = ASSETS_DIR / "icons"
_NAME = re.compile(r"^[a-z0-9_-]{1,40}$")
_COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")


@lru_cache(maxsize=64)
def _svg(name: str) -> str | None:
    path = ICON_DIR / f"{name}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else None


class IconImageProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        name, _, colour = id.partition("/")
        side = max(requestedSize.width(), requestedSize.height(), 16)
        image = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        svg = _svg(name) if _NAME.match(name) else None
        if svg is not None:
            if _COLOUR.match(colour):
                svg = svg.replace("#ffffff", f"#{colour}")
            renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter)
            painter.end()
        size.setWidth(side)
        size.setHeight(side)
        return image
