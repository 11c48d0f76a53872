"""ESC/POS command bytes, built here rather than through python-escpos.

python-escpos 3.1 mis-encodes Chinese (no ``FS &``, code-page fallback to ``?``)
and hides what goes on the wire, so the kiosk builds its own byte streams and
uses python-escpos only as the transport. Every builder returns ``bytes``.
"""

from __future__ import annotations

from PIL import Image

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
DLE = b"\x10"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"  # FS & : two-byte GB mode
CHINESE_OFF = FS + b"."  # FS . : leave it
CUT_FULL = GS + b"V\x00"
CUT_PARTIAL = GS + b"V\x01"

ALIGN = {"left": 0, "center": 1, "right": 2}

# Maximum rows in one GS v 0 band; many printers cap the height and buffer
# whole bands, so tall images are sent as a series of bands.
RASTER_BAND_ROWS = 240

# QR error-correction level to the fn 69 parameter.
QR_EC = {"L": 0x30, "M": 0x31, "Q": 0x32, "H": 0x33}


def align(where: str) -> bytes:
    return ESC + b"a" + bytes([ALIGN[where]])


def bold(on: bool) -> bytes:
    return ESC + b"E" + bytes([1 if on else 0])


def char_size(width: int = 1, height: int = 1) -> bytes:
    """``GS !``: character magnification 1-8 in each direction."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError("magnification must be 1..8")
    return GS + b"!" + bytes([((width - 1) << 4) | (height - 1)])


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([max(0, min(255, lines))])


def feed_and_cut(lines: int = 3, partial: bool = True) -> bytes:
    """``GS V 66 n`` (partial) / ``GS V 65 n`` (full): feed to the cutter plus n lines, then cut."""
    return GS + b"V" + bytes([66 if partial else 65, max(0, min(255, lines))])


# GS I n, "printer information B": the printer answers 5Fh, the text, 00h (n = 65 firmware, 66 maker,
# 67 model, 68 serial). Older single-byte ids (n = 1..3) say nothing a technician can order by.
INFO_HEADER = 0x5F
INFO_QUERIES = {"firmware": 65, "maker": 66, "model": 67, "serial": 68}


def info_query(n: int) -> bytes:
    """``GS I n``: one piece of the printer's identity."""
    if n not in INFO_QUERIES.values():
        raise ValueError("GS I n must be 65..68")
    return GS + b"I" + bytes([n])


def status_query(n: int) -> bytes:
    """``DLE EOT n``: real-time status; n=1 printer, 2 offline cause, 4 paper sensor."""
    if n not in (1, 2, 3, 4):
        raise ValueError("DLE EOT n must be 1..4")
    return DLE + b"\x04" + bytes([n])


def _to_print_bits(img: Image.Image) -> tuple[bytes, int, int]:
    """Pack an image as ESC/POS raster bits (1 = burn a dot), width padded to a byte."""
    gray = img.convert("L")
    width_bytes = (gray.width + 7) // 8
    padded = Image.new("L", (width_bytes * 8, gray.height), 255)
    padded.paste(gray, (0, 0))
    # PIL mode "1" packs 1 for white; ESC/POS wants 1 for black: invert first.
    inverted = padded.point(lambda v: 255 if v < 128 else 0).convert("1", dither=Image.Dither.NONE)
    return inverted.tobytes(), width_bytes, gray.height


def raster(img: Image.Image, band_rows: int = RASTER_BAND_ROWS) -> bytes:
    """``GS v 0`` bands for an image (any mode; dark pixels print)."""
    data, width_bytes, height = _to_print_bits(img)
    out = bytearray()
    for top in range(0, height, band_rows):
        rows = min(band_rows, height - top)
        out += GS + b"v0\x00"
        out += bytes([width_bytes & 0xFF, width_bytes >> 8, rows & 0xFF, rows >> 8])
        out += data[top * width_bytes : (top + rows) * width_bytes]
    return bytes(out)


def qr_native(payload: str, module: int = 6, ec: str = "M") -> bytes:
    """``GS ( k`` model 2 QR: select model, module size, error correction, store, print."""
    data = payload.encode("utf-8")
    if not data:
        raise ValueError("empty QR payload")
    if len(data) > 7089:
        raise ValueError("QR payload too long")
    if not 1 <= module <= 16:
        raise ValueError("QR module size must be 1..16")
    n = len(data) + 3
    return b"".join(
        [
            GS + b"(k\x04\x001A2\x00",  # fn 65: model 2
            GS + b"(k\x03\x001C" + bytes([module]),  # fn 67: module size
            GS + b"(k\x03\x001E" + bytes([QR_EC[ec]]),  # fn 69: error correction
            GS + b"(k" + bytes([n & 0xFF, n >> 8]) + b"1P0" + data,  # fn 80: store
            GS + b"(k\x03\x001Q0",  # fn 81: print
        ]
    )
