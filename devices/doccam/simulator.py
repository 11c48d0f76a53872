"""A simulated document camera: generated photographs of documents, for the demo and tests.

The "paper under the camera" is a :class:`~devices.doccam.photo.Scene`; the demo dock or a
test changes it with :meth:`SimulatedDocCamera.place` (another document, a blurred or
glared shot) or :meth:`remove` (the empty base plate). Photographs are generated once per
scene and size and kept, since a 12 MP photograph takes about a second to draw.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np

from devices.doccam.photo import Scene, background, photograph
from kiosk.roles.doccam import CameraDisconnected, CameraInfo, CaptureResult, Frame, Image


class SimulatedDocCamera:
    def __init__(self, still_size: tuple[int, int] = (2592, 1944), preview_size: tuple[int, int] = (960, 720),
                 seed: int = 1) -> None:
        self.still_size, self.preview_size = still_size, preview_size
        self._lock = threading.Lock()
        self._scene: Scene | None = Scene.random(seed)
        self._cache: dict[tuple[Scene | None, tuple[int, int]], Image] = {}
        self.connected = True

    def place(self, seed: int, **scene: Any) -> Scene:
        """Put document ``seed`` under the camera (``blur=``, ``glare=``... pin the scene's details)."""
        with self._lock:
            self._scene = Scene.random(seed, **scene)
            self._cache.clear()
            return self._scene

    def remove(self) -> None:
        """Nothing under the camera but its base plate."""
        with self._lock:
            self._scene = None
            self._cache.clear()

    @property
    def scene(self) -> Scene | None:
        return self._scene

    def _image(self, size: tuple[int, int]) -> Image:
        key = (self._scene, size)
        if key not in self._cache:
            if self._scene is None:
                desk = background("mat", size, np.random.default_rng(0))
                self._cache[key] = np.clip(desk, 0, 255).astype(np.uint8)
            else:
                self._cache[key] = photograph(replace(self._scene, size=size)).image
        return self._cache[key]

    def _frame(self, size: tuple[int, int], still: bool) -> CaptureResult:
        with self._lock:
            if not self.connected:
                return CameraDisconnected("simulated camera unplugged")
            return Frame(self._image(size), still=still, source="simulator")

    def preview(self) -> CaptureResult:
        return self._frame(self.preview_size, False)

    def capture(self, timeout: float = 5.0) -> CaptureResult:
        return self._frame(self.still_size, True)

    def info(self) -> CameraInfo:
        return CameraInfo(self.connected, "simulated document camera", self.preview_size, self.still_size,
                          "" if self.connected else "unplugged")

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
