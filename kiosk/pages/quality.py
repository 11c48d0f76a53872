"""Is the copy good enough to send? Sharpness and glare, measured so that thresholds travel.

Sharpness is the variance of the Laplacian of the corrected page resampled to a fixed
:data:`SHARPNESS_SIDE` pixels on its long side (so a 5 MP and a 12 MP camera are judged on
the same page scale), taken over the page's edge pixels only (a page with little text is
not "blurred") and divided by the square of its ink-to-paper contrast (a dim photograph is
not "blurred" either), times 100. Sharp print scores 4 to 30; a defocus of about a
stroke's width (text a clerk could not read at 200 dpi) scores under 1, and anything
under :data:`MIN_SHARPNESS` is refused.

Glare is a specular highlight: a blob of blown-out pixels (every channel near 255) that is
clearly brighter than the page's paper; its share of the page area is compared with
:data:`MAX_GLARE`.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.pages.detect import Corners, Image, percentile_u8, whiteness

SHARPNESS_SIDE = 1000
MIN_SHARPNESS = 1.2
MAX_GLARE = 0.004
BLOWN_OUT = 248


def sharpness(page_gray: Image) -> float:
    """Resolution-normalised variance of the Laplacian over edge pixels (see the module docstring)."""
    scale = SHARPNESS_SIDE / max(page_gray.shape)
    g = cv2.resize(page_gray, None, fx=scale, fy=scale,
                   interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC).astype(np.float32)
    g8 = g.astype(np.uint8)
    contrast = max(float(percentile_u8(g8, 99.0) - percentile_u8(g8, 1.0)), 16.0)
    lap = cv2.Laplacian(g, cv2.CV_32F, ksize=1)
    grad = cv2.magnitude(cv2.Sobel(g, cv2.CV_32F, 1, 0), cv2.Sobel(g, cv2.CV_32F, 0, 1))
    flat = grad.ravel()
    edges = grad > np.partition(flat, int(flat.size * 0.95))[int(flat.size * 0.95)]
    if not edges.any():
        return 0.0
    return float(100.0 * lap[edges].var() / contrast**2)


def glare(small: Image, corners: Corners) -> float:
    """The largest highlight's share of the page area, in the working copy (corners in its pixels)."""
    page = np.zeros(small.shape[:2], np.uint8)
    cv2.fillConvexPoly(page, np.round(corners).astype(np.int32), 1)
    area = int(page.sum())
    if area == 0:
        return 0.0
    white = whiteness(small)
    paper = percentile_u8(white, 50, page)
    blown: Image = ((white >= BLOWN_OUT) & (white > paper + 10) & (page > 0)).astype(np.uint8)
    blown = cv2.morphologyEx(blown, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(blown, connectivity=8)
    if count < 2:
        return 0.0
    return float(stats[1:, cv2.CC_STAT_AREA].max() / area)
