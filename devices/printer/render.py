"""Blocks to ESC/POS bytes, in text mode or raster mode.

Text mode enters Chinese mode (``FS &``) and sends each line as GB18030 bytes:
ASCII single-byte, everything else two-byte. A line holding a character that has
no two-byte code (GB18030 four-byte characters such as 䶮, emoji) is drawn with
the CJK font and sent as a ``GS v 0`` raster line instead, on the same cell
grid, so it lines up with its neighbours.

Raster mode draws the whole slip as one image (in bands): slower on the wire,
but it prints the same on every printer whatever its built-in fonts.
"""

from __future__ import annotations

import segno
from PIL import Image, ImageDraw

from devices.printer import commands as cmd
from devices.printer.layout import (
    Block,
    Feed,
    Qr,
    Rule,
    Text,
    clean,
    diagnostic_page_blocks,
    receipt_blocks,
    ticket_blocks,
)
from devices.printer.profile import CELL_DOTS, LINE_DOTS, PrinterProfile
from kiosk.fonts import face_for, pil_font
from kiosk.receipt import Receipt
from kiosk.ticket import QueueTicket

LINE_GAP = 6  # dots between text lines (24-dot font + 6 = the usual 30-dot line)
ELLIPSIS = "…"


def _in_printer_font(code: bytes) -> bool:
    """Whether a two-byte code lies in the GBK areas printer fonts carry.

    The user-defined areas (AAA1-AFFE, F8A1-FEFE, A140-A7A0) and FE50-FEA0 hold
    no glyph in printer ROMs. Python maps some GB18030-2005 characters there:
    䶮 (U+4DAE) encodes as FE 9F, yet no printer font has it.
    """
    lead, trail = code[0], code[1]
    if 0xAA <= lead <= 0xAF and trail >= 0xA1:
        return False
    if 0xF8 <= lead <= 0xFE and trail >= 0xA1:
        return False
    if 0xA1 <= lead <= 0xA7 and trail <= 0xA0:
        return False
    if lead == 0xFE and 0x50 <= trail <= 0xA0:
        return False
    return True


def gb_bytes(ch: str, charset: str = "gbk") -> bytes | None:
    """The character's one- or two-byte GB code a printer can print, or None when it needs raster.

    ``charset="gb2312"`` is for printers whose ROM font only has GB2312 (lead and trail bytes
    A1-FE): GBK-only characters common in names (喆, 昇) then go to raster too.
    """
    try:
        b = ch.encode("gb18030")
    except UnicodeEncodeError:
        return None
    if len(b) == 1:
        return b if 0x20 <= b[0] < 0x7F else None
    if len(b) != 2 or not _in_printer_font(b):
        return None
    if charset == "gb2312" and not (0xA1 <= b[0] <= 0xF7 and b[1] >= 0xA1):
        return None
    return b


def cells(ch: str) -> int:
    """Width in 12-dot cells: ASCII one, everything else two (full width in Chinese mode)."""
    return 1 if ord(ch) < 0x80 else 2


def needs_raster(text: str, charset: str = "gbk") -> bool:
    return any(gb_bytes(ch, charset) is None for ch in text)


