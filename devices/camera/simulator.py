"""A camera that plays stills or a video file: the demo dock's scenes and the tests' camera.

Scenes (``SCENES``) are scripts of 640x480 stills shipped in ``scenes/`` (made from the
face_recognition test photos by ``tests/data/faces/build_scenes.py``):

- ``holder``: the card holder (the ``resident`` sample card's person) looking, then blinking;
- ``someone_else``: another person, also blinking (alive, but not the card's face);
- ``no_one``: the empty hall;
- ``printed_photo``: a still of the card holder held up on paper: it moves, it never blinks.

Each frame is shifted by a pixel or two and its brightness varies, as a real camera's would.
``realtime=True`` (the demo) hands out the frame for the time elapsed at ``fps``;
``realtime=False`` (tests, benchmarks) hands out the next frame on each read. A video file
(any format OpenCV's bundled FFmpeg reads) plays instead of a scene when ``video`` is given.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from devices.camera.scenes import SCENE_DIR, SCENES
from kiosk.roles.camera import FRAME_HEIGHT, FRAME_WIDTH, CameraDisconnected, CameraInfo, Frame, ReadResult

_SHIFTS = [(0, 0), (1, 0), (2, 1), (1, 2), (0, 1), (-1, 0), (-2, -1), (-1, -1)]


def _jitter(image: NDArray[np.uint8], index: int) -> NDArray[np.uint8]:
    dx, dy = _SHIFTS[index % len(_SHIFTS)]
    moved = np.roll(image, (dy, dx), axis=(0, 1))
    gain = 1.0 + 0.03 * np.sin(index / 3)
    lut = (np.arange(256, dtype=np.float32) * gain).clip(0, 255).astype(np.uint8)
    return lut[moved]


class CameraSimulator:
    def __init__(self, scene: str = "holder", *, video: Path | None = None, fps: float = 15.0,
                 realtime: bool = True, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.fps = fps
        self.realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._stills: dict[str, NDArray[np.uint8]] = {}
        self._video: Any = None
        self._video_path = video
        self._size = (FRAME_WIDTH, FRAME_HEIGHT)
        self.scene = ""
        self._index = 0
        self._started = clock()
        if video is None:
            self.set_scene(scene)

    def set_scene(self, scene: str) -> None:
        """Switch what the camera sees (the dev dock's buttons)."""
        if scene not in SCENES:
            raise ValueError(f"no camera scene {scene!r}; choose from {', '.join(SCENES)}")
        for name in SCENES[scene]:
            if name not in self._stills:
                with Image.open(SCENE_DIR / f"{name}.jpg") as im:
                    self._stills[name] = np.asarray(im.convert("RGB"))
        self.scene, self._index, self._started = scene, 0, self._clock()

    def _next_index(self) -> int:
        if not self.realtime:
            self._index += 1
            return self._index - 1
        index = int((self._clock() - self._started) * self.fps)
        if index < self._index:  # like a camera: wait for the next frame rather than repeat one
            self._sleep((self._index - index) / self.fps)
            index = self._index
        self._index = index + 1
        return index

    def read(self, timeout: float = 1.0) -> ReadResult:
        index = self._next_index()
        if self._video_path is not None:
            return self._read_video()
        script = SCENES[self.scene]
        return Frame(_jitter(self._stills[script[index % len(script)]], index), at=self._clock())

    def _read_video(self) -> ReadResult:
        import cv2  # lazy: cv2 costs 0.37 s and 31 MB at import

        if self._video is None:
            self._video = cv2.VideoCapture(str(self._video_path))
        ok, bgr = self._video.read()
        if not ok:  # the end: play it again
            self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
            ok, bgr = self._video.read()
        if not ok:
            return CameraDisconnected(f"cannot play {self._video_path}")
        self._size = (int(bgr.shape[1]), int(bgr.shape[0]))
        return Frame(np.ascontiguousarray(bgr[:, :, ::-1]), at=self._clock())

    def info(self) -> CameraInfo:
        device = str(self._video_path) if self._video_path else f"scene:{self.scene}"
        return CameraInfo(True, "simulator", device, *self._size, self.fps, None)

    def close(self) -> None:
        if self._video is not None:
            self._video.release()
            self._video = None
