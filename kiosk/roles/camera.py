"""The camera role. A read is a value: a frame, no camera, or a disconnected camera.

A frame is a resident's face: it lives in memory only, is never written, logged or sent,
and its repr hides the pixels. ``info()`` is for diagnostics (frame rate, exposure).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:  # numpy costs 15 MB and 0.2-0.3 s at every start; the role only names its type
    import numpy as np
    from numpy.typing import NDArray

FRAME_WIDTH = 640
FRAME_HEIGHT = 480


@dataclass(frozen=True)
class Frame:
    """One RGB frame (height x width x 3, uint8)."""

    pixels: NDArray[np.uint8] = field(repr=False, compare=False)
    at: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> tuple[int, int]:
        return int(self.pixels.shape[1]), int(self.pixels.shape[0])


@dataclass(frozen=True)
class NoCamera:
    """No camera is configured or its device node does not exist."""

    detail: str = ""


@dataclass(frozen=True)
class CameraDisconnected:
    """The camera was opened but gives no frames (unplugged, or the driver failed)."""

    detail: str = ""


ReadResult = Frame | NoCamera | CameraDisconnected


@dataclass(frozen=True)
class CameraInfo:
    connected: bool
    driver: str
    device: str = ""
    width: int = 0
    height: int = 0
    fps: float | None = None  # what the driver reports; diagnostics also measure it
    exposure: float | None = None  # driver units (V4L2: 100 µs steps); None when not reported
    detail: str = ""


@runtime_checkable
class Camera(Protocol):
    def read(self, timeout: float = 1.0) -> ReadResult:
        """The newest frame (waiting up to ``timeout``). Never raises for expected states."""

    def info(self) -> CameraInfo: ...

    def close(self) -> None:
        """Release the device; a later read reopens it."""
