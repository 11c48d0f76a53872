"""``image://qr/<url-encoded payload>``: QR codes drawn for QML (the receipt's QR on screen)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import segno
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider


class QrImageProvider(QQuickImageProvider):
    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        payload = unquote(id)
        qr = segno.make(payload, error="m", encoding="utf-8", micro=False)
        side = max(requestedSize.width(), requestedSize.height(), 200)
        modules = qr.symbol_size(border=2)[0]
        scale = max(1, side // modules)
        buf = io.BytesIO()
        qr.save(buf, kind="png", scale=scale, border=2)
        image = QImage()
        image.loadFromData(buf.getvalue(), "PNG")
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image
