"""Compressing a page to its size budget, readable at 200 dpi.

The budget (:data:`PAGE_BUDGET_BYTES`, 400 kB) is per page, after correction: an A4 page is
kept at 200 dpi (at most 2339 px on its long side, :data:`kiosk.pages.correct.MAX_LONG_SIDE`),
which is what a clerk needs to read 8-point print and what a counter printer reproduces.
A grey or colour page is a JPEG at the highest quality that fits (85 first, then a binary
search down to :data:`MIN_QUALITY`); a black-and-white page is a 1-bit PNG (lossless, and
usually a tenth of the budget). Only a page that does not fit even at the lowest quality
is scaled down, in steps, never below 150 dpi; past that it is refused.

Why 400 kB: a sealed page travels as its own outbox item, base64 in JSON (x 4/3), so a page
at the budget is about 534 kB on the wire, under the outbox batch limit
(:data:`sync.outbox.MAX_BATCH_BYTES`, 900 kB) and the hub's 1 MiB request limit.
"""

from __future__ import annotations

import cv2

from contract.pages import EncodedPage
from kiosk.pages.correct import Mode
from kiosk.pages.detect import Image

PAGE_BUDGET_BYTES = 400_000
START_QUALITY = 85
MIN_QUALITY = 40
MIN_SCALE = 150 / 200  # never below 150 dpi


class PageTooLarge(ValueError):
    """The page cannot be made to fit its budget without becoming unreadable."""


def _jpeg(page: Image, quality: int) -> bytes:
    ok, buf = cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, quality, cv2.IMWRITE_JPEG_OPTIMIZE, 1])
    if not ok:
        raise ValueError("the page cannot be encoded as JPEG")
    return buf.tobytes()


def _fit_jpeg(page: Image, budget: int) -> tuple[bytes, int] | None:
    """The best quality in [MIN_QUALITY, START_QUALITY] whose JPEG fits, or None."""
    data = _jpeg(page, START_QUALITY)
    if len(data) <= budget:
        return data, START_QUALITY
    lo, hi, best = MIN_QUALITY, START_QUALITY - 1, None
    while lo <= hi:
        q = (lo + hi) // 2
        candidate = _jpeg(page, q)
        if len(candidate) <= budget:
            best, lo = (candidate, q), q + 1
        else:
            hi = q - 1
    return best


def compress(page: Image, mode: Mode = "gray", budget: int = PAGE_BUDGET_BYTES) -> EncodedPage:
    """``page`` (as :func:`kiosk.pages.correct.enhance` made it) encoded within ``budget`` bytes."""
    scale = 1.0
    current = page
    while scale >= MIN_SCALE - 1e-9:
        h, w = current.shape[:2]
        if mode == "bw":
            ok, buf = cv2.imencode(".png", current, [cv2.IMWRITE_PNG_BILEVEL, 1, cv2.IMWRITE_PNG_COMPRESSION, 9])
            if ok and len(buf) <= budget:
                return EncodedPage(buf.tobytes(), "image/png", w, h, 0)
        else:
            fitted = _fit_jpeg(current, budget)
            if fitted is not None:
                return EncodedPage(fitted[0], "image/jpeg", w, h, fitted[1])
        scale *= 0.9
        current = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    raise PageTooLarge(f"the page does not fit {budget} bytes even at {MIN_SCALE * 200:.0f} dpi")
