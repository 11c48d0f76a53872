"""``image://face/<n>``: the newest small preview frame of the face check, for the screen's live picture.

It holds one JPEG's worth of pixels in memory (never a file) and :meth:`FacePreviewProvider.clear`
drops it with the session; ``n`` only makes QML ask again.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider


class FacePreviewProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()  # QML may ask from its loader thread
        self._image = QImage()

    def show(self, jpeg: bytes) -> bool:
        """Take a new preview (False: not an image, dropped)."""
        image = QImage()
        if not image.loadFromData(jpeg, "JPEG"):
            return False
        with self._lock:
            self._image = image
        return True

    def clear(self) -> None:
        with self._lock:
            self._image = QImage()

    @property
    def empty(self) -> bool:
        with self._lock:
            return self._image.isNull()

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        with self._lock:
            image = QImage(self._image)  # implicitly shared: the provider's copy may be replaced meanwhile
        if image.isNull():  # nothing yet (or wiped): a dark 4:3 placeholder
            image = QImage(4, 3, QImage.Format.Format_RGB32)
            image.fill(0)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
