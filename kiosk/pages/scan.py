"""One photograph in, one verdict out: the page's corners, its corrected copy, and accepted or why not.

The order of the checks is the order a resident can fix things in: no page in view first,
then glare (move the paper), then blur (hold still). A refused photograph still returns
its corrected copy when a page was found, so the preview can show what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2

from kiosk.pages import reasons
from kiosk.pages.correct import MAX_LONG_SIDE, Mode, deskew, enhance, rectify
from kiosk.pages.detect import Corners, Image, find_quad, working_copy
from kiosk.pages.quality import MAX_GLARE, MIN_SHARPNESS, glare, sharpness


@dataclass(frozen=True)
class ScanResult:
    corners: Corners | None  # in the photograph's pixels, TL, TR, BR, BL
    sharpness: float
    glare: float
    reason: str  # a code from kiosk.pages.reasons
    skew_deg: float = 0.0
    page: Image | None = field(default=None, repr=False, compare=False)

    @property
    def accepted(self) -> bool:
        return self.reason == reasons.OK

    def as_json(self) -> dict[str, object]:
        """The ``kiosk doc scan --json`` contract: corners, sharpness, accepted, reason."""
        corners = [] if self.corners is None else [[round(float(x), 1), round(float(y), 1)] for x, y in self.corners]
        return {"corners": corners, "sharpness": round(self.sharpness, 3), "accepted": self.accepted,
                "reason": self.reason}


def scan(photo: Image, mode: Mode = "gray", max_long: int = MAX_LONG_SIDE) -> ScanResult:
    """Find, correct and check the page in ``photo`` (BGR, or grey)."""
    if photo.ndim == 2:
        photo = cv2.cvtColor(photo, cv2.COLOR_GRAY2BGR)
    work = working_copy(photo)
    quad = find_quad(work.image)
    if quad is None:
        return ScanResult(None, 0.0, 0.0, reasons.NO_PAGE)
    corners = work.to_photo(quad)
    straight, skew = deskew(rectify(photo, corners, max_long))
    gray = cv2.cvtColor(straight, cv2.COLOR_BGR2GRAY)
    sharp = sharpness(gray)
    shine = glare(work.image, quad)
    reason = reasons.GLARE if shine > MAX_GLARE else reasons.BLURRED if sharp < MIN_SHARPNESS else reasons.OK
    page = enhance(gray if mode != "color" else straight, mode)
    return ScanResult(corners, sharp, shine, reason, skew, page)
