"""The real document camera: a UVC device through V4L2 (OpenCV's ``cv2.VideoCapture``, CAP_V4L2 backend).

Most document cameras (高拍仪) are UVC cameras that stream a modest preview and offer a
much larger frame size for stills (5 to 16 MP, MJPG only over USB 2). The driver streams
the preview at ``preview_size``; for a still it switches the format to the device's
largest frame size, drops the first frames (the sensor re-exposes after a mode change),
keeps the next good one, and switches back.

The largest size is found by asking for an absurd size: ``VIDIOC_S_FMT`` (which OpenCV
calls) makes the driver answer with the nearest size it supports, here its largest, and
OpenCV reports what was granted. ``still_size`` pins a size instead (a camera whose
largest mode is an interpolated one). The device is opened lazily and reopened after it
disappears (a USB replug), so the kiosk does not need a restart.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.roles.doccam import CameraDisconnected, CameraFault, CameraInfo, CaptureResult, Frame

if TYPE_CHECKING:
    import cv2

log = logging.getLogger(__name__)

DEFAULT_DEVICE = "/dev/kiosk-doccam"
_ABSURD = 100_000
SETTLE_FRAMES = 3  # frames dropped after switching to the still size


class V4l2DocCamera:
    def __init__(self, device: str = DEFAULT_DEVICE, preview_size: tuple[int, int] = (1280, 720),
                 still_size: tuple[int, int] | None = None, fourcc: str = "MJPG") -> None:
        self.device = device
        self.preview_size = preview_size
        self._still: tuple[int, int] | None = still_size
        self._fourcc = fourcc
        self._cap: cv2.VideoCapture | None = None
        self._lock = threading.Lock()

    # --- the device -------------------------------------------------------------------------

    def _present(self) -> bool:
        return os.path.exists(self.device)

    def _open(self) -> cv2.VideoCapture | None:
        if self._cap is not None and self._cap.isOpened():
            return self._cap
        if not self._present():
            return None
        # Lazy: OpenCV and numpy cost 31 MB of RSS and 0.2-0.3 s (measured for issue 17); a kiosk pays them
        # when a materials step first opens the camera, not at start. Every other use follows an open.
        import cv2

        cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        if not cap.isOpened():
            cap.release()
            return None
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*self._fourcc))
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self._set_size(cap, self.preview_size)
        self._cap = cap
        return cap

    def _drop(self) -> None:
        if self._cap is not None:
            self._cap.release()
        self._cap = None

    @staticmethod
    def _size(cap: cv2.VideoCapture) -> tuple[int, int]:
        import cv2  # already loaded by _open, which gave the capture

        return int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT))

    @classmethod
    def _set_size(cls, cap: cv2.VideoCapture, size: tuple[int, int]) -> tuple[int, int]:
        import cv2  # already loaded by _open, which gave the capture

        cap.set(cv2.CAP_PROP_FRAME_WIDTH, size[0])
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, size[1])
        return cls._size(cap)

    def _largest(self, cap: cv2.VideoCapture) -> tuple[int, int]:
        if self._still is None:
            self._still = self._set_size(cap, (_ABSURD, _ABSURD))
            self._set_size(cap, self.preview_size)
            log.info("document camera %s: largest frame size %dx%d", self.device, *self._still)
        return self._still

    def _read(self, cap: cv2.VideoCapture, still: bool) -> CaptureResult:
        ok, image = cap.read()
        if not ok or image is None:
            if not self._present():
                self._drop()
                return CameraDisconnected(f"{self.device} is gone")
            return CameraFault("DOC-NO-FRAME", "the camera gave no frame")
        return Frame(image, still=still, source="v4l2")

    # --- the role ---------------------------------------------------------------------------

    def preview(self) -> CaptureResult:
        with self._lock:
            cap = self._open()
            if cap is None:
                return CameraDisconnected(f"{self.device} cannot be opened")
            return self._read(cap, False)

    def capture(self, timeout: float = 5.0) -> CaptureResult:
        with self._lock:
            cap = self._open()
            if cap is None:
                return CameraDisconnected(f"{self.device} cannot be opened")
            size = self._set_size(cap, self._largest(cap))
            try:
                deadline = time.monotonic() + timeout
                result: CaptureResult = CameraFault("DOC-TIMEOUT", "no still within the timeout")
                for _ in range(SETTLE_FRAMES + 1):
                    if time.monotonic() > deadline:
                        break
                    result = self._read(cap, True)
                    if isinstance(result, CameraDisconnected):
                        return result
                if isinstance(result, Frame) and result.size != size:
                    return CameraFault("DOC-STILL-SIZE", f"asked {size[0]}x{size[1]}, got {result.size[0]}x{result.size[1]}")
                return result
            finally:
                if self._cap is not None:
                    self._set_size(self._cap, self.preview_size)

    def info(self) -> CameraInfo:
        with self._lock:
            cap = self._open()
            if cap is None:
                return CameraInfo(False, detail=f"{self.device} cannot be opened")
            return CameraInfo(True, self.name(), self._size(cap), self._largest(cap))

    def name(self) -> str:
        """The product name the kernel reports (``/sys/class/video4linux/videoN/name``)."""
        node = Path(os.path.realpath(self.device)).name
        try:
            return (Path("/sys/class/video4linux") / node / "name").read_text(encoding="utf-8").strip()
        except OSError:
            return node

    def close(self) -> None:
        with self._lock:
            self._drop()
