"""The service's papers photographed in the resident flow: one step per material, several pages each.

After the form, every material of the service that the catalog gives an ``id``
(:class:`contract.catalog.Material`) becomes a step. The resident photographs its pages (the
document camera's still, made into a copy by :mod:`kiosk.pages`), sees each page and can
retake or delete it, or says "I will bring it to the counter". A required material needs a
page or the counter; an optional one may be skipped. Pages are kept in memory only, as the
compressed bytes that will be sealed (:class:`contract.pages.EncodedPage`), and are forgotten
with the identity (:meth:`MaterialSteps.clear`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from contract.catalog import Material
from contract.pages import MAX_PAGES_PER_MATERIAL, EncodedPage
from kiosk.pages import reasons
from kiosk.roles.doccam import DocCamera, Frame
from kiosk.submission import CAPTURED, COUNTER, SKIPPED, MaterialPages

if TYPE_CHECKING:  # the page pipeline (OpenCV) is imported where a page is taken: see take_page
    from kiosk.pages.correct import Mode
    from kiosk.pages.detect import Corners

PAGE_MODE: Mode = "gray"  # text on paper: grey keeps stamps and handwriting legible at a third of colour's bytes


@dataclass(frozen=True)
class Shot:
    """One press of the shutter: ``reason`` (a :mod:`kiosk.pages.reasons` code), the page when accepted."""

    reason: str
    corners: Corners | None = field(default=None, repr=False, compare=False)
    page: EncodedPage | None = field(default=None, repr=False)
    fault: str = ""  # for technicians: the camera's fault code

    @property
    def accepted(self) -> bool:
        return self.page is not None


def take_page(camera: DocCamera) -> Shot:
    """Still, copy, check, compress: the whole shutter press (seconds on a 12 MP camera: a worker's job)."""
    # Lazy, in the worker: OpenCV and numpy add 30 MB and 0.2-0.3 s (measured) to every kiosk start, and
    # a terminal without a document camera never presses the shutter.
    from kiosk.pages.compress import PageTooLarge, compress
    from kiosk.pages.scan import scan

    frame = camera.capture()
    if not isinstance(frame, Frame):
        return Shot(reasons.CAMERA, fault=getattr(frame, "code", "DOC-DISCONNECTED"))
    result = scan(frame.image, PAGE_MODE)
    if not result.accepted or result.page is None:
        return Shot(result.reason, result.corners)
    try:
        return Shot(reasons.OK, result.corners, compress(result.page, PAGE_MODE))
    except PageTooLarge:
        return Shot(reasons.TOO_LARGE, result.corners)


class MaterialSteps:
    """The capture steps of one application: where the resident is, and the pages taken so far."""

    def __init__(self, materials: Iterable[Material]) -> None:
        self.steps: tuple[Material, ...] = tuple(m for m in materials if m.capturable)
        self.pos = 0
        self.done = False  # the resident went past the last step once (a later form edit returns to review)
        self._pages: dict[str, list[EncodedPage]] = {}
        self._counter: set[str] = set()
        self.replacing: int | None = None  # the page (index) the next accepted shot replaces
        self.last_reason = ""  # the latest shot's reason code, "" before any shot on this step

    @property
    def current(self) -> Material | None:
        return self.steps[self.pos] if self.steps else None

    def _key(self) -> str:
        m = self.current
        assert m is not None and m.id is not None
        return m.id

    def pages(self, material: str | None = None) -> list[EncodedPage]:
        """The pages of ``material`` (the current step's by default)."""
        return list(self._pages.get(material or self._key(), []))

    @property
    def at_counter(self) -> bool:
        return self._key() in self._counter

    @property
    def can_continue(self) -> bool:
        """A required paper needs a page or the resident's word that they bring it; an optional one never blocks."""
        m = self.current
        return m is None or not m.required or bool(self.pages()) or self.at_counter

    @property
    def full(self) -> bool:
        return len(self.pages()) >= MAX_PAGES_PER_MATERIAL and self.replacing is None

    def record(self, shot: Shot) -> None:
        """A shutter press's verdict: an accepted page is added (or replaces the page being retaken)."""
        self.last_reason = shot.reason
        if shot.page is None:
            return
        pages = self._pages.setdefault(self._key(), [])
        if self.replacing is not None and self.replacing < len(pages):
            pages[self.replacing] = shot.page
        elif len(pages) < MAX_PAGES_PER_MATERIAL:
            pages.append(shot.page)
        self.replacing = None
        self._counter.discard(self._key())

    def retake(self, index: int) -> None:
        """The next accepted shot replaces page ``index`` (from 0)."""
        if 0 <= index < len(self.pages()):
            self.replacing = index

    def delete(self, index: int) -> None:
        pages = self._pages.get(self._key(), [])
        if 0 <= index < len(pages):
            del pages[index]
        self.replacing = None

    def bring_to_counter(self) -> None:
        """The resident hands this paper in at the counter: no page of it is sent."""
        self._pages.pop(self._key(), None)
        self._counter.add(self._key())
        self.replacing = None

    def next(self) -> bool:
        """On to the next step (True), or past the last one (False: the caller shows the review)."""
        self.replacing = None
        self.last_reason = ""
        if self.pos + 1 < len(self.steps):
            self.pos += 1
            return True
        self.done = True
        return False

    def back(self) -> bool:
        """To the previous step (True), or False at the first one (Back leaves the capture screen)."""
        self.replacing = None
        self.last_reason = ""
        if self.pos > 0:
            self.pos -= 1
            return True
        return False

    def outcome(self) -> tuple[MaterialPages, ...]:
        """Every material's status for the submission, captured pages included."""
        out = []
        for m in self.steps:
            assert m.id is not None
            pages = tuple(self._pages.get(m.id, ()))
            status = CAPTURED if pages else COUNTER if (m.id in self._counter or m.required) else SKIPPED
            out.append(MaterialPages(m.id, status, pages))
        return tuple(out)

    def page_count(self) -> int:
        return sum(len(p) for p in self._pages.values())

    def clear(self) -> None:
        """Forget every page (the session wipe, or the identity leaving with its card)."""
        self._pages.clear()
        self._counter.clear()
        self.replacing = None


def at_counter(materials: Iterable[Material]) -> tuple[MaterialPages, ...]:
    """Without a document camera every paper is handed in at the counter, as the guide says."""
    return tuple(MaterialPages(m.id, COUNTER) for m in materials if m.id is not None)
