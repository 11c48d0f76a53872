"""``kiosk enroll --hub URL --token TOKEN``: register this terminal with the platform hub."""

from __future__ import annotations

import argparse
import sys

from contract.settings import load_settings
from terminal.cli import EXIT_FAIL, EXIT_OK, UsageError, add_config_argument

# Each command imports what it runs inside its function, on purpose: every cmd_* module is imported
# to build the parser, and hoisting those imports made `kiosk --help` load 977 modules in 8.9 s and
# 113 MB RSS instead of 260 modules in 1.8 s and 33 MB (measured 2026-12-03, terminal/cli/__init__.py).


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("enroll", help="enrol this terminal with the platform hub (one-time token)")
    add_config_argument(p)
    p.add_argument("--hub", required=True, help="hub base URL (https://...; http only to loopback)")
    p.add_argument("--token", required=True, help="one-time enrolment token from the hub's administrator")
    p.add_argument("--fingerprint", default=None,
                   help="expected bundle key fingerprint SHA256:<hex> (default: sync.bundle_key_fingerprint)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from sync.client import InsecureHubUrl, check_hub_url
    from sync.service import EnrollmentError, enroll
    from sync.store import open_store

    settings = load_settings(args.config)
    try:
        hub = check_hub_url(args.hub)
    except InsecureHubUrl as exc:
        raise UsageError(str(exc)) from exc
    store = open_store(settings)
    try:
        enrollment = enroll(store, hub, args.token, ca_file=settings.sync.ca_file, timeout_s=settings.sync.timeout_s,
                            bundle_key_fingerprint=args.fingerprint or settings.sync.bundle_key_fingerprint,
                            trust_on_first_use=settings.mode == "demo")
    except EnrollmentError as exc:
        print(f"kiosk enroll: {exc}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        store.close()
    print(f"enrolled as {enrollment.terminal_id} (terminal no. {enrollment.terminal_no}, "
          f"{enrollment.district} {enrollment.community}); bundle keys pinned: {', '.join(enrollment.bundle_keys)}")
    return EXIT_OK
