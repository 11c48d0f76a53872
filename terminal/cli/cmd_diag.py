"""``kiosk diag [all|settings|idcard|pcsc|printer|cups|network|sync|storage|camera|doccam] [--json] [--can-serve]``,
``kiosk diag bundle --out FILE.zip`` and ``kiosk diag codes [CODE] [--json|--markdown]``.

Exit codes (docs/technician.md): 0 healthy (every checked component ``ok`` or ``skip``, i.e. not
configured / not tested), 1 degraded (a warning, a simulator, or a non-device fault), 2 bad arguments or an
invalid setting (reported as the ``settings`` component, every other component still checked),
4 a device fault. ``--can-serve`` asks the scripts' question "healthy enough to serve residents?":
exit 0 unless a fault the code catalogue marks as blocking service (:mod:`terminal.diag.codes`).
``--json`` prints ``{"terminal_id", "components": [{"name", "status", "detail", "code"}], "can_serve"}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from contract.settings import load_tolerant
from terminal.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).

TARGETS = ("all", "settings", "idcard", "pcsc", "printer", "cups", "network", "sync", "storage", "camera", "doccam",
           "bundle", "codes")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diag", help="check the terminal's components, write a diagnostics bundle, explain a code",
                       description="Check components (exit 0 healthy, 1 degraded, 2 bad arguments or settings, "
                                   "4 device fault), write a diagnostics bundle without personal data, or list "
                                   "the technician codes with their remedies (diag codes [CODE]).")
    p.add_argument("target", nargs="?", default="all", choices=TARGETS,
                   help="component to check (default all), 'bundle', or 'codes'")
    p.add_argument("code", nargs="?", default=None, help="codes: only this code (e.g. PRN-UNREACHABLE)")
    p.add_argument("--json", action="store_true", help='machine-readable: {"components": [{"name", "status", '
                                                       '"detail", "code"}]}')
    p.add_argument("--can-serve", action="store_true",
                   help="exit 0 if the terminal can serve residents, 1 if a fault stops it (for scripts)")
    p.add_argument("--markdown", action="store_true", help="codes: the catalogue as a Markdown table")
    p.add_argument("--lang", choices=("zh_CN", "en_US"), default="en_US", help="codes: language (default en_US)")
    p.add_argument("--out", type=Path, default=None, help="bundle: the zip file to write")
    add_config_argument(p)
    p.set_defaults(func=run)


def _context(settings: Any, names: tuple[str, ...], errors: dict[str, str]) -> tuple[Any, Any]:
    """Services only for what is checked (a pcsc check starts no printer simulator). A device the settings
    cannot make is a failing component (its key joins ``errors``), not the end of the run."""
    from contract.clock import SystemClock
    from terminal.bootstrap import (
        ConfigurationError,
        Services,
        make_idcard_reader,
        make_receipt_printer,
        make_store,
    )
    from terminal.diag.checks import DiagContext

    clock = SystemClock()
    closers: list[Any] = []
    store = camera = damage = None
    blocked = {k.split(".", 1)[0] for k in errors}
    made: dict[str, Any] = {}
    for section, make in (("idcard", make_idcard_reader), ("printer", make_receipt_printer)):
        if section not in names or getattr(settings, section).driver == "none" or section in blocked:
            continue
        try:
            made[section] = make(settings, closers)
            closers.append(made[section].close)
        except ConfigurationError as exc:
            key, _, msg = str(exc).partition(": ")
            errors[key if key.startswith(f"{section}.") else f"{section}.driver"] = msg or str(exc)
    idcard, printer = made.get("idcard"), made.get("printer")
    if "camera" in names and settings.camera.driver != "none" and "camera" not in blocked:
        from terminal.camera_factory import make_camera

        camera = make_camera(settings)
        closers.append(camera.close)  # type: ignore[union-attr]
    if {"sync", "storage", "platform"} & set(names) and "data_dir" not in blocked:
        from sync.recovery import check

        damage = check(Path(settings.db_path))  # a damaged file is reported, never opened (the kiosk recovers it)
        if damage is None:
            store = make_store(settings, clock, closers)
    services = Services(settings=settings, clock=clock, idcard=idcard, printer=printer, store=store)  # type: ignore[arg-type]
    services._closers.extend(closers)
    return DiagContext(settings=settings, idcard=idcard, printer=printer, camera=camera, store=store,
                       storage_damage=damage, settings_errors=errors), services


def run(args: argparse.Namespace) -> int:
    from terminal.diag.checks import CLI_GROUPS, COMPONENTS, exit_code, run_checks
    from terminal.diag.codes import blocks_service
    from terminal.diag.terminal import terminal_id

    if args.target == "codes":
        return _codes(args)
    if args.code is not None:
        print("kiosk diag: a code argument only applies to 'codes'", file=sys.stderr)
        return EXIT_USAGE
    settings, errors = load_tolerant(args.config)
    if args.target == "bundle":
        if args.out is None:
            print("kiosk diag bundle: --out FILE.zip is required", file=sys.stderr)
            return EXIT_USAGE
        names: tuple[str, ...] = tuple(c for c in COMPONENTS if c != "touchscreen")
    else:
        if args.out is not None:
            print("kiosk diag: --out only applies to 'bundle'", file=sys.stderr)
            return EXIT_USAGE
        names = CLI_GROUPS.get(args.target, ())
        if errors and "settings" not in names:
            names = ("settings", *names)  # a bad setting is always shown, whichever part is asked for
    if args.target == "doccam":  # the document camera alone (not yet on the overview): opens nothing else
        from terminal.diag.doccam import check_configured_doccam

        checks, tid = [check_configured_doccam(settings)], terminal_id(settings)
    else:
        ctx, services = _context(settings, names, dict(errors))
        try:
            if args.target == "bundle":
                assert args.out is not None
                return _bundle(ctx, settings, args.out)
            checks = run_checks(ctx, names)
            tid = terminal_id(settings, ctx.store)
        finally:
            services.close()
    blocking = [c.code for c in checks if blocks_service(c.code)]
    if args.json:
        print(json.dumps({"terminal_id": tid, "components": [c.row() for c in checks], "can_serve": not blocking},
                         ensure_ascii=False))
    else:
        for c in checks:
            print(f"{str(c.status).upper():4}  {c.name:<11} {c.detail}  [{c.code}]")
        if args.can_serve:
            print("can serve residents" if not blocking else f"cannot serve residents: {', '.join(blocking)}")
    if args.can_serve:
        return EXIT_FAIL if blocking else EXIT_OK
    return exit_code(checks)


def _codes(args: argparse.Namespace) -> int:
    from terminal.diag.codes import CATALOGUE, as_markdown

    if args.markdown:
        print(as_markdown(), end="")
        return EXIT_OK
    rows = list(CATALOGUE.values())
    if args.code is not None:
        rows = [c for c in rows if c.code == args.code.upper()]
        if not rows:
            print(f"kiosk diag codes: no code {args.code!r} (kiosk diag codes lists them all)", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        print(json.dumps([c.as_json() for c in rows], ensure_ascii=False, indent=1))
        return EXIT_OK
    for c in rows:
        entry = c.as_json(args.lang)
        print(f"{c.code}  ({c.component}{', blocks service' if c.blocks_service else ''})")
        print(f"    {entry['meaning']}")
        if entry["cause"]:
            print(f"    cause: {entry['cause']}")
        print(f"    next:  {entry['action']}")
        if entry["part"]:
            print(f"    part:  {entry['part']}")
    return EXIT_OK


def _bundle(ctx: Any, settings: Any, out: Path) -> int:
    from datetime import datetime

    from kiosk.audit import AuditEvent, AuditRecord
    from terminal.diag.bundle import build_bundle, write_bundle
    from terminal.diag.selftest import ResultBook

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
