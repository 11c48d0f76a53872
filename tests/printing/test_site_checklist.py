"""The readiness report as a printable site checklist (issue 24): site name, terminal display name, tick boxes
(screen cleaned, paper stock, cables, seals), the results and a sign-off line, on the receipt printer and on A4
through the document pipeline."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from devices.cups.jobs import CupsQueue
from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.simulator import PrinterSimulator
from kiosk.documents.pdf import checklist_pdf
from terminal.diag.readiness import Site, print_a4_checklist, print_report, site_checklist
from tests.printing.conftest import FIXED_TIME, Cups

SITE = Site("历下区示例社区党群服务中心", "7号终端 t-43bdca6f85c4")
REPORT = {
    "terminal_id": "t-43bdca6f85c4", "at": FIXED_TIME.isoformat(), "staff_id": "demo-tech", "app_version": "1.0",
    "overall": "warn",
    "components": [{"name": "printer", "status": "ok", "detail": "ready, paper ok"},
                   {"name": "idcard", "status": "warn", "detail": "SIMULATOR, no hardware checked"}],
    "tests": {"touchscreen": {"status": "ok", "detail": "25/25 targets", "at": FIXED_TIME.isoformat()}},
}
TICKS = ("屏幕已清洁", "打印纸已补足", "线缆已检查", "封条完好")


def _pdf_text(pdf: Path) -> tuple[str, str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=30).stdout
    text = " ".join(text.split())  # table cells wrap
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=30).stdout
    return text, info


def test_the_a4_checklist_carries_site_ticks_results_and_sign_off(tmp_path: Path) -> None:
    pdf = tmp_path / "checklist.pdf"
    pdf.write_bytes(checklist_pdf(site_checklist(REPORT, SITE)))
    text, info = _pdf_text(pdf)
    for expected in (SITE.name, SITE.terminal_name, *TICKS, "SIMULATOR, no hardware checked", "self-test touchscreen",
                     "demo-tech", "2026-11-26 09:30", "技术员签字"):
        assert expected in text, expected
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE) and "595.276 x 841.89 pts (A4)" in info
    assert print_a4_checklist(None, REPORT, SITE) == "no A4 printer configured"


def test_the_receipt_checklist(sim: PrinterSimulator, driver: EscposReceiptPrinter) -> None:
    assert print_report(driver, REPORT, SITE).ok
    assert sim.wait_for_jobs(1)
    lines = sim.jobs()[-1].decoded().lines
    assert any(SITE.terminal_name in line for line in lines) and any("签字" in line for line in lines)
    assert [t for t in TICKS if any(f"[  ] {t}" in line for line in lines)] == list(TICKS)


@pytest.mark.cups
def test_the_a4_checklist_through_a_real_cupsd(cupsd: Cups) -> None:
    outcome = print_a4_checklist(CupsQueue(cupsd.queue, server=cupsd.server), REPORT, SITE)
    assert outcome.startswith("A4 checklist: CUPS job ") and outcome.endswith("completed"), outcome
    assert cupsd.find_output("site-checklist").exists()
