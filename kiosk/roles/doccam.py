"""The document camera role. A capture is a value: a frame, a fault, or a disconnected camera.

A document camera streams a low-resolution preview (what the resident sees while placing
the paper) and takes a high-resolution still when the shutter is pressed; the still is
what the page pipeline (:mod:`kiosk.pages`) turns into a copy. Frames are BGR ``uint8``
arrays (OpenCV's layout) and hold personal data: they live in memory only, never in logs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, runtime_checkable

if TYPE_CHECKING:
    import numpy.typing as npt

if TYPE_CHECKING:
    Image: TypeAlias = npt.NDArray[Any]  # uint8, BGR (OpenCV's layout); OpenCV's type stubs carry no dtype
else:
    Image = Any  # at run time a name only: the role costs no numpy (15 MB) at the kiosk's start


@dataclass(frozen=True)
class Frame:
    """One picture from the camera; ``still`` is True for a high-resolution shutter capture."""

    image: Image = field(repr=False, compare=False)
    still: bool = False
    source: str = ""  # "v4l2", "simulator", "fake"
    at: float = field(default_factory=time.monotonic)

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in pixels."""
        return int(self.image.shape[1]), int(self.image.shape[0])


@dataclass(frozen=True)
class CameraFault:
    """The camera is there but the capture failed. ``code`` is for technicians (e.g. ``DOC-NO-FRAME``)."""

    code: str
    detail: str = ""
    retryable: bool = True


@dataclass(frozen=True)
class CameraDisconnected:
    detail: str = ""


CaptureResult = Frame | CameraFault | CameraDisconnected


@dataclass(frozen=True)
class CameraInfo:
    """What a technician needs to know: is it there, what it is, and its preview and still sizes."""

    connected: bool
    name: str = ""
    preview_size: tuple[int, int] = (0, 0)
    still_size: tuple[int, int] = (0, 0)
    detail: str = ""


@runtime_checkable
class DocCamera(Protocol):
    def preview(self) -> CaptureResult:
        """The latest preview frame (fast, low resolution). Never raises for expected states."""

    def capture(self, timeout: float = 5.0) -> CaptureResult:
        """A still at the camera's highest resolution. Never raises for expected states."""

    def info(self) -> CameraInfo:
        """Identity and sizes; ``connected=False`` when the camera is gone."""

    def close(self) -> None:
        """Release the device."""


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` -> (1280, 720); a clear ValueError otherwise."""
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"not a size WIDTHxHEIGHT: {text!r}") from None
    if not (16 <= w <= 20000 and 16 <= h <= 20000):
        raise ValueError(f"size out of range: {text!r}")
    return w, h
