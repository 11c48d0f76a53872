"""In-memory document camera for unit tests and the app fixture: tests put a picture in front of it."""

from __future__ import annotations

import threading

import cv2
import numpy as np

from kiosk.roles.doccam import CameraDisconnected, CameraInfo, CaptureResult, Frame, Image


class FakeDocCamera:
    def __init__(self, still_size: tuple[int, int] = (1600, 1200), preview_size: tuple[int, int] = (640, 480)) -> None:
        self._lock = threading.Lock()
        self._image: Image | None = None
        self._next: CaptureResult | None = None
        self.still_size, self.preview_size = still_size, preview_size
        self.connected = True
        self.captures = 0

    def show(self, image: Image) -> None:
        """What the camera sees from now on (a BGR photograph, any size)."""
        with self._lock:
            self._image = image
            self._next = None

    def fail_next(self, result: CaptureResult) -> None:
        """Return ``result`` for the next capture only."""
        with self._lock:
            self._next = result

    def _frame(self, size: tuple[int, int], still: bool) -> CaptureResult:
        if not self.connected:
            return CameraDisconnected("fake camera unplugged")
        image = self._image
        if image is None:  # nothing in front of it: a black frame
            image = np.zeros((size[1], size[0], 3), np.uint8)
        return Frame(cv2.resize(image, size, interpolation=cv2.INTER_AREA), still=still, source="fake")

    def preview(self) -> CaptureResult:
        with self._lock:
            return self._frame(self.preview_size, False)

    def capture(self, timeout: float = 5.0) -> CaptureResult:
        with self._lock:
            self.captures += 1
            if self._next is not None:
                result, self._next = self._next, None
                return result
            return self._frame(self.still_size, True)

    def info(self) -> CameraInfo:
        return CameraInfo(self.connected, "fake document camera", self.preview_size, self.still_size,
                          "" if self.connected else "unplugged")

    def close(self) -> None:
        pass
