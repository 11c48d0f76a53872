"""Finding the CJK fonts used to draw receipts (Pillow) and documents (ReportLab).

The kiosk does not bundle a font: WenQuanYi Micro Hei (5 MB) and Zen Hei (16 MB)
come from the Debian packages ``fonts-wqy-microhei`` / ``fonts-wqy-zenhei``
(listed in the Makefile's APT_PACKAGES). Micro Hei is the main face; Zen Hei is
the fallback for rarer characters that Micro Hei lacks (䶮 U+4DAE, CJK
extension A). ``KIOSK_CJK_FONT`` names an extra font file tried first, and any
``.ttf``/``.ttc`` in ``assets/fonts`` is tried before the system paths.
A missing font is a :class:`FontNotFound` saying which package to install.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

from kiosk.paths import ASSETS_DIR

SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)


class FontNotFound(RuntimeError):
    """No usable CJK font; the message tells the technician what to install."""


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0  # face within a .ttc collection

    @property
    def name(self) -> str:
        return self.path.stem


def _candidates() -> list[Path]:
    paths: list[Path] = []
    env = os.environ.get("KIOSK_CJK_FONT")
    if env:
        paths.append(Path(env))
    fonts_dir = ASSETS_DIR / "fonts"
    if fonts_dir.is_dir():
        paths += sorted(p for p in fonts_dir.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))
    paths += list(SYSTEM_FONTS)
    return paths


@lru_cache(maxsize=1)
def cjk_faces() -> tuple[FontFace, ...]:
    """Usable faces, main face first. Raises :class:`FontNotFound` when there is none."""
    faces = tuple(FontFace(p) for p in _candidates() if p.is_file())
    if not faces:
        raise FontNotFound(
            "no CJK font found: install Debian packages fonts-wqy-microhei and fonts-wqy-zenhei "
            "(apt-get install -y fonts-wqy-microhei fonts-wqy-zenhei) or set KIOSK_CJK_FONT to a .ttf/.ttc file"
        )
    return faces


@lru_cache(maxsize=8)
def coverage(face: FontFace) -> frozenset[int]:
    """Code points the face has a glyph for (read from its cmap with ReportLab's parser)."""
    from reportlab.pdfbase.ttfonts import TTFontFile  # lazy: reportlab costs 0.18 s and 12 MB at import

    ttf = TTFontFile(str(face.path), subfontIndex=face.index)
    return frozenset(ttf.charToGlyph)


def face_for(ch: str) -> FontFace | None:
    """The first face that can draw ``ch``, or None (emoji and the like)."""
    cp = ord(ch)
    for face in cjk_faces():
        if cp in coverage(face):
            return face
    return None


@lru_cache(maxsize=64)
def pil_font(face: FontFace, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(face.path), size, index=face.index)
