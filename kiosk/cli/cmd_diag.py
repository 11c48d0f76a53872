"""``kiosk diag [all|idcard|pcsc|printer|cups|network|sync|storage|camera] [--json]`` and ``kiosk diag bundle --out FILE.zip``.

Exit codes: 0 when every checked component is ``ok``, 1 when any is ``warn`` or ``fail``,
2 on bad arguments or settings. ``--json`` prints ``{"components": [{"name", "status",
"detail", "code"}]}``. The checks are the ones the technician screen shows
(:mod:`kiosk.diag.checks`), run against the devices the settings name.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from kiosk.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, add_config_argument
from kiosk.settings import load_settings

TARGETS = ("all", "idcard", "pcsc", "printer", "cups", "network", "sync", "storage", "camera", "bundle")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diag", help="check the terminal's components, or write a diagnostics bundle",
                       description="Check components (exit 0 all ok, 1 any degraded, 2 bad arguments) "
                                   "or write a diagnostics bundle without personal data.")
    p.add_argument("target", nargs="?", default="all", choices=TARGETS,
                   help="component to check (default all), or 'bundle'")
    p.add_argument("--json", action="store_true", help='machine-readable: {"components": [{"name", "status", "detail"}]}')
    p.add_argument("--out", type=Path, default=None, help="bundle: the zip file to write")
    add_config_argument(p)
    p.set_defaults(func=run)


def _context(settings: Any, names: tuple[str, ...]) -> tuple[Any, Any]:
    """Services only for what is checked (a pcsc check starts no printer simulator)."""
    from kiosk.bootstrap import Services, make_idcard_reader, make_receipt_printer, make_store
    from kiosk.clock import SystemClock
    from kiosk.diag.checks import DiagContext

    clock = SystemClock()
    closers: list[Any] = []
    idcard = printer = store = camera = damage = None
    if "idcard" in names and settings.idcard.driver != "none":
        idcard = make_idcard_reader(settings, closers)
        closers.append(idcard.close)
    if "printer" in names and settings.printer.driver != "none":
        printer = make_receipt_printer(settings, closers)
        closers.append(printer.close)
    if "camera" in names and settings.camera.driver != "none":
        from devices.camera.factory import make_camera

        camera = make_camera(settings)
        closers.append(camera.close)  # type: ignore[union-attr]
    if {"sync", "storage", "platform"} & set(names):
        from sync.recovery import check

        damage = check(Path(settings.db_path))  # a damaged file is reported, never opened (the kiosk recovers it)
        if damage is None:
            store = make_store(settings, clock, closers)
    services = Services(settings=settings, clock=clock, idcard=idcard, printer=printer, store=store)  # type: ignore[arg-type]
    services._closers.extend(closers)
    return DiagContext(settings=settings, idcard=idcard, printer=printer, camera=camera, store=store,
                       storage_damage=damage), services


def run(args: argparse.Namespace) -> int:
    from kiosk.bootstrap import ConfigurationError
    from kiosk.diag.checks import CLI_GROUPS, COMPONENTS, Status, run_checks

    settings = load_settings(args.config)
    if args.target == "bundle":
        if args.out is None:
            print("kiosk diag bundle: --out FILE.zip is required", file=sys.stderr)
            return EXIT_USAGE
        names: tuple[str, ...] = tuple(c for c in COMPONENTS if c != "touchscreen")
    else:
        if args.out is not None:
            print("kiosk diag: --out only applies to 'bundle'", file=sys.stderr)
            return EXIT_USAGE
        names = CLI_GROUPS[args.target]
    try:
        ctx, services = _context(settings, names)
    except ConfigurationError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.target == "bundle":
            assert args.out is not None
            return _bundle(ctx, settings, args.out)
        checks = run_checks(ctx, names)
    finally:
        services.close()
    if args.json:
        print(json.dumps({"components": [{"name": c.name, "status": str(c.status), "detail": c.detail, "code": c.code}
                                         for c in checks]}, ensure_ascii=False))
    else:
        for c in checks:
            print(f"{str(c.status).upper():4}  {c.name:<11} {c.detail}  [{c.code}]")
    return EXIT_OK if all(c.status == Status.OK for c in checks) else EXIT_FAIL


def _bundle(ctx: Any, settings: Any, out: Path) -> int:
    from datetime import datetime

    from kiosk.audit import AuditEvent, AuditRecord
    from kiosk.diag.bundle import build_bundle, write_bundle
    from kiosk.diag.selftest import ResultBook

    if out.suffix.lower() != ".zip":
        print("kiosk diag bundle: --out must name a .zip file", file=sys.stderr)
        return EXIT_USAGE
    data = build_bundle(ctx, results=ResultBook(settings.data_dir).all(), now=datetime.now().astimezone())
    try:
        write_bundle(out, data)
    except OSError as exc:
        print(f"kiosk diag bundle: cannot write {out}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAIL
    if ctx.store is not None:
        ctx.store.record(AuditRecord(AuditEvent.DIAG_BUNDLE_EXPORTED, datetime.now().astimezone(),
                                     {"target": "file", "bytes": len(data)}))
    print(f"wrote {out} ({len(data)} bytes)")
    return EXIT_OK
