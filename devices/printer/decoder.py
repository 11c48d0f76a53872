"""Read an ESC/POS byte stream back: text lines, raster images, QR payloads, cuts.

There is no ESC/POS parser on PyPI or in Debian, so this is the kiosk's own. The
tokenizer knows the length of every command the kiosk (and common drivers)
send, so a ``DLE EOT`` byte pattern inside raster or QR data is never mistaken
for a status request. The simulator uses the same tokenizer incrementally;
tests and technicians (``kiosk print inspect``) use :func:`decode`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from devices.printer.profile import LINE_DOTS
from devices.printer.render import LINE_GAP, line_image, qr_image

# Fixed-length commands: prefix bytes -> total length.
_FIXED: dict[bytes, int] = {
    b"\x1b@": 2, b"\x1b2": 2, b"\x1b<": 2, b"\x1bi": 2, b"\x1bm": 2,
    b"\x1ba": 3, b"\x1bE": 3, b"\x1b!": 3, b"\x1bd": 3, b"\x1b3": 3, b"\x1bJ": 3, b"\x1bM": 3,
    b"\x1b-": 3, b"\x1bG": 3, b"\x1bt": 3, b"\x1bR": 3, b"\x1bV": 3, b"\x1b{": 3, b"\x1b ": 3,
    b"\x1bc": 4, b"\x1b$": 4, b"\x1b\\": 4, b"\x1bp": 5, b"\x1be": 3, b"\x1bU": 3, b"\x1br": 3,
    b"\x1c&": 2, b"\x1c.": 2, b"\x1c!": 3, b"\x1cC": 3, b"\x1cW": 3, b"\x1c-": 3, b"\x1cS": 4,
    b"\x1cp": 4,
    b"\x1d!": 3, b"\x1dB": 3, b"\x1dH": 3, b"\x1dh": 3, b"\x1dw": 3, b"\x1da": 3, b"\x1dr": 3,
    b"\x1df": 3, b"\x1db": 3, b"\x1dL": 4, b"\x1dW": 4, b"\x1dP": 4, b"\x1d$": 4,
    b"\x10\x04": 3, b"\x10\x05": 3, b"\x10\x14": 5,
}


@dataclass(frozen=True)
class Token:
    kind: str  # text, lf, cr, cmd, raster, gs_paren, status, info, cut, unknown
    raw: bytes

    @property
    def key(self) -> bytes:
        return self.raw[:2]


def next_token(buf: bytes | bytearray, pos: int) -> tuple[Token, int] | None:
    """The token starting at ``pos`` and the position after it; None if the buffer ends inside it."""
    n = len(buf)
    if pos >= n:
        return None
    b = buf[pos]
    if b >= 0x20:
        end = pos
        while end < n and buf[end] >= 0x20:
            end += 1
        return Token("text", bytes(buf[pos:end])), end
    if b == 0x0A:
        return Token("lf", b"\n"), pos + 1
    if b == 0x0D:
        return Token("cr", b"\r"), pos + 1
    if b not in (0x1B, 0x1C, 0x1D, 0x10):
        return Token("unknown", bytes([b])), pos + 1
    if pos + 1 >= n:
        return None
    key = bytes(buf[pos : pos + 2])
    if key == b"\x1dV":  # GS V m [n]
        if pos + 2 >= n:
            return None
        m = buf[pos + 2]
        length = 4 if m in (65, 66, 97, 98, 103, 104) else 3
        if pos + length > n:
            return None
        return Token("cut", bytes(buf[pos : pos + length])), pos + length
    if key == b"\x1dv":  # GS v 0 m xL xH yL yH d...
        if pos + 8 > n:
            return None
        xb = buf[pos + 4] | (buf[pos + 5] << 8)
        yb = buf[pos + 6] | (buf[pos + 7] << 8)
        end = pos + 8 + xb * yb
        if end > n:
            return None
        return Token("raster", bytes(buf[pos:end])), end
    if key in (b"\x1d(", b"\x1c("):  # GS ( fn pL pH ...
        if pos + 5 > n:
            return None
        plen = buf[pos + 3] | (buf[pos + 4] << 8)
        end = pos + 5 + plen
        if end > n:
            return None
        return Token("gs_paren", bytes(buf[pos:end])), end
    if key == b"\x1d8":  # GS 8 L p1 p2 p3 p4 ...
        if pos + 7 > n:
            return None
        plen = buf[pos + 3] | (buf[pos + 4] << 8) | (buf[pos + 5] << 16) | (buf[pos + 6] << 24)
        end = pos + 7 + plen
        if end > n:
            return None
        return Token("gs_paren", bytes(buf[pos:end])), end
    if key == b"\x1b*":  # ESC * m nL nH d...
        if pos + 5 > n:
            return None
        m = buf[pos + 2]
        dots = buf[pos + 3] | (buf[pos + 4] << 8)
        end = pos + 5 + dots * (3 if m in (32, 33) else 1)
        if end > n:
            return None
        return Token("cmd", bytes(buf[pos:end])), end
    if key == b"\x1dk":  # barcode
        if pos + 3 > n:
            return None
        m = buf[pos + 2]
        if m <= 6:
            end = bytes(buf).find(b"\x00", pos + 3)
            if end < 0:
                return None
            return Token("cmd", bytes(buf[pos : end + 1])), end + 1
        if pos + 4 > n:
            return None
        end = pos + 4 + buf[pos + 3]
        if end > n:
            return None
        return Token("cmd", bytes(buf[pos:end])), end
    if key == b"\x1dI":  # GS I n: transmit printer ID (answered, never printed)
        if pos + 3 > n:
            return None
        return Token("info", bytes(buf[pos : pos + 3])), pos + 3
    if key == b"\x10\x04":
        if pos + 3 > n:
            return None
        return Token("status", bytes(buf[pos : pos + 3])), pos + 3
    fixed = _FIXED.get(key)
    if fixed is None:
        return Token("unknown", key), pos + 2
    length = fixed
    if pos + length > n:
        return None
    return Token("cmd", bytes(buf[pos : pos + length])), pos + length


def tokenize(data: bytes) -> tuple[list[Token], bytes]:
    """All complete tokens and the incomplete tail (empty for a well-formed stream)."""
    tokens: list[Token] = []
    pos = 0
    while True:
        nxt = next_token(data, pos)
        if nxt is None:
            break
        tok, pos = nxt
        tokens.append(tok)
    return tokens, bytes(data[pos:])


def raster_to_image(raw: bytes) -> Image.Image:
    """A ``GS v 0`` token as a white-background grayscale image (burnt dots black)."""
    xb = raw[4] | (raw[5] << 8)
    yb = raw[6] | (raw[7] << 8)
    bits = Image.frombytes("1", (xb * 8, yb), raw[8 : 8 + xb * yb])
    return bits.convert("L").point(lambda v: 0 if v else 255)


@dataclass
class TextLine:
    text: str
    align: str = "left"
    bold: bool = False
    scale: int = 1


@dataclass
class RasterImage:
    image: Image.Image
    align: str = "left"


@dataclass
class QrCode:
    payload: str
    module: int = 6


@dataclass
class Cut:
    partial: bool = True


Element = TextLine | RasterImage | QrCode | Cut


@dataclass
class Decoded:
    elements: list[Element] = field(default_factory=list)
    status_queries: list[int] = field(default_factory=list)
    unknown: list[bytes] = field(default_factory=list)
    truncated: bytes = b""
    initialised: bool = False

    @property
    def lines(self) -> list[str]:
        return [e.text for e in self.elements if isinstance(e, TextLine)]

    @property
    def images(self) -> list[Image.Image]:
        return [e.image for e in self.elements if isinstance(e, RasterImage)]

    @property
    def native_qr_payloads(self) -> list[str]:
        return [e.payload for e in self.elements if isinstance(e, QrCode)]

    @property
    def cuts(self) -> int:
        return sum(1 for e in self.elements if isinstance(e, Cut))

    @property
    def complete(self) -> bool:
        """Initialised, ended by a cut (bare line feeds after it aside), nothing cut off."""
        tail = list(self.elements)
        while tail and isinstance(tail[-1], TextLine) and not tail[-1].text:
            tail.pop()  # python-escpos's LP transport adds a line feed after the job
        return self.initialised and not self.truncated and bool(tail) and isinstance(tail[-1], Cut)

    def page_image(self, width: int | None = None) -> Image.Image:
        """Everything on the slip drawn top to bottom, as a technician would see the paper."""

        widest = max([im.width for im in self.images], default=0)
        width = width or (widest if widest >= 384 else 576)
        parts: list[Image.Image] = []
        for e in self.elements:
            if isinstance(e, TextLine):
                parts.append(line_image(e.text, width, e.align, max(1, min(3, e.scale)), e.bold))
            elif isinstance(e, RasterImage):
                img = Image.new("L", (width, e.image.height), 255)
                x = {"left": 0, "center": (width - e.image.width) // 2, "right": width - e.image.width}[e.align]
                img.paste(e.image, (max(0, x), 0))
                parts.append(img)
            elif isinstance(e, QrCode):
                qr = qr_image(e.payload, e.module)
                img = Image.new("L", (width, qr.height), 255)
                img.paste(qr, (max(0, (width - qr.width) // 2), 0))
                parts.append(img)
            elif isinstance(e, Cut):
                img = Image.new("L", (width, LINE_DOTS + LINE_GAP), 255)
                for x in range(0, width, 12):
                    img.paste(0, (x, img.height // 2, x + 6, img.height // 2 + 1))
                parts.append(img)
        page = Image.new("L", (width, max(1, sum(p.height for p in parts))), 255)
        y = 0
        for p in parts:
            page.paste(p, (0, y))
            y += p.height
        return page

    def raster_qr_payloads(self) -> list[str]:
        """QR codes found in the raster images (zxing-cpp; empty when it is not installed)."""
        try:
            import zxingcpp  # lazy: an optional test dependency (the [test] extra)
        except ImportError:
            return []
        found = []
        for img in [self.page_image()] if self.images else []:
            for result in zxingcpp.read_barcodes(img.convert("L")):
                if result.format == zxingcpp.BarcodeFormat.QRCode:
                    found.append(result.text)
        return found


_ALIGN_NAMES = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}


def decode(stream: bytes) -> Decoded:
    """Decode a captured job. Text in Chinese mode is GB18030; otherwise single-byte (latin-1)."""
    tokens, tail = tokenize(stream)
    out = Decoded(truncated=tail)
    chinese = True  # most Chinese printers power up in Chinese mode
    align, bold, scale = "left", False, 1
    line = bytearray()
    line_attrs = (align, bold, scale)
    qr_module = 6
    qr_data: bytes | None = None
    last_was_raster = False

    def flush(force: bool) -> None:
        nonlocal line
        if line or force:
            text = line.decode("gb18030" if chinese else "latin-1", errors="replace")
            out.elements.append(TextLine(text, *line_attrs))
        line = bytearray()

    for tok in tokens:
        is_raster = False
        if tok.kind == "text":
            if not line:
                line_attrs = (align, bold, scale)
            line += tok.raw
        elif tok.kind == "lf":
            if not line:
                line_attrs = (align, bold, scale)
            flush(True)
        elif tok.kind == "cr":
            pass
        elif tok.kind == "status":
            out.status_queries.append(tok.raw[2])
        elif tok.kind == "raster":
            flush(False)
            img = raster_to_image(tok.raw)
            prev = out.elements[-1] if out.elements else None
            if last_was_raster and isinstance(prev, RasterImage) and prev.image.width == img.width:
                merged = Image.new("L", (img.width, prev.image.height + img.height), 255)
                merged.paste(prev.image, (0, 0))
                merged.paste(img, (0, prev.image.height))
                prev.image = merged
            else:
                out.elements.append(RasterImage(img, align))
            is_raster = True
        elif tok.kind == "cut":
            flush(False)
            out.elements.append(Cut(partial=tok.raw[2] in (1, 49, 66, 98, 104)))
        elif tok.kind == "gs_paren":
            if tok.raw[:3] == b"\x1d(k" and len(tok.raw) >= 8 and tok.raw[5] == 0x31:
                fn = tok.raw[6]
                if fn == 0x43:
                    qr_module = tok.raw[7]
                elif fn == 0x50:
                    qr_data = tok.raw[8:]
                elif fn == 0x51 and qr_data is not None:
                    flush(False)
                    out.elements.append(QrCode(qr_data.decode("utf-8", errors="replace"), qr_module))
        elif tok.kind == "cmd":
            key = tok.key
            if key == b"\x1b@":
                out.initialised = True
                align, bold, scale = "left", False, 1
            elif key == b"\x1c&":
                chinese = True
            elif key == b"\x1c.":
                chinese = False
            elif key == b"\x1ba":
                align = _ALIGN_NAMES.get(tok.raw[2], "left")
            elif key == b"\x1bE":
                bold = bool(tok.raw[2] & 1)
            elif key == b"\x1d!":
                scale = max((tok.raw[2] >> 4) + 1, (tok.raw[2] & 0x0F) + 1)
        else:
            out.unknown.append(tok.raw)
        last_was_raster = is_raster
    flush(False)
    return out
