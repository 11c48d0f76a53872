"""The device inventory (issue 24): what each device tells about itself, simulators named as such, USB ids
from sysfs behind a serial port or from the printer URI; it reaches the diagnostics bundle."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from devices.idcard.fake import FakeIdCardReader
from kiosk.roles.staffcard import ReaderSnapshot
from terminal.diag.bundle import build_bundle
from terminal.diag.checks import DiagContext
from terminal.diag.inventory import inventory, usb_ids_of_tty
from tests.technician.helpers import settings_for


def _sysfs(tmp_path: Path) -> Path:
    """/sys/class/tty/ttyUSB0/device -> a USB interface under a device with idVendor/idProduct."""
    usb = tmp_path / "devices/usb1/1-1"
    (usb / "1-1:1.0/ttyUSB0").mkdir(parents=True)
    (usb / "idVendor").write_text("1a86\n")
    (usb / "idProduct").write_text("7523\n")
    tty = tmp_path / "class/tty/ttyUSB0"
    tty.mkdir(parents=True)
    (tty / "device").symlink_to(usb / "1-1:1.0")
    return tmp_path / "class/tty"


def test_usb_ids_behind_a_serial_port(tmp_path: Path) -> None:
    sys_tty = _sysfs(tmp_path)
    assert usb_ids_of_tty("/dev/ttyUSB0", sys_tty) == "1a86:7523"
    assert usb_ids_of_tty("/dev/ttyS0", sys_tty) == ""  # a built-in port: no USB ids, no error


def test_inventory_names_simulators_and_reports_what_devices_tell(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, idcard={"driver": "fake"}, printer={"driver": "escpos", "uri": "usb:0416:5011"})
    ctx = DiagContext(settings=settings, idcard=FakeIdCardReader(),
                      pcsc_snapshot=lambda: [ReaderSnapshot("ACS ACR1252 1S CL Reader [PICC] 00 00", False)])
    inv = inventory(ctx)
    assert inv["idcard"]["simulated"] is True and inv["idcard"]["serial"].startswith("05.01-")
    assert inv["idcard"]["firmware"] == "05.01"
    assert inv["printer"] == {"model": "escpos receipt printer, 80 mm", "simulated": False, "usb": "0416:5011"}
    assert inv["pcsc0"]["model"].startswith("ACS ACR1252")
    archive = build_bundle(ctx, results={}, now=datetime(2026, 12, 3, tzinfo=UTC), log_text="")
    assert json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("inventory.json"))["printer"]["usb"] == "0416:5011"
