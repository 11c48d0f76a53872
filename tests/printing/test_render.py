"""ESC/POS rendering, checked by decoding the bytes back (text, raster images, QR payloads)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from devices.printer import commands as cmd
from devices.printer.decoder import decode
from devices.printer.layout import MAX_LINES_PER_FIELD
from devices.printer.profile import PrinterProfile
from devices.printer.render import cells, gb_bytes, render_receipt, render_test_page, render_ticket, wrap
from kiosk.receipt import Receipt, sample_receipt
from kiosk.ticket import sample_ticket
from tests.printing.conftest import FIXED_TIME

RECEIPT = sample_receipt(FIXED_TIME)


def _qr_in(img: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(img) if r.format == zxingcpp.BarcodeFormat.QRCode]


def _ink(img: Image.Image) -> int:
    return img.convert("L").point(lambda v: 255 if v < 128 else 0).histogram()[255]


@pytest.mark.parametrize("paper", [58, 80])
def test_text_mode_sends_gb18030_in_chinese_mode_and_decodes_back(paper: int) -> None:
    profile = PrinterProfile.for_paper(paper, "text")
    data = render_receipt(RECEIPT, profile)
    assert data.startswith(cmd.INIT + cmd.CHINESE_ON)
    assert "居住证明开具".encode("gb18030") in data
    assert "居住证明开具".encode() not in data
    d = decode(data)
    assert d.complete and d.cuts == 1 and not d.unknown
    text = "".join(d.lines)
    for expected in ("历下区示例社区党群服务中心", "办理回执", "居住证明开具", "261126 0001 0001 7", "370102********1234"):
        assert expected in text
    for line in d.lines:
        assert sum(cells(c) for c in line) <= profile.cols  # nothing runs past the paper edge
    # the QR is a raster image that decodes to the payload
    assert _qr_in(d.page_image(profile.width_dots)) == [RECEIPT.qr_payload]


@pytest.mark.parametrize("paper", [58, 80])
def test_raster_mode_is_one_image_of_the_paper_width_with_a_readable_qr(paper: int) -> None:
    profile = PrinterProfile.for_paper(paper, "raster")
    d = decode(render_receipt(RECEIPT, profile))
    assert d.lines == [] and d.complete
    assert len(d.images) == 1 and d.images[0].width == profile.width_dots
    assert _qr_in(d.images[0]) == [RECEIPT.qr_payload]


def test_raster_mode_sends_bands_not_one_huge_image() -> None:
    data = render_receipt(RECEIPT, PrinterProfile.for_paper(80, "raster"))
    assert data.count(b"\x1dv0") > 1
    # bands are merged back into one image by the decoder
    assert len(decode(data).images) == 1


def test_native_qr_carries_the_payload_in_gs_paren_k_fn80() -> None:
    profile = PrinterProfile.for_paper(80, "text", native_qr=True)
    data = render_receipt(RECEIPT, profile)
    payload = RECEIPT.qr_payload.encode()
    n = len(payload) + 3
    assert b"\x1d(k" + bytes([n & 0xFF, n >> 8]) + b"1P0" + payload in data
    assert b"\x1d(k\x03\x001Q0" in data
    d = decode(data)
    assert d.native_qr_payloads == [RECEIPT.qr_payload]
    assert d.images == []


def test_native_qr_length_bytes_for_long_payload() -> None:
    payload = "X" * 300
    data = cmd.qr_native(payload)
    assert b"\x1d(k" + bytes([(303) & 0xFF, 303 >> 8]) + b"1P0" in data
    assert decode(data).native_qr_payloads == [payload]


def test_rare_name_character_is_printed_as_raster_never_as_an_unprintable_code() -> None:
    receipt = replace(RECEIPT, masked_name="王䶮")
    profile = PrinterProfile.for_paper(80, "text")
    data = render_receipt(receipt, profile)
    # Python encodes 䶮 as FE 9F, a code no printer font has: it must not be sent as text
    assert "䶮".encode("gb18030") == b"\xfe\x9f"
    assert b"\xfe\x9f" not in data
    d = decode(data)
    assert not any("王" in line for line in d.lines)
    name_images = [im for im in d.images if im.height < 60]
    assert len(name_images) == 1 and name_images[0].width == profile.width_dots
    assert _ink(name_images[0]) > 200  # the label, 王 and 䶮 are actually drawn


@pytest.mark.parametrize("text", ["😀 谢谢", "𠀀", "Aก B"])
def test_emoji_and_four_byte_characters_fall_back_to_raster(text: str) -> None:
    assert any(gb_bytes(c) is None for c in text)
    receipt = replace(RECEIPT, footer=text)
    d = decode(render_receipt(receipt, PrinterProfile.for_paper(58, "text")))
    assert d.complete
    assert text not in "".join(d.lines)
    assert any(im.width == 384 and im.height < 60 for im in d.images)


def test_two_byte_characters_and_ascii_go_out_as_text() -> None:
    for ch in "中文，。“”A1-":
        assert gb_bytes(ch) is not None
    assert gb_bytes("\x07") is None


def test_empty_fields_print_no_empty_lines_and_still_cut() -> None:
    empty = Receipt(centre_name="", title="", service_name="", tracking_number="", masked_name="", masked_id="",
                    time=FIXED_TIME)
    d = decode(render_receipt(empty, PrinterProfile.for_paper(80, "text")))
    assert d.complete
    assert all(not line.endswith((":", "：")) for line in d.lines if not line.startswith("-"))
    assert any(line.startswith("Time") for line in d.lines)


def test_very_long_field_is_capped_with_an_ellipsis() -> None:
    receipt = replace(RECEIPT, service_name="很长的事项名称" * 500, footer="x" * 10_000)
    profile = PrinterProfile.for_paper(58, "text")
    data = render_receipt(receipt, profile)
    d = decode(data)
    service_lines = [line for line in d.lines if "很长" in line]
    assert len(service_lines) == MAX_LINES_PER_FIELD
    assert service_lines[-1].endswith("…")
    assert len(data) < 20_000


def test_control_characters_cannot_inject_commands() -> None:
    receipt = replace(RECEIPT, service_name="A\x1b@\x1dV\x00B\nC\tD")
    d = decode(render_receipt(receipt, PrinterProfile.for_paper(80, "text")))
    assert d.cuts == 1
    assert any("A@V B C D" in line or "A@VB C D" in line for line in d.lines)


def test_wrap_keeps_ascii_words_and_never_exceeds_columns() -> None:
    lines = wrap("服务 https://kiosk.example.cn/very/long/path and more words here", 20, 10)
    assert all(sum(cells(c) for c in line) <= 20 for line in lines)
    assert "words" in " ".join(lines)


def test_ticket_prints_the_number_large() -> None:
    ticket = sample_ticket(FIXED_TIME)
    data = render_ticket(ticket, PrinterProfile.for_paper(80, "text"))
    assert cmd.char_size(3, 3) + b"A017" in data
    d = decode(data)
    assert "A017" in d.lines and any("社保业务" in line for line in d.lines) and d.complete


def test_test_page_has_ruler_of_exact_width_and_qr() -> None:
    profile = PrinterProfile.for_paper(58, "text")
    d = decode(render_test_page(profile))
    ruler = [line for line in d.lines if line.startswith("1234567890")]
    assert len(ruler) == 1 and len(ruler[0]) == profile.cols
    assert _qr_in(d.page_image(profile.width_dots)) == ["https://kiosk.example.cn/test"]


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=120))
def test_any_text_renders_to_a_complete_job(text: str) -> None:
    receipt = replace(RECEIPT, service_name=text, masked_name=text[:4], qr_payload="")
    for profile in (PrinterProfile.for_paper(58, "text"), PrinterProfile.for_paper(80, "raster")):
        d = decode(render_receipt(receipt, profile))
        assert d.complete and not d.unknown and not d.truncated


def test_gb2312_only_printer_gets_gbk_characters_as_raster() -> None:
    assert gb_bytes("喆") is not None and gb_bytes("喆", "gb2312") is None
    assert gb_bytes("张", "gb2312") == "张".encode("gb2312")
    receipt = replace(RECEIPT, masked_name="喆*")
    gbk = decode(render_receipt(receipt, PrinterProfile.for_paper(80, "text")))
    gb2312 = decode(render_receipt(receipt, replace(PrinterProfile.for_paper(80, "text"), charset="gb2312")))
    assert any("喆" in line for line in gbk.lines)
    assert not any("喆" in line for line in gb2312.lines)
    assert len(gb2312.images) == len(gbk.images) + 1


@pytest.mark.parametrize("mode", ["text", "raster"])
def test_oversized_qr_payload_prints_a_note_not_a_crash(mode: str) -> None:
    receipt = replace(RECEIPT, qr_payload="https://x/" + "a" * 5000)
    profile = PrinterProfile.for_paper(80, mode)  # type: ignore[arg-type]
    d = decode(render_receipt(receipt, profile))
    assert d.complete
    assert _qr_in(d.page_image(576)) == []
    if mode == "text":
        assert "[QR code too long]" in d.lines


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_decoder_never_crashes_on_garbage(data: bytes) -> None:
    d = decode(data)
    assert isinstance(d.lines, list)
    assert not d.complete or data.startswith(b"\x1b@") or b"\x1b@" in data


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200), st.integers(min_value=1, max_value=300))
def test_decoding_a_stream_in_pieces_gives_the_same_tokens(data: bytes, cut: int) -> None:
    """The simulator feeds the tokenizer whatever recv() returned: splitting must not change the result."""
    from devices.printer.decoder import next_token, tokenize

    whole, tail = tokenize(data)
    buf = bytearray()
    pieces: list[bytes] = []
    for i in range(0, len(data), cut):
        buf += data[i : i + cut]
        pos = 0
        while (nxt := next_token(buf, pos)) is not None:
            tok, pos = nxt
            pieces.append(tok.raw)
        del buf[:pos]
    # text runs may be split differently across reads; everything else must match token for token
    assert b"".join(pieces) == b"".join(t.raw for t in whole)
    assert bytes(buf) == tail
