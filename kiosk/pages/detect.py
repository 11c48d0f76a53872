"""Finding the page in a photograph: its four corners, in the photograph's pixels.

Paper is the brightest, least coloured thing under a document camera: the desk is wood or
the camera's dark base, a hand is skin-coloured, and even a dim corner of a page under an
uneven light is whiter than either. So the page is segmented on *whiteness* (the smallest
of the three channels) where the colour saturation is low, at a working size of
:data:`WORK_SIDE` pixels (detection at 12 MP would cost seconds and gain nothing: a pixel
there is well under the tolerance). The largest white region's convex hull (which
bridges fingers and stamps over the edge) is reduced to a quadrilateral, and each side is
then re-fitted to the region's boundary with a robust line fit, so a thumb on the margin
or a rounded corner moves a corner by little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Image = npt.NDArray[Any]  # uint8, BGR or grey; OpenCV's type stubs carry no dtype
Corners = npt.NDArray[np.float64]  # (4, 2): top-left, top-right, bottom-right, bottom-left

WORK_SIDE = 640
MIN_AREA = 0.08  # of the photograph: anything smaller is not a page held under the camera
MAX_SATURATION = 0.28  # paper under the camera's light; skin and wood are well above
MIN_PAPER = 96  # whiteness of paper in the dimmest corner a camera's own light leaves
MIN_CONTRAST = 40  # paper against the desk around it
MAX_CUT_OFF = 0.1  # share of the paper's outline that may lie on the frame's edge


def order_corners(points: npt.ArrayLike) -> Corners:
    """Clockwise from the top-left, as the page is read (valid for rotations under 45 degrees)."""
    pts = np.asarray(points, np.float64).reshape(4, 2)
    centre = pts.mean(axis=0)
    angles = np.arctan2(pts[:, 1] - centre[1], pts[:, 0] - centre[0])
    order = np.argsort(angles)  # image coordinates (y down): ascending angle runs clockwise
    pts, angles = pts[order], angles[order]
    start = int(np.argmin(np.abs(np.angle(np.exp(1j * (angles + 3 * np.pi / 4))))))  # nearest to up-left
    return np.roll(pts, -start, axis=0)


def percentile_u8(values: Image, q: float, mask: Image | None = None) -> int:
    """The ``q``-th percentile of uint8 values (under ``mask``) from their histogram: no sort of millions."""
    hist = cv2.calcHist([values], [0], mask, [256], [0, 256]).ravel()
    return int(np.searchsorted(np.cumsum(hist), hist.sum() * q / 100.0))


def whiteness(image: Image) -> Image:
    """The smallest of the three channels (OpenCV's per-element min: numpy's axis reduction is ten times slower)."""
    if image.ndim == 2:
        return image
    b, g, r = cv2.split(image)
    out: Image = cv2.min(cv2.min(b, g), r)
    return out


def paper_mask(small: Image) -> Image:
    """255 where a pixel looks like paper: white enough (Otsu on whiteness) and not coloured."""
    lo = whiteness(small)
    b, g, r = cv2.split(small)
    hi = cv2.max(cv2.max(b, g), r).astype(np.float32)
    saturation = (hi - lo) / np.maximum(hi, 1)
    lo = cv2.GaussianBlur(lo, (5, 5), 0)
    threshold, _ = cv2.threshold(lo, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask: Image = ((lo > threshold) & (saturation < MAX_SATURATION)).astype(np.uint8) * 255
    k = max(3, (max(small.shape[:2]) // 120) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    return cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kernel, iterations=2)


def _quad(hull: npt.NDArray[np.int32]) -> npt.NDArray[np.float64] | None:
    perimeter = cv2.arcLength(hull, True)
    for eps in np.linspace(0.01, 0.12, 23):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4:
            return approx.reshape(4, 2).astype(np.float64)
        if len(approx) < 4:
            return None
    return None


def _intersect(l1: npt.NDArray[np.float64], l2: npt.NDArray[np.float64]) -> npt.NDArray[np.float64] | None:
    (vx1, vy1, x1, y1), (vx2, vy2, x2, y2) = l1, l2
    det = vx1 * (-vy2) - vy1 * (-vx2)
    if abs(det) < 1e-6:
        return None
    t = ((x2 - x1) * (-vy2) - (y2 - y1) * (-vx2)) / det
    return np.array([x1 + t * vx1, y1 + t * vy1])


def _refine(quad: Corners, boundary: npt.NDArray[np.float64]) -> Corners:
    """Re-fit each side to the boundary points near its middle part; intersect neighbouring sides."""
    diag = float(np.linalg.norm(quad[0] - quad[2]))
    lines = []
    for i in range(4):
        a, b = quad[i], quad[(i + 1) % 4]
        d = b - a
        length = float(np.linalg.norm(d))
        u = d / length
        rel = boundary - a
        along = rel @ u / length
        off = np.abs(rel @ np.array([-u[1], u[0]]))
        near = boundary[(along > 0.12) & (along < 0.88) & (off < diag * 0.02)]
        if len(near) < 8:
            return quad
        lines.append(cv2.fitLine(near.astype(np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel().astype(np.float64))
    refined = []
    for i in range(4):
        p = _intersect(lines[(i - 1) % 4], lines[i])
        if p is None or np.linalg.norm(p - quad[i]) > diag * 0.05:
            return quad
        refined.append(p)
    return np.array(refined)


@dataclass(frozen=True)
class Working:
    """The photograph shrunk to :data:`WORK_SIDE` on its long side, and how to map back to full size."""

    image: Image
    sx: float  # area-resampling factors of the second stage
    sy: float
    step: int  # subsampling stride of the first stage

    def to_photo(self, corners: Corners) -> Corners:
        """Working coordinates to the photograph's (pixel centres at +0.5 in both)."""
        return ((corners + 0.5) * np.array([self.sx, self.sy]) - 0.5) * self.step


