"""``kiosk-hub releases``: upload a signed terminal package, list releases with their progress, roll one out,
pause it, halt it (issue 20). The release is signed beforehand, elsewhere (packaging/tools/sign_release.py):
nothing here can sign one. Exit codes as ``hub.cli``: 0 ok, 1 refused or failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from contract import safe_load
from hub import audit, releases, releases_fleet
from hub.cli_support import EXIT_OK, EXIT_USAGE, config_of, format_table, print_json, session_of
from hub.errors import ApiError
from hub.keys import load_or_create

MANIFEST_BOUNDS = safe_load.Bounds(max_bytes=64 * 1024, max_depth=4, max_nodes=100)


def _read_manifest(path: str) -> Any:
    """The signed manifest file, bounded before it is parsed (it came from elsewhere)."""
    try:
        data = Path(path).read_bytes()[:MANIFEST_BOUNDS.max_bytes + 1]
        safe_load.check_json(data, MANIFEST_BOUNDS)
        return json.loads(data)
    except OSError as exc:
        raise ApiError(422, "release_refused", f"cannot read the manifest {path}: {exc.strerror}") from exc
    except (safe_load.ContentError, ValueError) as exc:
        raise ApiError(422, "release_refused", f"the manifest {path} is not a signed release: {exc}") from exc


def cmd_upload(args: argparse.Namespace) -> int:
    config = config_of(args)
    config.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    record = _read_manifest(args.manifest or args.package + ".release.json")
    hub_keys = load_or_create(config.data_dir)
    with session_of(args) as session:
        release, created = releases.upload(session, audit.CLI_ACTOR, config, hub_keys, Path(args.package), record)
        line = (f"{'stored' if created else 'already stored'} {release.version} ({release.size} bytes, "
                f"sha256 {release.sha256[:16]}…, release key {release.kid})")
    print(line)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        rows = releases_fleet.progress(session)
    if args.json:
        print_json(rows)
        return EXIT_OK

    def ring(r: dict[str, Any]) -> str:
        rollout = r["rollout"]
        if rollout is None:
            return "-"
        where = {"all": "all", "percent": f"{rollout['percent']}%", "canary": "canary"}[rollout["ring"]]
        named = f"+{len(rollout['terminals'])}" if rollout["terminals"] and rollout["ring"] != "canary" else ""
        return where + (f" ({len(rollout['terminals'])})" if rollout["ring"] == "canary" else named)

    print(format_table([[r["version"], r["state"], ring(r), str(r["targeted"]), str(r["offered"]),
                         str(r["committed"]), str(r["failed"]), str(r["rolled_back"]), (r["uploaded_at"] or "")[:19],
                         r["halted_reason"]] for r in rows],
                       ["VERSION", "STATE", "RING", "TARGETED", "OFFERED", "COMMITTED", "FAILED", "ROLLED BACK",
                        "UPLOADED", "HALTED"]))
    return EXIT_OK


def cmd_rollout(args: argparse.Namespace) -> int:
    terminals = tuple(t.strip() for t in (args.terminals or "").split(",") if t.strip())
    problem = ""
    if (args.ring == "percent") != (args.percent is not None):
        problem = "--percent N goes with --ring percent, and only with it"
    elif args.ring == "canary" and not terminals:
        problem = "--ring canary needs --terminals ID,..."
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    ring = releases.Ring(args.ring, args.percent or 0, terminals)
    with session_of(args) as session:
        release = releases.rollout(session, audit.CLI_ACTOR, args.version, ring, force=args.force)
        reach = releases.reached(session, ring)
        print(f"{release.version} offered to {reach} terminal{'s' if reach != 1 else ''} "
              f"({args.ring}{f' {args.percent}%' if args.ring == 'percent' else ''}{', forced' if args.force else ''})")
    return EXIT_OK


def cmd_pause(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        releases.pause(session, audit.CLI_ACTOR, args.version)
    print(f"{args.version} paused: no new offers")
    return EXIT_OK


def cmd_halt(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        release = releases.halt(session, audit.CLI_ACTOR, args.version, args.reason)
        print(f"{release.version} halted: {release.halted_reason}")
    return EXIT_OK


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    rel = sub.add_parser("releases", parents=[common], help="terminal software releases (signed elsewhere)")
    rsub = rel.add_subparsers(dest="releases_command", required=True)
    p = rsub.add_parser("upload", parents=[common], help="store a signed package (checked against the release keys)")
    p.add_argument("package")
    p.add_argument("--manifest", default="", help="the signed manifest (default: PACKAGE.release.json)")
    p.set_defaults(func=cmd_upload)
    p = rsub.add_parser("list", parents=[common], help="releases with their rollout and progress")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = rsub.add_parser("rollout", parents=[common], help="offer a release to canary terminals, a percentage or all")
    p.add_argument("version")
    p.add_argument("--ring", required=True, choices=releases.RINGS)
    p.add_argument("--percent", type=int, default=None, choices=range(1, 101), metavar="N",
                   help="with --ring percent: the share of terminals (by a stable hash of their id)")
    p.add_argument("--terminals", default="", help="comma-separated terminal ids (the canaries)")
    p.add_argument("--force", action="store_true", help="terminals install outside their opening-hours window")
    p.set_defaults(func=cmd_rollout)
    p = rsub.add_parser("pause", parents=[common], help="stop new offers of a release")
    p.add_argument("version")
    p.set_defaults(func=cmd_pause)
    p = rsub.add_parser("halt", parents=[common], help="stop a release for good")
    p.add_argument("version")
    p.add_argument("--reason", default="")
    p.set_defaults(func=cmd_halt)
