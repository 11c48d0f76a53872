"""``kiosk card read|sam|pcsc``: read an ID card, show the SAM, list PC/SC readers (technician tools).

Exit codes (terminal.cli): 0 read/ok, 3 no card, 4 reader fault or disconnected, 2 bad arguments.
Name, English name, address, birth date, ID and permit numbers are masked as on the kiosk's screen
unless ``--unmasked`` (a technician's terminal may be watched); nothing here is logged. Without
``--port`` the reader the settings name (``idcard.port``, ``idcard.baud``) is used.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from kiosk.identity import Identity
from terminal.cli import EXIT_DEVICE_FAULT, EXIT_NO_CARD, EXIT_OK, UsageError, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).

BAUD_RATES = (9600, 19200, 38400, 57600, 115200)


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 60:
        raise argparse.ArgumentTypeError("timeout must be between 0 and 60 seconds")
    return value


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    card = sub.add_parser("card", help="ID card reader and PC/SC tools")
    card_sub = card.add_subparsers(dest="card_command", metavar="SUBCOMMAND")
    card.set_defaults(func=_usage(card))

    read = card_sub.add_parser("read", help="one find/select/read on a SAM serial reader")
    read.add_argument("--port", default=None, help="serial port path or pyserial URL (default: idcard.port)")
    read.add_argument("--baud", type=int, default=None, choices=BAUD_RATES, help="default: idcard.baud")
    read.add_argument("--json", action="store_true", help="one JSON object")
    read.add_argument("--unmasked", action="store_true",
                      help="show name, address, birth date and numbers in full (mind who can see the screen)")
    add_config_argument(read)
    read.add_argument("--timeout", type=_positive, default=3.0, help="seconds for the whole read")
    read.set_defaults(func=run_read)

    sam = card_sub.add_parser("sam", help="SAM ID and status of a SAM serial reader")
    sam.add_argument("--port", default=None, help="default: idcard.port")
    sam.add_argument("--baud", type=int, default=None, choices=BAUD_RATES, help="default: idcard.baud")
    add_config_argument(sam)
    sam.add_argument("--json", action="store_true")
    sam.set_defaults(func=run_sam)

    pcsc = card_sub.add_parser("pcsc", help="PC/SC readers and the UIDs of cards present")
    pcsc.add_argument("--json", action="store_true")
    pcsc.set_defaults(func=run_pcsc)


def _usage(parser: argparse.ArgumentParser) -> Any:
    def run(_args: argparse.Namespace) -> int:
        raise UsageError("card needs a subcommand: read, sam or pcsc")

    return run


def _date(value: date | str | None) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else value.isoformat()


def _port(args: argparse.Namespace) -> tuple[str, int]:
    """``--port``/``--baud``, else the settings' ID card reader."""
    if args.port is not None and args.baud is not None:
        return args.port, args.baud
    from contract.settings import load_settings

    cfg = load_settings(args.config).idcard
    return args.port or cfg.port, args.baud or cfg.baud


def _masked_extra(key: str, value: Any) -> Any:
    """Type-specific fields that name or place a person, masked like their common counterparts."""
    from contract.masking import mask_address, mask_id, mask_name

    if not isinstance(value, str):
        return value
    if key in ("english_name", "chinese_name"):
        return mask_name(value)
    if key == "extra_address":
        return mask_address(value)
    if key == "pass_number":
        return mask_id(value)
    return value


def identity_json(ident: Identity, unmasked: bool = False) -> dict[str, Any]:
    """The fixed JSON shape of ``kiosk card read --json`` (type-specific fields follow the common ones)."""
    from contract.masking import mask_address, mask_date, mask_name

    birth = _date(ident.birth_date)
    out: dict[str, Any] = {
        "card_type": str(ident.card_type),
        "name": ident.name if unmasked else mask_name(ident.name),
        "sex": ident.sex,
        "nation": ident.nation,
        "birth_date": birth if unmasked or birth is None else mask_date(birth),
        "address": ident.address if unmasked else mask_address(ident.address or ""),
        "id_number": ident.id_number if unmasked else ident.masked_id,
        "issuer": ident.issuer,
        "valid_from": _date(ident.valid_from),
        "valid_to": _date(ident.valid_to),
        "checksum_ok": ident.checksum_ok,
        "expired": ident.expired,
    }
    for key, value in ident.extra.items():
        out.setdefault(key, value if unmasked else _masked_extra(key, value))
    return out


def run_read(args: argparse.Namespace) -> int:
    from devices.idcard.sam_serial import SamSerialReader
    from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected

    reader = SamSerialReader(*_port(args))
    try:
        result = reader.read(timeout=args.timeout)
    finally:
        reader.close()
    if isinstance(result, CardRead):
        data = identity_json(result.identity, args.unmasked)
        if args.json:
            print(json.dumps(data, ensure_ascii=False))
        else:
            for key, value in data.items():
                print(f"{key:>14}: {'' if value is None else value}")
        return EXIT_OK
    if isinstance(result, NoCard):
        _report(args, {"error": "no_card", "detail": "no card on the reader"})
        return EXIT_NO_CARD
    if isinstance(result, ReaderDisconnected):
        _report(args, {"error": "disconnected", "detail": result.detail})
    else:
        _report(args, {"error": "fault", "code": result.code, "detail": result.detail,
                       "retryable": result.retryable})
    return EXIT_DEVICE_FAULT


def _report(args: argparse.Namespace, data: dict[str, Any]) -> None:
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(" ".join(f"{k}={v}" for k, v in data.items()))


def run_sam(args: argparse.Namespace) -> int:
    from devices.idcard.sam_serial import SamSerialReader

    reader = SamSerialReader(*_port(args))
    try:
        info = reader.sam_info()
    finally:
        reader.close()
    data = {"sam_id": info.sam_id, "status": info.status, "connected": info.connected}
    if args.json:
        print(json.dumps(data))
    else:
        print(f"SAM ID: {info.sam_id or '-'}\nstatus: {info.status}\nconnected: {info.connected}")
    return EXIT_OK if info.connected and info.status == "ok" else EXIT_DEVICE_FAULT


def run_pcsc(args: argparse.Namespace) -> int:
    from devices.pcsc.readers import PcscUnavailable, snapshot

    try:
        readers = snapshot()
    except PcscUnavailable as exc:
        _report(args, {"error": "pcsc_unavailable", "detail": str(exc)})
        return EXIT_DEVICE_FAULT
    if args.json:
        print(json.dumps({"readers": [r.as_json() for r in readers]}))
    else:
        if not readers:
            print("no PC/SC readers")
        for r in readers:
            print(f"{r.name}: " + (f"card UID {r.uid or '-'} ATR {r.atr}" if r.card_present else "no card"))
    return EXIT_OK
