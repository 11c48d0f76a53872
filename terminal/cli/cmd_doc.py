"""``kiosk doc scan --in PHOTO --out PAGE.png [--json] [--mode gray|color|bw]``: a copy of a photographed page.

Finds the page in the photograph, straightens and cleans it, and checks that it is sharp
and free of glare. ``--json`` prints ``{"corners": [[x, y], ...4], "sharpness": float,
"accepted": bool, "reason": str}``, the corners in the photograph's pixels (top-left,
top-right, bottom-right, bottom-left; empty when no page was found). The copy is written
to ``--out`` only when accepted (a technician's file: it is in clear, unlike the pages of a
submission). Exit codes: 0 accepted, 1 refused (``no_page``, ``blurred``, ``glare``),
2 bad arguments or an unreadable photograph.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from terminal.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).

MAX_PHOTO_BYTES = 64 * 2**20
MAX_PHOTO_PIXELS = 64_000_000  # a 48 MP phone photo fits; anything larger is not a document photo
OUT_SUFFIXES = (".png", ".jpg", ".jpeg")

if TYPE_CHECKING:
    from kiosk.pages.detect import Image


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("doc", help="document camera: make a copy of a photographed page")
    doc = p.add_subparsers(dest="doc_command", required=True)
    s = doc.add_parser("scan", help="find, straighten and check the page in a photograph",
                       description="Exit 0 accepted, 1 refused (no_page, blurred, glare), 2 bad arguments.")
    s.add_argument("--in", dest="photo", type=Path, required=True, help="the photograph (JPEG or PNG)")
    s.add_argument("--out", type=Path, required=True, help="where to write the copy (.png or .jpg), if accepted")
    s.add_argument("--json", action="store_true",
                   help='machine-readable: {"corners", "sharpness", "accepted", "reason"}')
    s.add_argument("--mode", choices=("gray", "color", "bw"), default="gray", help="the copy's colours (gray)")
    s.set_defaults(func=run)


def read_photo(path: Path) -> Image:
    """Decode ``path`` after bounding it (file size, then the pixel count from the header)."""
    import cv2
    import numpy as np
    from PIL import Image as PILImage
    from PIL import UnidentifiedImageError

    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    if path.stat().st_size > MAX_PHOTO_BYTES:
        raise ValueError(f"{path}: larger than {MAX_PHOTO_BYTES // 2**20} MB")
    try:
        with PILImage.open(path) as probe:
            width, height = probe.size
    except (UnidentifiedImageError, OSError, PILImage.DecompressionBombError) as exc:
        raise ValueError(f"{path}: not a readable image ({type(exc).__name__})") from None
    if width * height > MAX_PHOTO_PIXELS:
        raise ValueError(f"{path}: {width}x{height} is more than {MAX_PHOTO_PIXELS // 1_000_000} MP")
    image: Image | None = cv2.imdecode(np.frombuffer(path.read_bytes(), np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError(f"{path}: the image cannot be decoded")
    return image


def _write(path: Path, page: Image) -> bool:
    import cv2

    try:
        return bool(cv2.imwrite(str(path), page))
    except cv2.error:
        return False


def run(args: argparse.Namespace) -> int:
    from kiosk.pages.reasons import retake_text
    from kiosk.pages.scan import scan

    if args.out.suffix.lower() not in OUT_SUFFIXES:
        print(f"kiosk doc scan: --out must end in one of {', '.join(OUT_SUFFIXES)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        photo = read_photo(args.photo)
    except ValueError as exc:
        print(f"kiosk doc scan: {exc}", file=sys.stderr)
        return EXIT_USAGE
    result = scan(photo, args.mode)  # type: ignore[arg-type]
    if result.accepted and result.page is not None and not _write(args.out, result.page):
        print(f"kiosk doc scan: cannot write {args.out}", file=sys.stderr)
        return EXIT_USAGE
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(f"{result.reason}: sharpness {result.sharpness:.2f}, glare {result.glare:.4f}")
        if result.accepted:
            print(f"wrote {args.out}")
        else:
            print(retake_text(result.reason, "en_US"))
    return EXIT_OK if result.accepted else EXIT_FAIL
