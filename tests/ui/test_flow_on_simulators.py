"""The resident flow through the real drivers: the SAM serial driver on the pty reader simulator, and the
ESC/POS driver into the TCP printer simulator, whose captured stream is decoded back (text and QR)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.printer.decoder import decode
from tests.ui.qml_driver import tap, wait_for
from ui.harness import build_harness
from ui.screenshot import _fill_sample_answers

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def test_card_read_over_the_serial_protocol_and_receipt_through_escpos(tmp_path: Path) -> None:
    h = build_harness(data_dir=tmp_path, devices={"idcard": {"driver": "simulator"},
                                                  "printer": {"driver": "simulator"}})
    try:
        b, w = h.backend, h.app.window
        idsim, prnsim = h.services.demo.idcard, h.services.demo.printer
        tap(w, "attractStart")
        b.openService("residence_certificate")
        tap(w, "applyButton")
        wait_for(lambda: b.screen == "identify", what="identify")
        idsim.place("rare_name")  # 王䶮: a character outside GB18030's two-byte area
        wait_for(lambda: b.screen == "form", timeout_s=20, what="form after a read over the wire")
        ident = b.resident.session.identity
        assert ident is not None and "䶮" in ident.name
        _fill_sample_answers(h)
        b._show_review()
        b.submit()
        wait_for(lambda: b.screen == "receipt", timeout_s=30, what="receipt")
        assert b.receipt["printed"] is True
        tracking = b.receipt["tracking"]
        job = prnsim.jobs()[-1]
        assert not job.paper_ran_out and not job.dropped
        printed = decode(bytes(job.printed))
        text = "\n".join(printed.lines)
        assert tracking in text.replace(" ", "")
        assert ident.masked_id in text and ident.id_number not in text.replace(" ", "")
        payloads = printed.native_qr_payloads + printed.raster_qr_payloads()
        assert f"KIOSK:TRACK:{tracking}" in payloads
    finally:
        h.close()
