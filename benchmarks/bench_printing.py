"""Printing benchmarks: producing a receipt in text and raster mode, a certificate PDF, and wire cost.

1. Time to produce the sample receipt's ESC/POS byte stream (80 mm and 58 mm) in text
   mode (GB18030 text, raster QR), text mode with a native QR, and raster mode (the whole
   slip drawn with the CJK font). Baseline: text mode with native QR, measured in the same
   run; the other modes are reported as ratios to it.
2. Bytes on the wire per mode and what they cost at 115200 baud (ten bits per byte, 8N1):
   the time a serial printer needs just to receive the job.
3. Time to build the certificate PDF (ReportLab, embedded WQY font, vector QR), and its size.
4. The same receipt through the real driver into the loopback simulator (status before,
   between chunks and after), as a ratio to producing the bytes alone.

Run: ``python -c "from benchmarks.bench_printing import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any

from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.profile import PrinterProfile
from devices.printer.render import render_receipt
from devices.printer.simulator import PrinterSimulator
from kiosk.documents.pdf import sample_pdf
from kiosk.receipt import sample_receipt

BAUD = 115200
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


def _median_s(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches (fonts, cmaps)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run(quick: bool = True) -> dict[str, Any]:
    repeat = 5 if quick else 30
    receipt = sample_receipt(NOW)
    out: dict[str, Any] = {"baud": BAUD, "repeat": repeat}
    for paper in (80, 58):
        modes = {
            "text_native_qr": PrinterProfile.for_paper(paper, "text", native_qr=True),
            "text": PrinterProfile.for_paper(paper, "text"),
            "raster": PrinterProfile.for_paper(paper, "raster"),
        }
        base_s = None
        for name, profile in modes.items():
            data = render_receipt(receipt, profile)
            secs = _median_s(partial(render_receipt, receipt, profile), repeat)
            key = f"{paper}mm_{name}"
            out[f"{key}_render_ms"] = round(secs * 1000, 2)
            out[f"{key}_bytes"] = len(data)
            out[f"{key}_wire_s_at_115200"] = round(len(data) * 10 / BAUD, 3)
            if base_s is None:
                base_s, base_bytes = secs, len(data)
            else:
                out[f"{key}_render_ratio"] = round(secs / base_s, 2)
                out[f"{key}_bytes_ratio"] = round(len(data) / base_bytes, 2)

    pdf = sample_pdf("certificate", NOW)
    out["certificate_pdf_ms"] = round(_median_s(lambda: sample_pdf("certificate", NOW), max(3, repeat // 3)) * 1000, 1)
    out["certificate_pdf_bytes"] = len(pdf)

    with PrinterSimulator() as sim:
        for name in ("text", "raster"):
            profile = PrinterProfile.for_paper(80, name)  # type: ignore[arg-type]
            driver = EscposReceiptPrinter(sim.uri, profile, timeout_s=5)
            render_s = _median_s(partial(render_receipt, receipt, profile), repeat)
            job_s = _median_s(partial(driver.print_receipt, receipt), max(3, repeat // 2))
            out[f"sim_80mm_{name}_job_ms"] = round(job_s * 1000, 1)
            out[f"sim_80mm_{name}_job_vs_render_ratio"] = round(job_s / render_s, 2)
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(quick=True), indent=2))
