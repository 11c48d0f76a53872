"""Generated documents: a page with Chinese and English text, a table and a red stamp.

The simulator photographs these pages (:mod:`devices.doccam.photo`). Everything is drawn
from a seed, so a test names a page by its seed and gets the same pixels every run. The
names and numbers on a page are invented (no real person's data).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from kiosk.fonts import cjk_faces
from kiosk.roles.doccam import Image

# (width, height) in millimetres
PAGE_SIZES: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "certificate": (190.0, 130.0)}

_TITLES = (("房屋租赁合同", "Tenancy Contract"), ("结婚证明", "Certificate of Marriage"),
           ("居民户口簿 常住人口登记卡", "Household Register: Resident Entry"),
           ("残疾人证明", "Disability Certificate"), ("居住证明", "Proof of Residence"))
_ZH = ("甲方", "乙方", "双方", "经协商一致", "自愿签订本合同", "房屋坐落于", "历下区示例社区", "租赁期限",
       "自二〇二六年一月一日起", "每月租金", "人民币", "押金", "违约责任", "本证明", "仅用于办理", "相关业务",
       "特此证明", "经办人", "联系电话", "登记机关", "户主姓名", "与户主关系", "出生日期", "文化程度")
_EN = ("the parties", "agree", "to the terms below", "the premises", "are located at", "Sample Community",
       "the monthly rent", "is payable", "in advance", "the deposit", "shall be returned", "this certificate",
       "is issued for", "the service requested", "date of birth", "registered residence", "signature")
_ROWS = (("姓名 Name", "张示例"), ("性别 Sex", "女 F"), ("出生 Born", "1968-05-12"),
         ("住址 Address", "示例路 12 号 3-201"), ("证件 ID", "370102********1234"), ("电话 Tel", "138****5678"))

PAPER = (242, 240, 234)
INK = (28, 30, 36)
STAMP = (205, 32, 38)


@dataclass(frozen=True)
class Page:
    """A rendered page (RGB) and its physical size in millimetres."""

    image: Image
    size_mm: tuple[float, float]


def _font(px: int) -> ImageFont.FreeTypeFont:
    face = cjk_faces()[0]
    return ImageFont.truetype(str(face.path), max(6, px), index=face.index)


def _sentence(rng: random.Random) -> str:
    zh = "，".join(rng.choice(_ZH) for _ in range(rng.randint(2, 4))) + "。"
    en = " ".join(rng.choice(_EN) for _ in range(rng.randint(3, 5)))
    return zh + " " + en[0].upper() + en[1:] + "."


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if draw.textlength(line + ch, font=font) > width:
            lines.append(line)
            line = ch.lstrip()
        else:
            line += ch
    return lines + [line] if line else lines


def _stamp(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    """A round official seal: ring, five-pointed star, the issuer's name."""
    w = max(2, int(r * 0.07))
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=STAMP, width=w)
    star = []
    for k in range(10):
        a = -math.pi / 2 + k * math.pi / 5
        rr = r * (0.33 if k % 2 == 0 else 0.13)
        star.append((cx + rr * math.cos(a), cy - r * 0.1 + rr * math.sin(a)))
    draw.polygon(star, fill=STAMP)
    font = _font(int(r * 0.15))
    for text, dy in (("示例社区居民委员会", 0.42), ("专用章", 0.68)):
        tw = draw.textlength(text, font=font)
        draw.text((cx - tw / 2, cy + r * dy - r * 0.2), text, fill=STAMP, font=font)


def render_page(seed: int, width_px: int, kind: str = "a4", skew_deg: float = 0.0) -> Page:
    """A page ``width_px`` wide. ``skew_deg`` prints the content crooked on the sheet (for deskew)."""
    if kind not in PAGE_SIZES:
        raise ValueError(f"unknown page kind {kind!r}; expected one of {sorted(PAGE_SIZES)}")
    rng = random.Random(seed)
    w_mm, h_mm = PAGE_SIZES[kind]
    w, h = width_px, round(width_px * h_mm / w_mm)
    img = PILImage.new("RGB", (w, h), PAPER)
    draw = ImageDraw.Draw(img)
    unit = w / 40 if kind == "a4" else h / 26
    margin = w * 0.1
    title_zh, title_en = rng.choice(_TITLES)
    y = h * 0.07
    for text, px in ((title_zh, int(unit * 1.6)), (title_en, int(unit * 1.0))):
        font = _font(px)
        draw.text(((w - draw.textlength(text, font=font)) / 2, y), text, fill=INK, font=font)
        y += px * 1.5
    body = _font(int(unit * 0.75))
    paragraphs = 3 if kind == "a4" else 1
    for _ in range(paragraphs):
        for line in _wrap(draw, _sentence(rng) + _sentence(rng), body, w - 2 * margin):
            draw.text((margin, y), line, fill=INK, font=body)
            y += unit * 1.15
        y += unit * 0.5
    rows = _ROWS[: 6 if kind == "a4" else 3]
    row_h, col = unit * 1.6, margin + (w - 2 * margin) * 0.35
    line_w = max(1, int(unit * 0.06))
    for i in range(len(rows) + 1):
        draw.line((margin, y + i * row_h, w - margin, y + i * row_h), fill=INK, width=line_w)
    for x in (margin, col, w - margin):
        draw.line((x, y, x, y + len(rows) * row_h), fill=INK, width=line_w)
    for i, (label, value) in enumerate(rows):
        draw.text((margin + unit * 0.3, y + i * row_h + unit * 0.35), label, fill=INK, font=body)
        draw.text((col + unit * 0.3, y + i * row_h + unit * 0.35), value, fill=INK, font=body)
    y += len(rows) * row_h + unit
    if kind == "a4":
        for line in _wrap(draw, _sentence(rng), body, w - 2 * margin):
            draw.text((margin, y), line, fill=INK, font=body)
            y += unit * 1.15
    date = "二〇二六年十一月二十日"
    draw.text((w - margin - draw.textlength(date, font=body), h - h * 0.12), date, fill=INK, font=body)
    _stamp(draw, w - margin - unit * 3.2, h - h * 0.12 - unit * 1.2, unit * 3.0)
    if skew_deg:
        img = img.rotate(skew_deg, resample=PILImage.Resampling.BICUBIC, fillcolor=PAPER)
    return Page(np.asarray(img, dtype=np.uint8), (w_mm, h_mm))
