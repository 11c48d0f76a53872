"""Printer profiles: paper width in dots, render mode and QR flavour.

The profile, not python-escpos's capability database, decides geometry: the
default python-escpos profile has an unknown width, which silently disables
centring and width checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

RenderMode = Literal["text", "raster"]

CELL_DOTS = 12  # font A: 12x24 dots; a GB two-byte character takes two cells
LINE_DOTS = 24


@dataclass(frozen=True)
class PrinterProfile:
    paper_mm: int = 80
    width_dots: int = 576  # 80 mm at 203 dpi (72 mm printable)
    mode: RenderMode = "text"
    native_qr: bool = False
    qr_module: int = 6  # dots per QR module
    cut_feed_lines: int = 3
    charset: Literal["gbk", "gb2312"] = "gbk"  # two-byte repertoire of the printer's ROM font

    @property
    def cols(self) -> int:
        """Single-byte columns per line in font A (48 on 80 mm, 32 on 58 mm)."""
        return self.width_dots // CELL_DOTS

    @classmethod
    def for_paper(cls, paper_mm: int, mode: RenderMode = "text", native_qr: bool = False) -> PrinterProfile:
        if paper_mm == 80:
            return cls(80, 576, mode, native_qr, 6)
        if paper_mm == 58:
            return cls(58, 384, mode, native_qr, 5)
        raise ValueError(f"unsupported paper width {paper_mm} mm (58 or 80)")
