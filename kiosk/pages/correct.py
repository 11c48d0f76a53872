"""From the found corners to a clean copy: perspective correction, deskew, enhancement for text.

- :func:`rectify` maps the page's quadrilateral to an upright rectangle whose sides are the
  page's measured sides, resampled to at most :data:`MAX_LONG_SIDE` pixels (A4 at 200 dpi:
  the size a page is kept and sent at; a smaller paper keeps its captured pixels).
- :func:`deskew` corrects content that sits crooked on the sheet (a photocopy taken askew)
  by the angle that makes the text lines' projection profile sharpest.
- :func:`enhance` divides out the paper's own brightness (shadows and the lighting gradient
  flattened), stretches the contrast, and gives ``color``, ``gray`` or ``bw`` output.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from kiosk.pages.detect import Corners, Image, percentile_u8

Mode = Literal["color", "gray", "bw"]
MODES: tuple[Mode, ...] = ("color", "gray", "bw")

MAX_LONG_SIDE = 2339  # px: 297 mm at 200 dpi
MAX_SKEW_DEG = 5.0


def page_size(corners: Corners, max_long: int = MAX_LONG_SIDE) -> tuple[int, int]:
    """(width, height) of the corrected page: the longer of each pair of opposite sides, capped."""
    c = corners
    w = float(max(np.linalg.norm(c[1] - c[0]), np.linalg.norm(c[2] - c[3])))
    h = float(max(np.linalg.norm(c[3] - c[0]), np.linalg.norm(c[2] - c[1])))
    scale = min(1.0, max_long / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def rectify(image: Image, corners: Corners, max_long: int = MAX_LONG_SIDE) -> Image:
    """The page cut out of ``image`` and made rectangular."""
    w, h = page_size(corners, max_long)
    dst = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    out: Image = cv2.warpPerspective(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out


def _gray(image: Image) -> Image:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def skew_angle(image: Image) -> float:
    """Degrees the text runs off the horizontal (positive: rising to the right), within +-MAX_SKEW_DEG."""
    g = _gray(image)
    scale = 800 / max(g.shape)
    small = cv2.resize(g, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else g
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    border = max(2, min(small.shape) // 30)  # the sheet's edge is not text
    ink[:border], ink[-border:], ink[:, :border], ink[:, -border:] = 0, 0, 0, 0
    ys, xs = np.nonzero(ink)
    if len(xs) < 200:
        return 0.0
    step = max(1, len(xs) // 30000)
    xs, ys = xs[::step].astype(np.float64), ys[::step].astype(np.float64)

    def score(deg: float) -> float:
        a = np.radians(deg)
        rows = np.round(ys * np.cos(a) + xs * np.sin(a)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    best = max(np.arange(-MAX_SKEW_DEG, MAX_SKEW_DEG + 1e-9, 0.5), key=score)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.05), key=score)
    return float(best)


def deskew(image: Image, min_deg: float = 0.2) -> tuple[Image, float]:
    """``image`` with its text lines made horizontal, and the angle corrected (0 when under ``min_deg``)."""
    angle = skew_angle(image)
    if abs(angle) < min_deg:
        return image, 0.0
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)
    out: Image = cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return out, angle


def paper_level(channel: Image) -> Image:
    """The paper's brightness at every pixel: a max filter wider than any stroke, smoothed.

    Computed at a quarter of the size (the light varies slowly), which keeps it cheap on a
    full page.
    """
    h, w = channel.shape[:2]
    small = cv2.resize(channel, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    k = max(3, (max(small.shape) // 40) | 1)
    level = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    level = cv2.GaussianBlur(level, (0, 0), k)
    out: Image = cv2.resize(np.maximum(level, 16), (w, h), interpolation=cv2.INTER_LINEAR)
    return out


def _flatten(channel: Image) -> Image:
    """The channel divided by the paper's level: the paper becomes uniform, ink keeps its darkness."""
    out: Image = cv2.divide(channel, paper_level(channel), scale=255)
    return out


def _stretch(channels: list[Image]) -> Image:
    """One contrast stretch for all channels: the darkest ink to black, the paper to white."""
    lo = min(percentile_u8(c, 0.5) for c in channels)
    hi = max(max(percentile_u8(c, 90.0) for c in channels), lo + 32)
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    out: Image = cv2.LUT(cv2.merge(channels) if len(channels) > 1 else channels[0], lut)
    return out


def enhance(image: Image, mode: Mode = "gray") -> Image:
    """Shadows flattened and contrast stretched; ``bw`` is thresholded to pure black and white."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}; expected one of {MODES}")
    if mode == "color" and image.ndim == 3:
        return _stretch([_flatten(c) for c in cv2.split(image)])
    flat_gray = _stretch([_flatten(_gray(image))])
    if mode == "gray":
        return flat_gray
    _, bw = cv2.threshold(flat_gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    out: Image = bw
    return out
