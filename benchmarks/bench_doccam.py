"""Document camera benchmarks: from the shutter to the corrected preview, and the bytes a page costs.

1. For a 12-megapixel (4000x3000) and a 5-megapixel (2592x1944) generated photograph,
   JPEG-encoded as the camera's MJPG still would be: a bare JPEG decode of the same image
   (the baseline, measured in the same run), page detection alone, detection + perspective
   correction + deskew, and the whole scan (+ enhancement, sharpness and glare checks).
   Reported as milliseconds and as ratios to the decode. "Shutter to corrected preview"
   is decode + whole scan; the target is under 1 s on this machine.
2. Bytes per page after compression (grey JPEG, colour JPEG, black-and-white PNG) over a
   few generated documents, against the 400 kB budget.
3. ``Store.submit`` with three photographed pages (sealed in the same transaction, queued as
   ``page`` items) against the same submission without pages, in the same run; and the
   bytes a page item takes on the wire.

Run: ``python -c "from benchmarks.bench_doccam import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import cv2

from benchmarks.bench_printing import _median_s  # median of repeats after a warm-up call
from contract.clock import FakeClock
from contract.idnumber import make_valid
from contract.pages import PAGE_KIND
from devices.doccam.photo import Scene, photograph
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.identity import CardType, Identity
from kiosk.pages.compress import PAGE_BUDGET_BYTES, compress
from kiosk.pages.correct import deskew, enhance, rectify
from kiosk.pages.detect import Image, find_page
from kiosk.pages.scan import scan
from kiosk.receipt import Receipt
from kiosk.submission import CAPTURED, MaterialPages, NewSubmission
from sync.store import Store

SIZES = {"12mp": (4000, 3000), "5mp": (2592, 1944)}
TARGET_S = 1.0


def shutter_to_preview(label: str, size: tuple[int, int], n: int) -> dict[str, float]:
    photo = photograph(Scene.random(41, size=size, rotation=-17.0, tilt=0.12, light=0.3))
    ok, jpeg = cv2.imencode(".jpg", photo.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    assert ok
    image: Image | None = cv2.imdecode(jpeg, cv2.IMREAD_COLOR)
    assert image is not None
    corners = find_page(image)
    assert corners is not None and scan(image).accepted

    decode = _median_s(lambda: cv2.imdecode(jpeg, cv2.IMREAD_COLOR), n)
    detect = _median_s(lambda: find_page(image), n)
    correct = _median_s(lambda: deskew(rectify(image, corners)), n)
    whole = _median_s(lambda: scan(image), n)
    return {f"{label}_decode_ms": round(decode * 1000, 1), f"{label}_detect_ms": round(detect * 1000, 1),
            f"{label}_detect_correct_ms": round((detect + correct) * 1000, 1),
            f"{label}_scan_ms": round(whole * 1000, 1),
            f"{label}_detect_correct_ratio_to_decode": round((detect + correct) / decode, 2),
            f"{label}_scan_ratio_to_decode": round(whole / decode, 2),
            f"{label}_shutter_to_preview_s": round(decode + whole, 3)}


def page_bytes(seeds: range) -> dict[str, float]:
    sizes: dict[str, list[int]] = {"gray": [], "color": [], "bw": []}
    for seed in seeds:
        image = photograph(Scene.random(seed, size=(4000, 3000), blur=0.0, glare=0.0)).image
        corners = find_page(image)
        assert corners is not None
        straight, _ = deskew(rectify(image, corners))
        for mode, found in sizes.items():
            found.append(len(compress(enhance(straight, mode), mode).data))  # type: ignore[arg-type]
    out: dict[str, float] = {f"page_{m}_kb_median": round(statistics.median(v) / 1000, 1) for m, v in sizes.items()}
    out.update({f"page_{m}_kb_max": round(max(v) / 1000, 1) for m, v in sizes.items()})
    out["page_budget_kb"] = PAGE_BUDGET_BYTES / 1000
    return out


def submit_with_pages(n: int) -> dict[str, float]:
    """Median ``Store.submit`` time with three grey pages of generated documents against none."""
    pages = []
    for seed in (3, 4, 5):
        image = photograph(Scene.random(seed, size=(2592, 1944), blur=0.0, glare=0.0)).image
        result = scan(image)
        assert result.page is not None
        pages.append(compress(result.page))
    ident = Identity(CardType.RESIDENT, "基准测试", make_valid("37010219800101123"), birth_date=date(1980, 1, 1))
    plain = NewSubmission("minimum_living_allowance", "minimum_living_allowance", 1, {"reason": "基准" * 20},
                          ident, "zh_CN")
    with_pages = replace(plain, materials=(MaterialPages("household_register", CAPTURED, tuple(pages[:2])),
                                           MaterialPages("household_income", CAPTURED, tuple(pages[2:]))))
    times: dict[str, list[float]] = {"plain": [], "pages": []}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "kiosk.sqlite3", clock=FakeClock())
        try:
            for i in range(n * 2):
                assert isinstance(store.clock, FakeClock)
                store.clock.advance(10)
                label, base = ("plain", plain) if i % 2 == 0 else ("pages", with_pages)
                sub = replace(base, submission_id=f"bench-{i}")
                started = time.perf_counter()
                store.submit(sub, lambda number: Receipt("中心", "办理回执", "低保", number, ident.masked_name,
                                                         ident.masked_id, store.clock.now()),
                             AuditRecord(AuditEvent.SUBMISSION_CREATED, store.clock.now(), {"service_id": "x"}))
                times[label].append(time.perf_counter() - started)
            wire = [len(json.dumps(i.body)) for i in store.due_items(limit=10) if i.kind == PAGE_KIND]
        finally:
            store.close()
    plain_s, pages_s = statistics.median(times["plain"]), statistics.median(times["pages"])
    return {"submit_plain_ms": round(plain_s * 1000, 1), "submit_3_pages_ms": round(pages_s * 1000, 1),
            "submit_3_pages_ratio": round(pages_s / plain_s, 2),
            "page_kb_median_5mp": round(statistics.median(len(p.data) for p in pages) / 1000, 1),
            "page_item_wire_kb_max": round(max(wire) / 1000, 1)}


def run(quick: bool) -> dict[str, float]:
    out: dict[str, float] = {"target_shutter_to_preview_s": TARGET_S}
    for label, size in SIZES.items():
        out.update(shutter_to_preview(label, size, 3 if quick else 10))
    out.update(page_bytes(range(2) if quick else range(6)))
    out.update(submit_with_pages(5 if quick else 20))
    return out


if __name__ == "__main__":
    print(run(quick=False))
