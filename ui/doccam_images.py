"""The document camera's pictures for QML: the live preview (polled off the GUI thread) and the pages taken.

``image://doccam/preview/<n>`` is the latest preview frame (``n`` changes with every frame, so QML
reloads it); ``image://doccam/page/<material>/<index>/<n>`` is a page the resident took, decoded from
the compressed bytes the session holds in memory. Nothing is written to disk.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

from contract.pages import EncodedPage
from kiosk.roles.doccam import CameraDisconnected, DocCamera, Frame, Image

log = logging.getLogger(__name__)

PREVIEW_INTERVAL_S = 0.2  # about 5 frames a second: enough to place a paper, light on a loaded machine


def to_qimage(image: Image) -> QImage:
    """A BGR (or grey) OpenCV image as a QImage that owns its pixels."""
    h, w = image.shape[:2]
    if image.ndim == 2:
        return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_Grayscale8).copy()
    return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_BGR888).copy()


class DocCamImages(QQuickImageProvider):
    """Serves the preview frame and the session's pages; ``pages(material)`` reads them from the session."""

    def __init__(self, pages: Callable[[str], list[EncodedPage]]) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._pages = pages
        self._lock = threading.Lock()
        self._preview = QImage()

    def set_preview(self, image: QImage) -> None:
        with self._lock:
            self._preview = image

    def clear(self) -> None:
        self.set_preview(QImage())

    def _page(self, parts: list[str]) -> QImage:
        try:
            material, index = parts[1], int(parts[2])
            data = self._pages(material)[index].data
        except (IndexError, ValueError):
            return QImage()
        image = QImage()
        image.loadFromData(data)
        return image

    def requestImage(self, id: str, size: QSize, requestedSize: QSize) -> QImage:
        parts = id.split("/")
        if parts[0] == "preview":
            with self._lock:
                image = self._preview
        else:
            image = self._page(parts) if parts[0] == "page" else QImage()
        if image.isNull():
            image = QImage(4, 3, QImage.Format.Format_Grayscale8)
            image.fill(0)
        if requestedSize.isValid() and not requestedSize.isEmpty():
            image = image.scaled(requestedSize, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
        size.setWidth(image.width())
        size.setHeight(image.height())
        return image


class PreviewPoller(QObject):
    """Polls ``camera.preview()`` on its own thread while the capture screen is shown.

    Each frame goes to the image provider; ``frame`` carries the page's outline found in it
    (:func:`kiosk.pages.detect.find_page`, as fractions of the frame: x0, y0, ... x3, y3, or an empty
    list) and whether the camera answered. A start gets a generation number, so a frame that arrives
    after the screen changed is dropped.
    """

    frame = Signal(int, list, bool)

    def __init__(self, camera: DocCamera, images: DocCamImages, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._camera = camera
        self._images = images
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.generation = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self.generation += 1
        gen, stop = self.generation, threading.Event()
        self._stop = stop

        def loop() -> None:
            while not stop.is_set():
                began = time.monotonic()
                outline, online = self._poll()
                if stop.is_set():
                    break
                self.frame.emit(gen, outline, online)
                stop.wait(max(0.0, PREVIEW_INTERVAL_S - (time.monotonic() - began)))

        self._thread = threading.Thread(target=loop, name="kiosk-doccam-preview", daemon=True)
        self._thread.start()

    def _poll(self) -> tuple[list[float], bool]:
        # Lazy, on the poller's thread: OpenCV and numpy add 30 MB and 0.2-0.3 s (measured) to every start,
        # and only a terminal with a document camera, on its capture screen, polls.
        from kiosk.pages.detect import find_page

        try:
            result = self._camera.preview()
        except Exception:  # a driver bug must not end the preview; technicians see it in the log
            log.exception("document camera preview raised")
            return [], False
        if not isinstance(result, Frame):
            if isinstance(result, CameraDisconnected):
                self._images.clear()
            return [], False
        self._images.set_preview(to_qimage(result.image))
        corners = find_page(result.image)
        if corners is None:
            return [], True
        w, h = result.size
        return [round(float(v) / (w if i % 2 == 0 else h), 4) for i, v in enumerate(corners.reshape(-1))], True

    def stop(self) -> None:
        self._stop.set()
        t, self._thread = self._thread, None
        if t is not None and t is not threading.current_thread():
            t.join(timeout=5)
        self._images.clear()

    @property
    def running(self) -> bool:
        return self._thread is not None
