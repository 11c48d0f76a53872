"""A simulated document camera: generated photographs of documents, for the demo and tests.

The "paper under the camera" is a :class:`~devices.doccam.photo.Scene`; the demo dock or a
test changes it with :meth:`SimulatedDocCamera.place` (another document, a blurred or
glared shot) or :meth:`remove` (the empty base plate). Photographs are generated once per
scene and size and kept, since a 5 MP photograph takes seconds to draw on a loaded machine:
while the preview is watched, the still of the same scene is drawn ahead on its own thread.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from devices.doccam.scene import Scene
from kiosk.roles.doccam import CameraDisconnected, CameraInfo, CaptureResult, Frame, Image


class SimulatedDocCamera:
    def __init__(self, still_size: tuple[int, int] = (2592, 1944), preview_size: tuple[int, int] = (960, 720),
                 seed: int = 1) -> None:
        self.still_size, self.preview_size = still_size, preview_size
        self._lock = threading.Lock()  # the scene and the cache
        self._drawing = {size: threading.Lock() for size in {still_size, preview_size}}  # one drawing per size
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

    @staticmethod
    def _draw(scene: Scene | None, size: tuple[int, int]) -> Image:
        # Lazy: the drawing brings OpenCV and numpy (31 MB of RSS and 0.2-0.3 s, measured for issue 17), which
        # the kiosk pays at the first preview of a materials step instead of at start.
        from devices.doccam.photo import empty_plate, photograph

        if scene is None:
            return empty_plate(size)
        return photograph(replace(scene, size=size)).image

    def _cached(self, scene: Scene | None, size: tuple[int, int]) -> Image | None:
        with self._lock:
            return self._cache.get((scene, size))

    def _image(self, size: tuple[int, int]) -> Image:
        """The scene's photograph at ``size``, drawn outside the scene lock: a still being drawn (seconds at
        5 MP) never holds up the preview, and a second caller for the same size waits for the first's."""
        with self._lock:
            scene = self._scene
        image = self._cached(scene, size)
        if image is not None:
            return image
        with self._drawing.setdefault(size, threading.Lock()):
            image = self._cached(scene, size)
            if image is None:
                image = self._draw(scene, size)
                with self._lock:
                    if self._scene == scene:
                        self._cache[(scene, size)] = image
        return image

    def _warm_still(self) -> None:
        """Someone is looking at the preview: draw the still now, so the shutter finds it ready."""
        with self._lock:
            scene = self._scene
        if self._cached(scene, self.still_size) is None and not self._drawing[self.still_size].locked():
            threading.Thread(target=self._image, args=(self.still_size,), name="doccam-sim-still",
                             daemon=True).start()

    def _frame(self, size: tuple[int, int], still: bool) -> CaptureResult:
        if not self.connected:
            return CameraDisconnected("simulated camera unplugged")
        return Frame(self._image(size), still=still, source="simulator")

    def preview(self) -> CaptureResult:
        frame = self._frame(self.preview_size, False)
        if isinstance(frame, Frame):
            self._warm_still()
        return frame

    def capture(self, timeout: float = 5.0) -> CaptureResult:
        return self._frame(self.still_size, True)

    def info(self) -> CameraInfo:
        return CameraInfo(self.connected, "simulated document camera", self.preview_size, self.still_size,
                          "" if self.connected else "unplugged")

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
