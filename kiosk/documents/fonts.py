"""Registering the embedded CJK fonts with ReportLab.

``UnicodeCIDFont('STSong-Light')`` would need no file but is not embedded, so a
printer or viewer without the font shows boxes. WenQuanYi Micro Hei is embedded
(subset) instead, with Zen Hei as the fallback for characters Micro Hei lacks
(䶮 and other CJK extension A characters in names). Noto CJK's OTF files have
CFF outlines, which ReportLab's TTFont rejects.
"""

from __future__ import annotations

from functools import lru_cache
from xml.sax.saxutils import escape

from kiosk.fonts import FontNotFound, cjk_faces, coverage

MAIN = "KioskCJK"
FALLBACK = "KioskCJKFallback"

__all__ = ["FALLBACK", "MAIN", "FontNotFound", "markup", "register_fonts"]


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, str | None]:
    """Register the main and fallback faces once; returns their ReportLab names."""
    from reportlab.pdfbase import pdfmetrics  # lazy: reportlab costs 0.18-0.29 s and 12 MB at import
    from reportlab.pdfbase.ttfonts import TTFont  # lazy: as above

    faces = cjk_faces()
    pdfmetrics.registerFont(TTFont(MAIN, str(faces[0].path), subfontIndex=faces[0].index))
    fallback = None
    if len(faces) > 1:
        pdfmetrics.registerFont(TTFont(FALLBACK, str(faces[1].path), subfontIndex=faces[1].index))
        fallback = FALLBACK
    return MAIN, fallback


def markup(text: str) -> str:
    """Paragraph markup for ``text``: XML-escaped, characters missing from the main face switched to the
    fallback face, characters no face has replaced by U+25A1 (□) rather than dropped silently."""
    main, fallback = register_fonts()
    faces = cjk_faces()
    main_cov = coverage(faces[0])
    fb_cov = coverage(faces[1]) if fallback else frozenset()
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if ch in "\n":
            out.append("<br/>")
        elif cp in main_cov or ch in " \t":
            out.append(escape(ch))
        elif cp in fb_cov:
            out.append(f'<font name="{fallback}">{escape(ch)}</font>')
        else:
            out.append("□")
    return "".join(out)
