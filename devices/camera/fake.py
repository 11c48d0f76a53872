"""In-memory camera for unit tests: plays the frames it is given, then says it is disconnected."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray

from kiosk.roles.camera import CameraDisconnected, CameraInfo, Frame, NoCamera, ReadResult


class FakeCamera:
    def __init__(self, frames: Iterable[NDArray[np.uint8]] = (), connected: bool = True) -> None:
        self._frames = list(frames)
        self._next = 0
        self.connected = connected
        self.closed = False

    def push(self, *frames: NDArray[np.uint8]) -> None:
        self._frames.extend(frames)

    def read(self, timeout: float = 1.0) -> ReadResult:
        if not self.connected:
            return NoCamera("fake camera unplugged")
        if self._next >= len(self._frames):
            return CameraDisconnected("fake camera has no more frames")
        frame = self._frames[self._next]
        self._next += 1
        return Frame(frame, at=float(self._next))

    def info(self) -> CameraInfo:
        h, w = self._frames[0].shape[:2] if self._frames else (0, 0)
        return CameraInfo(self.connected, "fake", "fake", w, h, 15.0, None)

    def close(self) -> None:
        self.closed = True
