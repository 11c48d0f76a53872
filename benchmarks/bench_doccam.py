"""Document camera benchmarks: from the shutter to the corrected preview, and the bytes a page costs.

1. For a 12-megapixel (4000x3000) and a 5-megapixel (2592x1944) generated photograph,
   JPEG-encoded as the camera's MJPG still would be: a bare JPEG decode of the same image
   (the baseline, measured in the same run), page detection alone, detection + perspective
   correction + deskew, and the whole scan (+ enhancement, sharpness and glare checks).
   Reported as milliseconds and as ratios to the decode. "Shutter to corrected preview"
   is decode + whole scan; the target is under 1 s on this machine.
2. Bytes per page after compression (grey JPEG, colour JPEG, black-and-white PNG) over a
   few generated documents, against the 400 kB budget.

Run: ``python -c "from benchmarks.bench_doccam import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import statistics

import cv2

from benchmarks.bench_printing import _median_s  # median of repeats after a warm-up call
from devices.doccam.photo import Scene, photograph
from kiosk.pages.compress import PAGE_BUDGET_BYTES, compress
from kiosk.pages.correct import deskew, enhance, rectify
from kiosk.pages.detect import Image, find_page
from kiosk.pages.scan import scan

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


def run(quick: bool) -> dict[str, float]:
    out: dict[str, float] = {"target_shutter_to_preview_s": TARGET_S}
    for label, size in SIZES.items():
        out.update(shutter_to_preview(label, size, 3 if quick else 10))
    out.update(page_bytes(range(2) if quick else range(6)))
    return out


if __name__ == "__main__":
    print(run(quick=False))
