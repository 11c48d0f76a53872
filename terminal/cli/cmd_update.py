"""``kiosk update status|check|apply|keep``: the terminal's own software update (issue 20).

``status --json`` prints exactly ``{"running", "offered", "state", "last_error"}`` (contract.release.SoftwareStatus),
as the heartbeat reports it. ``apply`` is what ``kiosk-update.service`` runs (as root); a technician may run it
with ``--force`` to skip the maintenance window (never the wait for a resident's session to end).

Exit codes: 0 ok (status: the last update did not fail; check: an install would start now; apply: the
updater rests without a failure), 1 the last update failed or was rolled back (status, apply) or nothing
would install now (check, the reason on stderr), 2 bad arguments or settings, not root, unreadable keys.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from contract.settings import load_settings
from terminal.cli import EXIT_FAIL, EXIT_OK, EXIT_USAGE, add_config_argument

if TYPE_CHECKING:
    from kiosk.update.updater import Updater

# Imports of what each command runs stay inside its function: see the note in cmd_sync.py.


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("update", help="the terminal's software update: status, check, apply, keep")
    verbs = p.add_subparsers(dest="update_command", metavar="{status,check,apply,keep}", required=True)
    status = verbs.add_parser("status", help="running and offered version, update state, last error")
    status.add_argument("--json", action="store_true", help='exactly {"running","offered","state","last_error"}')
    check = verbs.add_parser("check", help="verify the offered release and say whether it would install now")
    check.add_argument("--force", action="store_true", help="as if forced: ignore the maintenance window")
    apply = verbs.add_parser("apply", help="run the updater now (as root): download, verify, install, commit")
    apply.add_argument("--force", action="store_true", help="skip the maintenance window (never a session)")
    keep = verbs.add_parser("keep", help="keep the running version's .deb for a rollback (as root)")
    keep.add_argument("package", type=Path, help="the .deb of the version installed now")
    for verb, func in ((status, run_status), (check, run_check), (apply, run_apply), (keep, run_keep)):
        add_config_argument(verb)
        verb.set_defaults(func=func)


def _failed(state: str) -> bool:
    return state in ("failed", "rolled_back")


def run_status(args: argparse.Namespace) -> int:
    from kiosk import __version__
    from kiosk.update.record import StateFile
    from terminal.update_system import AptPackages

    settings = load_settings(args.config)
    record = StateFile(settings.update.state_dir / "state.json").load()
    running = AptPackages().installed_version() or record.running or __version__
    status = record.status(running).as_json()
    status["running"] = running
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
    else:
        print(f"running {status['running']}, offered {status['offered'] or '-'}, state {status['state']}")
        if status["last_error"]:
            print(f"last error: {status['last_error']}")
    return EXIT_FAIL if _failed(status["state"]) else EXIT_OK


def _updater(args: argparse.Namespace, *, root: bool) -> Updater | None:
    from contract.crypto import CryptoError
    from terminal.update_system import make_updater

    if root and os.geteuid() != 0:
        print("kiosk update: run as root (it installs packages); kiosk-update.service does", file=sys.stderr)
        return None
    settings = load_settings(args.config)
    try:
        return make_updater(settings)
    except (CryptoError, OSError, UnicodeDecodeError) as exc:
        print(f"kiosk update: the pinned release keys in {settings.update.release_keys_dir} are unreadable: {exc}",
              file=sys.stderr)
        return None


def run_check(args: argparse.Namespace) -> int:
    from contract.release import ReleaseError, verify_release
    from kiosk import __version__

    updater = _updater(args, root=False)
    if updater is None:
        return EXIT_USAGE
    record = updater.status()
    record.running = record.running or __version__
    try:
        offer = updater.channel.offer()
        manifest = verify_release(offer.manifest, updater.config.release_keys) if offer else None
    except ReleaseError as exc:
        print(f"kiosk update: the offered release is refused: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if offer is None or manifest is None:
        print(f"running {record.running}; nothing offered", file=sys.stderr)
        return EXIT_FAIL
    print(f"running {record.running}; offered {manifest.version} ({manifest.size} bytes, signed by a pinned "
          f"release key){', forced' if offer.force else ''}")
    if manifest.version == record.running or manifest.version in record.refused:
        print(f"kiosk update: {manifest.version} is {'running' if manifest.version == record.running else 'refused'}"
              " here: nothing to install", file=sys.stderr)
        return EXIT_FAIL
    gate = updater.gate(args.force or offer.force)
    if not gate.open:
        print(f"kiosk update: waits: {gate.reason}", file=sys.stderr)
        return EXIT_FAIL
    print("it would install now")
    return EXIT_OK


def run_apply(args: argparse.Namespace) -> int:
    updater = _updater(args, root=True)
    if updater is None:
        return EXIT_USAGE
    record = updater.run(force=args.force)
    print(json.dumps(record.status(record.running).as_json(), ensure_ascii=False))
    return EXIT_FAIL if _failed(record.state.value) else EXIT_OK


def run_keep(args: argparse.Namespace) -> int:
    from kiosk.update.ports import InstallError

    updater = _updater(args, root=True)
    if updater is None:
        return EXIT_USAGE
    try:
        kept = updater.keep(args.package)
    except (InstallError, OSError) as exc:
        print(f"kiosk update keep: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"kept {kept} for a rollback")
    return EXIT_OK
