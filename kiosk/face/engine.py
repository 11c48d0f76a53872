"""Detect, embed and compare faces with the loaded dlib models, in memory only.

Images are RGB ``uint8`` arrays. Large photos are scaled down to at most ``MAX_SIDE`` pixels
(detection cost grows with the area: 2.9 s on a 1434x2333 photo, 0.1 s at 640x480) and small
ones (the 102x126 card photo) are searched at twice the size, because the HOG detector finds
no face narrower than 80 pixels. An embedding is 128 floats; two faces are the same person
when their Euclidean distance is at most the threshold (``docs/face-verification.md`` says
how it was calibrated). Embeddings live in :class:`FaceEmbedding` objects whose repr hides them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from kiosk.face.models import Models

DEFAULT_THRESHOLD = 0.5
MAX_SIDE = 1024
SMALL_SIDE = 320  # below this (the card photo) the detector looks at the image upsampled once
MAX_FILE_BYTES = 20 * 2**20
MAX_PIXELS = 40_000_000
TRACK_PAD = 0.6  # a tracked face is searched for in its last box widened by this fraction each side

Image_ = NDArray[np.uint8]


class ImageError(ValueError):
    """Not a usable image (unreadable, not an image, too large)."""


def decode_image(data: bytes) -> Image_:
    """JPEG/PNG/BMP bytes -> RGB array. Bounded before decoding: file size and pixel count."""
    if len(data) > MAX_FILE_BYTES:
        raise ImageError(f"image larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        with Image.open(io.BytesIO(data)) as im:
            if im.width * im.height > MAX_PIXELS:
                raise ImageError(f"image has more than {MAX_PIXELS} pixels")
            return np.asarray(im.convert("RGB"))
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ImageError("not a readable JPEG, PNG or BMP image") from exc


def read_image(path: Path) -> Image_:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ImageError(f"image larger than {MAX_FILE_BYTES // 2**20} MB")
        return decode_image(path.read_bytes())
    except IsADirectoryError as exc:
        raise ImageError(f"{path} is a directory") from exc
    except OSError as exc:
        raise ImageError(f"cannot read {path}: {exc.strerror}") from exc


def fit(image: Image_) -> Image_:
    """The image scaled down so its longer side is at most ``MAX_SIDE`` (unchanged if it is)."""
    h, w = image.shape[:2]
    scale = MAX_SIDE / max(h, w)
    if scale >= 1:
        return image
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return np.asarray(Image.fromarray(image).resize(size, Image.Resampling.BILINEAR))


@dataclass(frozen=True)
class FaceBox:
    left: int
    top: int
    right: int
    bottom: int

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def area(self) -> int:
        return self.width * (self.bottom - self.top)


@dataclass(frozen=True)
class Landmarks:
    """A face's box and its 68 landmark points (x, y) in image pixels; ``shape`` is dlib's object."""

    box: FaceBox
    points: NDArray[np.float64] = field(repr=False)
    shape: Any = field(repr=False, compare=False)


@dataclass(frozen=True)
class FaceEmbedding:
    vector: NDArray[np.float64] = field(repr=False)


@dataclass(frozen=True)
class Comparison:
    """One card-versus-live comparison; ``distance`` is None when either image had no face."""

    match: bool
    distance: float | None
    threshold: float
    faces_card: int
    faces_live: int

    def as_json(self) -> dict[str, Any]:
        return {"match": self.match, "distance": None if self.distance is None else round(self.distance, 4),
                "threshold": self.threshold, "faces": {"card": self.faces_card, "live": self.faces_live}}


def _box(rect: Any, dx: int = 0, dy: int = 0) -> FaceBox:
    return FaceBox(rect.left() + dx, rect.top() + dy, rect.right() + dx, rect.bottom() + dy)


class FaceEngine:
    """Stateless operations over the shared models (safe to use from one worker thread)."""

    def __init__(self, models: Models, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0 < threshold < 2:
            raise ValueError("face threshold must be between 0 and 2")
        self.models = models
        self.threshold = threshold

    def detect(self, image: Image_) -> list[FaceBox]:
        """Every face in the image, largest first."""
        upsample = 1 if max(image.shape[:2]) < SMALL_SIDE else 0
        return sorted((_box(r) for r in self.models.detector(image, upsample)), key=lambda b: -b.area)

    def track(self, image: Image_, last: FaceBox | None) -> FaceBox | None:
        """The face near ``last`` (searched in a widened box: 4x cheaper), else the largest anywhere."""
        if last is not None:
            h, w = image.shape[:2]
            pad = int(last.width * TRACK_PAD)
            x0, y0 = max(0, last.left - pad), max(0, last.top - pad)
            x1, y1 = min(w, last.right + pad), min(h, last.bottom + pad)
            crop = np.ascontiguousarray(image[y0:y1, x0:x1])
            found = [_box(r, x0, y0) for r in self.models.detector(crop, 0)]
            if found:
                return max(found, key=lambda b: b.area)
        faces = self.detect(image)
        return faces[0] if faces else None

    def landmarks(self, image: Image_, box: FaceBox) -> Landmarks:
        import dlib  # lazy: dlib costs 31 ms and 7 MB; only face checks need it

        shape = self.models.landmarks(image, dlib.rectangle(box.left, box.top, box.right, box.bottom))
        points = np.array([(p.x, p.y) for p in shape.parts()], dtype=np.float64)
        return Landmarks(box, points, shape)

    def embed_landmarks(self, image: Image_, marks: Landmarks) -> FaceEmbedding:
        return FaceEmbedding(np.array(self.models.encoder.compute_face_descriptor(image, marks.shape)))

    def embed(self, image: Image_) -> tuple[FaceEmbedding | None, int]:
        """The largest face's embedding (None without a face) and how many faces were found."""
        image = fit(image)
        faces = self.detect(image)
        if not faces:
            return None, 0
        return self.embed_landmarks(image, self.landmarks(image, faces[0])), len(faces)

    def distance(self, a: FaceEmbedding, b: FaceEmbedding) -> float:
        return float(np.linalg.norm(a.vector - b.vector))

    def compare(self, card: Image_, live: Image_) -> Comparison:
        card_emb, n_card = self.embed(card)
        live_emb, n_live = self.embed(live)
        if card_emb is None or live_emb is None:
            return Comparison(False, None, self.threshold, n_card, n_live)
        d = self.distance(card_emb, live_emb)
        return Comparison(d <= self.threshold, d, self.threshold, n_card, n_live)
