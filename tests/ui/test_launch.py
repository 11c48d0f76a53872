"""The pieces `kiosk demo`/`kiosk run` assemble: heartbeat device status and content selection."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from kiosk.roles.printer import Paper
from sync.bundles import BundleManager
from ui.launch import _device_status, load_content

pytestmark = pytest.mark.gui


def test_heartbeat_device_status_reports_paper_out_as_a_failing_printer(app: Any) -> None:
    body = _device_status(app.services)
    assert body["printer"] == {"online": True, "paper": "ok", "cover_open": False}
    # fakes: answering, but named as such and never green (issue 24 item 4)
    assert body["devices"]["printer"]["code"] == "PRN-SIMULATED" and body["devices"]["idcard"]["status"] == "warn"
    app.services.printer.paper = Paper.OUT
    body = _device_status(app.services)
    assert body["printer"]["paper"] == "out" and body["devices"]["printer"]["status"] == "fail"


def test_content_is_the_sample_set_until_a_bundle_is_active(app: Any) -> None:
    app.services.bundles = BundleManager(app.services.store)
    content = load_content(app.services)
    assert content.source == "sample" and len(content.catalog.services) >= 20


def test_production_run_without_a_display_exits_2(tmp_path: Any, monkeypatch: Any) -> None:
    env = {"PATH": "/usr/bin:/bin", "KIOSK_DATA_DIR": str(tmp_path), "KIOSK_MODE": "production",
           "KIOSK_IDCARD__DRIVER": "sam_serial", "KIOSK_PRINTER__DRIVER": "escpos", "KIOSK_SCANNER__DRIVER": "none",
           "KIOSK_DOCCAM__DRIVER": "none"}
    res = subprocess.run([sys.executable, "-m", "ui.main", "run"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert res.returncode == 2 and "no display" in res.stderr
