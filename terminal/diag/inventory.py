"""The device inventory (issue 24): model, serial, firmware and USB ids of each device, as far as the device
or its connection tells them, so a technician orders the right spare part before driving out.

Simulators and fakes say so (``simulated``) and report what they emulate. Nothing here opens a device of
its own: the ID card reader's SAM id is the one the reader reports anyway, the USB ids come from sysfs
or the printer URI, the receipt printer's own answer to ``GS I``, the staff card readers' names from the PC/SC snapshot the checks already take.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from contract.printer_uri import parse_uri
from devices.pcsc.readers import PcscUnavailable
from terminal.diag.checks import DiagContext

SIMULATED = ("simulator", "fake")
SYS_TTY = Path("/sys/class/tty")


def usb_ids_of_tty(port: str, sys_tty: Path = SYS_TTY) -> str:
    """``vvvv:pppp`` of the USB device behind a serial port (``/dev/ttyUSB0``), or "" (not USB, not there)."""
    try:
        node = (sys_tty / Path(port).resolve().name / "device").resolve()
    except OSError:
        return ""
    for parent in (node, *node.parents):
        vendor, product = parent / "idVendor", parent / "idProduct"
        if vendor.is_file() and product.is_file():
            return f"{vendor.read_text().strip()}:{product.read_text().strip()}"
    return ""


def _idcard(ctx: DiagContext) -> dict[str, Any]:
    cfg = ctx.settings.idcard
    entry: dict[str, Any] = {"model": f"{cfg.driver} ID card reader", "simulated": cfg.driver in SIMULATED}
    if cfg.driver == "sam_serial":
        entry["usb"] = usb_ids_of_tty(cfg.port)
    elif cfg.driver == "vendor_sdk":
        entry["firmware"] = Path(cfg.library).name
    if ctx.idcard is not None and cfg.driver != "none":
        info = ctx.idcard.sam_info()
        if info.connected and info.sam_id:
            entry["serial"] = info.sam_id  # the SAM module's id: what the ministry's register knows it by
            entry["firmware"] = info.sam_id.split("-", 1)[0]  # its first field is the SAM's version
    return entry


def _printer(ctx: DiagContext) -> dict[str, Any]:
    cfg = ctx.settings.printer
    entry: dict[str, Any] = {"model": f"{cfg.driver} receipt printer, {cfg.paper_width_mm} mm",
                             "simulated": cfg.driver in SIMULATED}
    if ctx.printer is not None:
        told = ctx.printer.identify()
        if told.model:
            entry["model"] = f"{told.maker} {told.model}".strip()[:100]
        if told.firmware:
            entry["firmware"] = told.firmware
        if told.serial:
            entry["serial"] = told.serial
    try:
        uri = parse_uri(cfg.uri)
    except ValueError:
        return entry
    if uri.scheme == "usb":
        entry["usb"] = f"{uri.vid:04x}:{uri.pid:04x}"
    elif uri.scheme == "serial":
        entry["usb"] = usb_ids_of_tty(uri.target)
    return entry


def _staff_readers(ctx: DiagContext) -> dict[str, dict[str, Any]]:
    """The PC/SC readers by name: the name carries the maker and model (``ACS ACR122U 00 00``)."""
    if ctx.pcsc_snapshot is None:
        return {}
    try:
        readers = ctx.pcsc_snapshot()
    except PcscUnavailable:  # pcscd down: the pcsc check reports it; the inventory just lists nothing
        return {}
    simulated = ctx.settings.pcsc.driver in SIMULATED
    return {f"pcsc{i}": {"model": str(r.name)[:100], "simulated": simulated} for i, r in enumerate(readers[:4])}


def inventory(ctx: DiagContext) -> dict[str, dict[str, Any]]:
    """Every device the terminal has, keyed by its role (the heartbeat's ``inventory``, the bundle's file)."""
    out: dict[str, dict[str, Any]] = {}
    if ctx.settings.idcard.driver != "none":
        out["idcard"] = _idcard(ctx)
    if ctx.settings.printer.driver != "none":
        out["printer"] = _printer(ctx)
    if ctx.settings.document_printer.queue:
        out["document_printer"] = {"model": f"CUPS queue {ctx.settings.document_printer.queue}"[:100]}
    out.update(_staff_readers(ctx))
    return out
