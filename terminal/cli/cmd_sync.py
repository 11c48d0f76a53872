"""``kiosk sync now`` and ``kiosk sync status [--json]``.

``sync now`` runs one round in this process and exits 0 only when, afterwards, the
outbox is empty and the bundle is current (the hub answered 304, or the newer bundle it
offered was activated); otherwise 1, with the reasons on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from contract.settings import load_settings
from terminal.cli import EXIT_FAIL, EXIT_OK, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("sync", help="deliver the outbox and fetch content now, or show sync status")
    verbs = p.add_subparsers(dest="sync_command", metavar="{now,status}", required=True)
    now = verbs.add_parser("now", help="run one sync round; exit 0 when the outbox is empty and the bundle current")
    add_config_argument(now)
    now.set_defaults(func=run_now)
    status = verbs.add_parser("status", help="queue depth, quarantined items, last success/error, bundle version")
    add_config_argument(status)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(func=run_status)


def run_now(args: argparse.Namespace) -> int:
    from sync.service import SyncService
    from sync.store import open_store

    settings = load_settings(args.config)
    store = open_store(settings)
    service = SyncService(settings, store)
    try:
        report = service.run_once()
    finally:
        service.close()
        store.close()
    print(f"delivered {report.delivered}, quarantined {report.quarantined}, queue depth {report.queue_depth}, "
          f"bundle {report.bundle_version}{'' if report.bundle_current else ' (not current)'}, "
          f"statuses {report.statuses}")
    for err in report.errors:
        print(f"kiosk sync: {err}", file=sys.stderr)
    return EXIT_OK if report.queue_depth == 0 and report.bundle_current else EXIT_FAIL


def run_status(args: argparse.Namespace) -> int:
    """Exit 0 unless the storage is failing (damaged, full, read-only): then 1, and ``last_error`` says so."""
    from pathlib import Path

    from kiosk.storage_faults import StorageFault
    from sync.recovery import check
    from sync.service import sync_status
    from sync.storage_health import FAILING_STATES, assess
    from sync.store import open_store

    settings = load_settings(args.config)
    damage: Any = None
    try:
        damage = check(Path(settings.db_path))
    except StorageFault as exc:
        damage = exc
    if damage is None:
        store = open_store(settings)
        try:
            status = sync_status(store)
        finally:
            store.close()
    else:  # not opened: the kiosk moves a damaged file aside and salvages it at its next start
        health = assess(Path(settings.data_dir), damage=damage).as_json()
        status = {"queue_depth": None, "quarantined": None, "last_success": None,
                  "last_error": f"storage: {health['detail']} ({health['code']})", "bundle_version": None,
                  "bundle_pending": None, "schema_version": None, "enrolled": None, "terminal_id": None,
                  "storage": health}
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
    else:
        for key, value in status.items():
            if key == "storage":
                value = f"{value['state']} [{value['code']}] {value['detail']}" + (
                    f"; next: {value['next_step']}" if value["next_step"] else "")
            print(f"{key}: {'-' if value is None else value}")
    return EXIT_FAIL if status["storage"]["state"] in FAILING_STATES else EXIT_OK
