"""PDF documents: CJK text embedded and extractable, verification QR readable, CUPS printing (marker cups)."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from devices.cups.jobs import CupsQueue
from kiosk.documents.cups import CupsError
from kiosk.documents.models import sample_application, sample_certificate
from kiosk.documents.pdf import KINDS, application_pdf, certificate_pdf, sample_pdf
from tests.printing.conftest import FIXED_TIME, Cups

EXPECTED = {
    "certificate": ["居住证明", "LX-2026-000417", "示例社区居民委员会", "特此证明"],
    "application": ["居住证明开具申请表", "申请人", "370102********1234", "签字"],
    "guide": ["办事指南", "申请材料", "办理流程", "周一至周五"],
}


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=30).stdout


def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=30).stdout
    m = re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE)
    assert m, out
    return int(m.group(1))


def _render(pdf: Path, tmp: Path, dpi: int = 100) -> Image.Image:
    prefix = tmp / f"{pdf.stem}-page"
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", "1", "-l", "1", str(pdf), str(prefix)],
                   check=True, timeout=60)
    png = sorted(tmp.glob(f"{pdf.stem}-page*.png"))[0]
    with Image.open(png) as im:
        return im.convert("L")


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_is_chinese_and_font_embedded(kind: str, tmp_path: Path) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    pdf.write_bytes(sample_pdf(kind, FIXED_TIME))
    text = _text(pdf)
    for expected in EXPECTED[kind]:
        assert expected in text.replace(" ", ""), expected
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    wqy = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert wqy and all(" yes yes yes " in line for line in wqy)  # embedded, subset, with a Unicode map
    assert _pages(pdf) == 1


def test_certificate_qr_decodes_to_verification_url(tmp_path: Path) -> None:
    cert = sample_certificate(FIXED_TIME)
    pdf = tmp_path / "cert.pdf"
    pdf.write_bytes(certificate_pdf(cert))
    page = _render(pdf, tmp_path, dpi=150)
    assert [r.text for r in zxingcpp.read_barcodes(page)] == [cert.verify_url]


def test_rare_character_uses_fallback_face(tmp_path: Path) -> None:
    cert = replace(sample_certificate(FIXED_TIME), body="兹证明王䶮同志居住于本社区。😀")
    pdf = tmp_path / "rare.pdf"
    pdf.write_bytes(certificate_pdf(cert))
    text = _text(pdf)
    assert "王䶮" in text and "□" in text  # the emoji has no glyph anywhere: a visible box, not nothing
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "WenQuanYiZenHei" in fonts.replace(" ", "")


def test_long_and_empty_fields(tmp_path: Path) -> None:
    app = sample_application(FIXED_TIME)
    app = replace(app, fields=(("申请人", ""), ("备注", "很长的备注" * 400), ("<b>&", "<script>")))
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(application_pdf(app))
    assert _pages(pdf) >= 2
    assert "<script>" in _text(pdf)  # escaped, not interpreted as markup


def test_missing_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from kiosk import fonts

    monkeypatch.setattr(fonts, "SYSTEM_FONTS", (tmp_path / "none.ttc",))
    monkeypatch.setattr(fonts, "ASSETS_DIR", tmp_path)
    monkeypatch.delenv("KIOSK_CJK_FONT", raising=False)
    fonts.cjk_faces.cache_clear()
    try:
        with pytest.raises(fonts.FontNotFound, match="fonts-wqy-microhei"):
            fonts.cjk_faces()
    finally:
        fonts.cjk_faces.cache_clear()


def test_bad_queue_name_rejected() -> None:
    with pytest.raises(ValueError):
        CupsQueue("bad queue; rm -rf /")


@pytest.mark.cups
@pytest.mark.parametrize("kind", KINDS)
def test_print_through_real_cupsd(kind: str, cupsd: Cups, tmp_path: Path) -> None:
    src = tmp_path / f"{kind}.pdf"
    src.write_bytes(sample_pdf(kind, FIXED_TIME))
    queue = CupsQueue(cupsd.queue, server=cupsd.server)
    assert queue.ready()[0]
    title = f"kiosk-test-{kind}-{time.time_ns()}"
    state = queue.print_pdf(src, title, timeout_s=60)
    assert state.ok, state
    out = cupsd.find_output(title)
    try:
        assert _pages(out) == _pages(src)
        printed, original = _render(out, tmp_path), _render(src, tmp_path)
        assert printed.size == original.size
        # the printed page looks like the original (Ghostscript re-rendered it): compare ink coverage
        ink = [im.point(lambda v: 255 if v < 128 else 0).histogram()[255] for im in (printed, original)]
        assert ink[0] > 1000 and abs(ink[0] - ink[1]) / ink[1] < 0.1
        if kind == "certificate":
            hi = _render(out, tmp_path / "hi" if (tmp_path / "hi").mkdir() is None else tmp_path, dpi=150)
            assert [r.text for r in zxingcpp.read_barcodes(hi)] == [sample_certificate(FIXED_TIME).verify_url]
    finally:
        out.unlink(missing_ok=True)


@pytest.mark.cups
def test_cli_document_through_cups(cupsd: Cups, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from ui.main import main

    monkeypatch.setenv("CUPS_SERVER", cupsd.server)
    for d in cupsd.out_dirs:  # leftovers of an interrupted earlier run must not satisfy this test
        for stale in d.glob("kiosk-certificate*.pdf") if d.is_dir() else []:
            stale.unlink()
    out = tmp_path / "cert.pdf"
    assert main(["print", "document", "--sample", "certificate", "--printer", f"cups:{cupsd.queue}",
                 "--out", str(out)]) == 0
    assert "completed" in capsys.readouterr().out
    assert "LX-2026-000417" in _text(out)
    printed = cupsd.find_output("kiosk-certificate")
    printed.unlink(missing_ok=True)
    assert main(["print", "document", "--sample", "guide", "--printer", "cups:NoSuchQueue"]) == 4


@pytest.mark.cups
def test_unknown_queue_is_an_error(cupsd: Cups) -> None:
    with pytest.raises(CupsError, match="not ready"):
        CupsQueue("NoSuchQueue", server=cupsd.server).print_pdf(b"%PDF-1.4", "x")


@pytest.mark.cups
def test_escpos_receipt_through_a_raw_cups_queue(cupsd: Cups) -> None:
    """cups:QUEUE: python-escpos LP (lp -o raw) into a raw socket:// queue that ends at the simulator."""
    from devices.printer.escpos_driver import EscposReceiptPrinter
    from devices.printer.render import render_receipt
    from devices.printer.simulator import PrinterSimulator
    from kiosk.receipt import sample_receipt

    with PrinterSimulator() as sim:
        queue = f"Raw{sim.port}"
        r = subprocess.run(["lpadmin", "-p", queue, "-E", "-v", f"socket://127.0.0.1:{sim.port}"],
                           env=cupsd.env(), capture_output=True, text=True, timeout=20, check=False)
        assert r.returncode == 0, r.stderr
        try:
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("CUPS_SERVER", cupsd.server)
                printer = EscposReceiptPrinter(f"cups:{queue}", timeout_s=10)
                assert printer.status().can_print
                receipt = sample_receipt(FIXED_TIME)
                assert printer.print_receipt(receipt).ok
            assert sim.wait_for_jobs(1, timeout=30)
            deadline = time.monotonic() + 10
            while not sim.jobs()[0].closed and time.monotonic() < deadline:
                time.sleep(0.1)
            assert bytes(sim.jobs()[0].printed).startswith(render_receipt(receipt, printer.profile))
            assert sim.jobs()[0].decoded().complete
        finally:
            subprocess.run(["lpadmin", "-x", queue], env=cupsd.env(), capture_output=True, timeout=20, check=False)


@pytest.mark.cups
def test_print_service_document_through_cupsd(cupsd: Cups) -> None:
    from devices.printer.fake import FakeReceiptPrinter
    from kiosk.memstore import MemoryStore
    from kiosk.printing import PrintService

    store = MemoryStore()
    service = PrintService(FakeReceiptPrinter(), store, documents=CupsQueue(cupsd.queue, server=cupsd.server))
    title = f"kiosk-svc-{time.time_ns()}"
    result = service.print_document(sample_pdf("guide", FIXED_TIME), title)
    assert result.ok, result.outcome
    assert store.jobs()[0].kind == "document" and store.jobs()[0].state == "printed"
    cupsd.find_output(title).unlink()