def working_copy(image: Image, side: int = WORK_SIDE) -> Working:
    """Subsample by a stride down to at most twice ``side``, then area-resample to ``side``.

    Averaging all 12 million pixels would cost more than the detection itself; a strided
    view costs nothing, and the area stage after it still averages several samples per
    pixel, which is all the paper mask needs (text aliasing is closed over anyway).
    """
    h, w = image.shape[:2]
    step = max(1, max(h, w) // (2 * side))
    sub = image[::step, ::step] if step > 1 else image
    ch, cw = sub.shape[:2]
    scale = side / max(ch, cw)
    if scale >= 1:
        return Working(np.ascontiguousarray(sub), 1.0, 1.0, step)
    small = cv2.resize(sub, (max(1, round(cw * scale)), max(1, round(ch * scale))), interpolation=cv2.INTER_AREA)
    return Working(small, cw / small.shape[1], ch / small.shape[0], step)


def find_quad(small: Image) -> Corners | None:
    """The page's corners in the working image's pixels, or None when no page is in view."""
    mask = paper_mask(small)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if count < 2:
        return None
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    if stats[best, cv2.CC_STAT_AREA] < MIN_AREA * mask.size:
        return None
    region = (labels == best).astype(np.uint8)
    white = whiteness(small)
    inside, outside = percentile_u8(white, 50, region), percentile_u8(white, 50, 1 - region)
    if inside < MIN_PAPER or inside < outside + MIN_CONTRAST:
        return None  # the brighter part of an empty desk, not paper
    contours, _ = cv2.findContours(region, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contour = max(contours, key=cv2.contourArea)
    h, w = region.shape
    pts = contour.reshape(-1, 2)
    on_edge = (pts[:, 0] <= 1) | (pts[:, 0] >= w - 2) | (pts[:, 1] <= 1) | (pts[:, 1] >= h - 2)
    if on_edge.mean() > MAX_CUT_OFF:
        return None  # the paper runs out of the frame: its corners are not all in view
    quad = _quad(cv2.convexHull(contour))
    if quad is None or cv2.contourArea(quad.astype(np.float32)) < MIN_AREA * mask.size:
        return None
    return order_corners(_refine(order_corners(quad), contour.reshape(-1, 2).astype(np.float64)))


def find_page(image: Image) -> Corners | None:
    """The page's corners in ``image`` (BGR) pixels, or None when no page is in view."""
    work = working_copy(image)
    quad = find_quad(work.image)
    return None if quad is None else work.to_photo(quad)
