"""The real camera: a UVC webcam through V4L2, read with OpenCV (``opencv-python-headless``).

Why OpenCV and not Qt Multimedia: the core (``devices/``) must not import Qt (the
layering test), and OpenCV is also the cheaper one. Measured on this machine from a bare
interpreter: ``import cv2`` plus an unopened ``VideoCapture``: 0.40 s and 31 MB resident;
QtCore + QtMultimedia with a ``QCamera`` in a capture session: 0.51 s and 45 MB (FFmpeg
backend). OpenCV's own buffer is cut to one frame so a read returns the newest frame, not
one queued while the face check was busy.

Expected states are values: no device node -> :class:`NoCamera`; a device that does not
open or stops delivering -> :class:`CameraDisconnected` (the next read tries to reopen).
"""

from __future__ import annotations

import logging
import os
from typing import Any

import numpy as np

from kiosk.roles.camera import (
    FRAME_HEIGHT,
    FRAME_WIDTH,
    CameraDisconnected,
    CameraInfo,
    Frame,
    NoCamera,
    ReadResult,
)

log = logging.getLogger(__name__)

DEFAULT_DEVICE = "/dev/kiosk-camera"


class V4l2Camera:
    def __init__(self, device: str = DEFAULT_DEVICE, width: int = FRAME_WIDTH, height: int = FRAME_HEIGHT,
                 fps: float = 15.0) -> None:
        self.device = device
        self.width, self.height, self.fps = width, height, fps
        self._cap: Any = None

    def _open(self) -> ReadResult | None:
        """None when open; else the state to report."""
        if self._cap is not None:
            return None
        if not os.path.exists(self.device):
            return NoCamera(f"no camera at {self.device}")
        import cv2  # lazy: 0.40 s and 31 MB (module docstring)

        cap = cv2.VideoCapture(self.device, cv2.CAP_V4L2)
        if not cap.isOpened():
            cap.release()
            return CameraDisconnected(f"cannot open {self.device}")
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        self._cap = cap
        return None

    def read(self, timeout: float = 1.0) -> ReadResult:
        state = self._open()
        if state is not None:
            return state
        ok, bgr = self._cap.read()
        if not ok or bgr is None:
            log.warning("camera %s gave no frame; reopening on the next read", self.device)
            self.close()
            return CameraDisconnected(f"{self.device} gave no frame")
        return Frame(np.ascontiguousarray(bgr[:, :, ::-1]))

    def info(self) -> CameraInfo:
        state = self._open()
        if state is not None:
            return CameraInfo(False, "v4l2", self.device, detail=getattr(state, "detail", ""))
        import cv2  # lazy: 0.40 s and 31 MB (module docstring)

        cap = self._cap
        exposure = cap.get(cv2.CAP_PROP_EXPOSURE)
        return CameraInfo(True, "v4l2", self.device, int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
                          int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)), float(cap.get(cv2.CAP_PROP_FPS)) or None,
                          float(exposure) if exposure else None)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None