def wrap(text: str, cols: int, max_lines: int) -> list[str]:
    """Greedy wrap on the cell grid; ASCII words move whole to the next line when they fit there."""
    text = clean(text)
    if not text:
        return []
    lines: list[str] = []
    cur: list[str] = []
    width = 0
    for ch in text:
        w = cells(ch)
        if width + w > cols and cur:
            # keep an ASCII word together when it started on this line and fits on the next one
            tail: list[str] = []
            if ch.isascii() and ch != " " and cur[-1].isascii() and cur[-1] != " ":
                k = len(cur)
                while k > 0 and cur[k - 1].isascii() and cur[k - 1] != " ":
                    k -= 1
                if k > 0 and len(cur) - k < cols // 2:
                    tail = cur[k:]
                    cur = cur[:k]
            lines.append("".join(cur).rstrip())
            cur = tail
            width = sum(cells(c) for c in cur)
            if ch == " " and not cur:
                continue
        cur.append(ch)
        width += w
    if cur:
        lines.append("".join(cur).rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and sum(cells(c) for c in last) + cells(ELLIPSIS) > cols:
            last = last[:-1]
        lines[-1] = last + ELLIPSIS
    return lines


def _draw_cells(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, scale: int, bold: bool) -> None:
    """Draw ``text`` on the cell grid, each character with the first font that has it, a box if none does."""
    size = LINE_DOTS * scale
    for ch in text:
        w = cells(ch) * CELL_DOTS * scale
        if ch != " ":
            face = face_for(ch)
            if face is None:
                pad = max(2, size // 8)
                draw.rectangle((x + pad, y + pad, x + w - pad, y + size - pad), outline=0, width=max(1, scale))
            else:
                font = pil_font(face, size)
                glyph_w = font.getlength(ch)
                dy = 0
                if glyph_w > w:  # wide Latin glyphs (W, m) must stay inside their printer cell
                    smaller = max(6, int(size * w / glyph_w))
                    font = pil_font(face, smaller)
                    glyph_w = font.getlength(ch)
                    dy = (size - smaller) * 3 // 4
                gx = x + max(0, (w - glyph_w) / 2)
                draw.text((gx, y + dy), ch, font=font, fill=0, stroke_width=1 if bold else 0, stroke_fill=0)
        x += w


def line_width_dots(text: str, scale: int) -> int:
    return sum(cells(c) for c in text) * CELL_DOTS * scale


def _x_for(align: str, text_width: int, width: int) -> int:
    if align == "center":
        return max(0, (width - text_width) // 2)
    if align == "right":
        return max(0, width - text_width)
    return 0


def line_image(text: str, width: int, align: str = "left", scale: int = 1, bold: bool = False) -> Image.Image:
    """One text line as a white image of the paper width, alignment baked in."""
    img = Image.new("L", (width, LINE_DOTS * scale + LINE_GAP), 255)
    _draw_cells(ImageDraw.Draw(img), _x_for(align, line_width_dots(text, scale), width), LINE_GAP // 2, text, scale, bold)
    return img


MAX_QR_BYTES = 600  # beyond this a receipt QR is unreadable at thermal resolution: print a note instead


def qr_fits(payload: str) -> bool:
    return 0 < len(payload.encode("utf-8")) <= MAX_QR_BYTES


def qr_image(payload: str, module: int) -> Image.Image:
    """A QR code (error correction M, UTF-8 byte mode, 4-module quiet zone) as an image."""
    qr = segno.make_qr(payload, error="m", encoding="utf-8", boost_error=False)
    rows = [bytes(0 if dark else 255 for dark in row) for row in qr.matrix_iter(scale=module, border=4)]
    return Image.frombytes("L", (len(rows[0]), len(rows)), b"".join(rows))


def _text_mode(blocks: list[Block], profile: PrinterProfile) -> bytes:
    out = bytearray(cmd.INIT + cmd.CHINESE_ON)
    for block in blocks:
        if isinstance(block, Text):
            scale = max(1, min(3, block.scale))
            for line in wrap(block.text, profile.cols // scale, block.max_lines):
                if needs_raster(line, profile.charset):
                    out += cmd.align("left") + cmd.raster(line_image(line, profile.width_dots, block.align, scale, block.bold))
                else:
                    out += cmd.align(block.align) + cmd.bold(block.bold) + cmd.char_size(scale, scale)
                    out += b"".join(gb_bytes(ch, profile.charset) or b"?" for ch in line) + cmd.LF
                    out += cmd.char_size(1, 1) + cmd.bold(False)
        elif isinstance(block, Rule):
            ch = block.char if gb_bytes(block.char) and cells(block.char) == 1 else "-"
            out += cmd.align("left") + (ch * profile.cols).encode("ascii") + cmd.LF
        elif isinstance(block, Qr) and not qr_fits(block.payload):
            out += cmd.align("left") + b"".join(gb_bytes(c) or b"?" for c in "[QR code too long]") + cmd.LF
        elif isinstance(block, Qr):
            out += cmd.align("center")
            if profile.native_qr:
                out += cmd.qr_native(block.payload, profile.qr_module) + cmd.LF
            else:
                out += cmd.raster(qr_image(block.payload, profile.qr_module))
            out += cmd.align("left")
        elif isinstance(block, Feed):
            out += cmd.feed(block.lines)
    out += cmd.CHINESE_OFF + cmd.feed_and_cut(profile.cut_feed_lines)
    return bytes(out)


def slip_image(blocks: list[Block], profile: PrinterProfile) -> Image.Image:
    """The whole slip drawn as one image of the paper width (raster mode; also the on-screen preview)."""
    width = profile.width_dots
    parts: list[Image.Image] = []
    for block in blocks:
        if isinstance(block, Text):
            scale = max(1, min(3, block.scale))
            for line in wrap(block.text, profile.cols // scale, block.max_lines):
                parts.append(line_image(line, width, block.align, scale, block.bold))
        elif isinstance(block, Rule):
            img = Image.new("L", (width, LINE_DOTS + LINE_GAP), 255)
            mid = img.height // 2
            ImageDraw.Draw(img).line((0, mid, width - 1, mid), fill=0, width=2 if block.char == "=" else 1)
            parts.append(img)
        elif isinstance(block, Qr) and not qr_fits(block.payload):
            parts.append(line_image("[QR code too long]", width))
        elif isinstance(block, Qr):
            qr = qr_image(block.payload, profile.qr_module)
            if qr.width > width:
                qr = qr_image(block.payload, max(1, profile.qr_module * width // qr.width))
            img = Image.new("L", (width, qr.height), 255)
            img.paste(qr, ((width - qr.width) // 2, 0))
            parts.append(img)
        elif isinstance(block, Feed):
            parts.append(Image.new("L", (width, (LINE_DOTS + LINE_GAP) * block.lines), 255))
    height = max(1, sum(p.height for p in parts))
    page = Image.new("L", (width, height), 255)
    y = 0
    for p in parts:
        page.paste(p, (0, y))
        y += p.height
    return page


def _raster_mode(blocks: list[Block], profile: PrinterProfile) -> bytes:
    return cmd.INIT + cmd.raster(slip_image(blocks, profile)) + cmd.feed_and_cut(profile.cut_feed_lines)


def render_blocks(blocks: list[Block], profile: PrinterProfile) -> bytes:
    """One complete job: initialise, content, feed and cut."""
    if profile.mode == "raster":
        return _raster_mode(blocks, profile)
    return _text_mode(blocks, profile)


def render_receipt(receipt: Receipt, profile: PrinterProfile) -> bytes:
    return render_blocks(receipt_blocks(receipt), profile)


def render_ticket(ticket: QueueTicket, profile: PrinterProfile) -> bytes:
    return render_blocks(ticket_blocks(ticket), profile)


def render_test_page(profile: PrinterProfile) -> bytes:
    return render_blocks(diagnostic_page_blocks(profile.cols, profile.paper_mm, profile.mode), profile)
