"""``kiosk-hub``: serve the hub and administer it from the machine it runs on.

Commands that change data work on the database directly (the hub's own
service functions, audited as the actor ``cli``), so the first admin token and
the first enrolment tokens can be made before anyone holds a token.
Exit codes: 0 ok, 1 failed/invalid, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract import crypto, safe_load
from hub import accounts, audit, cases, community_cli, enrolment, fleet, publishing, releases_cli
from hub.accesslog import uvicorn_options
from hub.cli_support import EXIT_FAIL, EXIT_OK, EXIT_USAGE, config_of, format_table, print_json, session_of
from hub.config import API_DOCS_ENV, DATA_DIR_ENV, DB_URL_ENV, PUBLIC_URL_ENV, TRUSTED_PROXIES_ENV
from hub.errors import ApiError
from hub.keys import load_or_create, rotate_signing_key
from hub.models import Account, ApiToken, Release
from hub.tokens import DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, create_api_token, revoke_api_token, token_out
from hub.validation import CONTENT_BOUNDS, FormSourceError, load_form_file, validate_content

WORKER_HEALTHCHECK_S = 60  # seconds a `serve --workers N` worker may take to answer uvicorn's ping (see cmd_serve)

# --- commands -------------------------------------------------------------------------


def _public_url(args: argparse.Namespace, configured: str) -> str | None:
    """The base of certificate verify URLs: as given; on loopback, the hub's own address; else None."""

    if args.public_url or configured:
        return str(args.public_url or configured).rstrip("/")
    try:
        loopback = args.host == "localhost" or ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = False
    return f"http://{args.host}:{args.port}" if loopback else None


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn  # lazy: 0.23 s and 15 MB that only `serve` needs

    from hub.app import create_app  # lazy: the web app (console, templates) is ~0.8 s that only `serve` needs

    base = config_of(args)
    public_url = _public_url(args, base.public_url)
    if public_url is None:
        print(f"error: serving on {args.host} needs --public-url (or {PUBLIC_URL_ENV}): certificates print it as "
              "their QR code, and it is never taken from a request's Host header", file=sys.stderr)
        return EXIT_USAGE
    proxies = tuple(args.trusted_proxy or ()) or base.trusted_proxies
    config = replace(base, public_url=public_url, trusted_proxies=proxies, api_docs=args.api_docs or base.api_docs)
    options: dict[str, Any] = {"host": args.host, "port": args.port, "log_level": args.log_level,
                               "access_log": args.access_log, "timeout_graceful_shutdown": 5,
                               # uvicorn kills a worker that does not answer its ping within this; its default
                               # of 5 s killed every worker still importing on a loaded machine, over and over
                               "timeout_worker_healthcheck": WORKER_HEALTHCHECK_S,
                               **uvicorn_options(config.trusted_proxies)}
    workers = args.workers or os.cpu_count() or 1  # 0: one worker process per core
    if workers > 1:
        # each worker process builds its own app from the environment; nothing is shared but the database
        os.environ.update({DATA_DIR_ENV: str(config.data_dir), DB_URL_ENV: config.resolved_db_url(),
                           PUBLIC_URL_ENV: config.public_url, TRUSTED_PROXIES_ENV: ",".join(config.trusted_proxies),
                           API_DOCS_ENV: "1" if config.api_docs else ""})
        create_app(config).state.engine.dispose()  # migrate and make the keys once, before the workers start
        uvicorn.run("hub.app:app_from_env", factory=True, workers=workers, **options)
    else:
        uvicorn.run(create_app(config), **options)
    return EXIT_OK


def cmd_openapi(args: argparse.Namespace) -> int:
    from hub.openapi import render_openapi  # lazy: it builds the web app (see cmd_serve)

    text = render_openapi()
    if args.out in (None, "-"):
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return EXIT_OK


def cmd_enroll_token(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        token, _row = enrolment.create_enroll_token(session, audit.CLI_ACTOR, args.community, args.district,
                                                    int(args.ttl_days * 86400), args.street)
    print(token)
    return EXIT_OK


def cmd_token_create(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        secret, _row = create_api_token(session, audit.CLI_ACTOR, args.name, args.role, args.district, args.community,
                                        args.expires_days, args.street)
    print(secret)
    return EXIT_OK


def cmd_account_create(args: argparse.Namespace) -> int:
    """A console account (the first administrator's, typically); prints the first password unless one is piped in."""
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else accounts.temporary_password()
    with session_of(args) as session:
        accounts.create(session, audit.CLI_ACTOR, args.username, args.name or args.username, args.role, password,
                        args.district, args.community, must_change=not args.password_stdin, street=args.street)
    if not args.password_stdin:
        print(password)
    return EXIT_OK


def cmd_account_list(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        for row in session.scalars(select(Account).order_by(Account.username)):
            where = row.scope_community or row.scope_district or "-"
            state = "disabled" if row.disabled_at else "enabled"
            print(f"{row.username}\t{row.name}\t{row.role}\t{where}\t{state}")
    return EXIT_OK


def cmd_token_list(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        rows = [token_out(t) for t in session.scalars(select(ApiToken).order_by(ApiToken.created_at))]
    if args.json:
        print_json(rows)
    else:
        print(format_table([[r["id"], r["name"], r["role"], r["district"] or "", r["street"] or "",
                             r["community"] or "", (r["expires_at"] or "")[:10], "revoked" if r["revoked"] else ""]
                            for r in rows],
                           ["ID", "NAME", "ROLE", "DISTRICT", "STREET", "COMMUNITY", "EXPIRES", "STATE"]))
    return EXIT_OK


def cmd_token_revoke(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        revoke_api_token(session, audit.CLI_ACTOR, args.token_id)
    return EXIT_OK


def cmd_terminals(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        view = fleet.fleet_view(session, district=args.district, community=args.community)
    if args.json:
        print_json(view)
        return EXIT_OK
    rows = []
    for t in view:
        forms = ", ".join(f"{k}@{v}" for k, v in sorted(t["forms"].items())) or "-"
        rows.append([
            t["terminal_id"], str(t["terminal_no"]), t["community"],
            (t["last_heartbeat_at"] or "never")[:19], f"{t['bundle_version'] or '-'}/{t['expected_bundle_version'] or '-'}",
            forms, str(t["outbox_depth"] if t["outbox_depth"] is not None else "-"),
            ",".join(a["code"] for a in t["alerts"]) or "ok",
        ])
    print(format_table(rows, ["TERMINAL", "NO", "COMMUNITY", "LAST HEARTBEAT", "BUNDLE", "FORMS", "OUTBOX", "ALERTS"]))
    return EXIT_OK


def cmd_terminal_revoke(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        enrolment.revoke(session, audit.CLI_ACTOR, args.terminal_id)
    return EXIT_OK


def cmd_terminal_code(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        code = fleet.technician_code(session, audit.CLI_ACTOR, args.terminal_id, time.time())
    until = datetime.fromisoformat(str(code["valid_until"])).timestamp()
    print(f"{code['code']}  (valid for {max(0, int(until - time.time()))} s, until {code['valid_until']})")
    return EXIT_OK


def _load_form(args: argparse.Namespace) -> dict[str, Any]:
    p = Path(args.file)
    if not p.exists():
        raise FormSourceError(f"{args.file}: no such file")
    definition = load_form_file(p, getattr(args, "default_language", "zh_CN"))
    for note in definition.get("x_xlsform_notes", []):  # what a spreadsheet's author should know
        print(f"note: {note}", file=sys.stderr)
    return definition


def cmd_forms_validate(args: argparse.Namespace) -> int:
    try:
        definition = _load_form(args)
    except FormSourceError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return EXIT_FAIL
    errors = validate_content("form", definition)
    if errors:
        print(f"invalid: {args.file}", file=sys.stderr)
        for error in errors:
            print(f"  - {error}", file=sys.stderr)
        return EXIT_FAIL
    version = definition.get("version", "numbered when published")
    print(f"valid: {args.file} ({definition.get('id')}, version {version})")
    return EXIT_OK


def cmd_forms_convert(args: argparse.Namespace) -> int:
    """The definition the terminal will get, as JSON: printed, or written to --out."""
    try:
        definition = _load_form(args)
    except FormSourceError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return EXIT_FAIL
    text = json.dumps(definition, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _release(session: Session, kind: str, content_id: str, version: int, args: argparse.Namespace) -> int:
    try:
        target = publishing.parse_target_spec(args.target)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.dry_run:
        planned = publishing.make_release(session, audit.CLI_ACTOR, kind, content_id, version, target,
                                          args.rollout, args.canary or [])
        changes = publishing.plan(session, extra=planned)
        session.rollback()  # nothing of a dry run is stored, not even the new version
        print(format_table([[c["terminal_id"], c["community"], f"{c['kind']}/{c['id']}", str(c["current"] or "-"),
                       str(c["planned"] or "-")] for c in changes],
                     ["TERMINAL", "COMMUNITY", "CONTENT", "NOW", "PLANNED"]))
        print(f"dry run: {len({c['terminal_id'] for c in changes})} terminals would change; nothing stored")
        return EXIT_OK
    release = publishing.create_release(session, audit.CLI_ACTOR, kind, content_id, version, target,
                                        args.rollout, args.canary or [])
    print(f"released {kind}/{content_id} v{version} to {args.target} at {args.rollout}% (release {release.id})")
    return EXIT_OK


def _publish_file(args: argparse.Namespace, kind: str, content: dict[str, Any], content_id: str | None) -> int:
    try:
        publishing.parse_target_spec(args.target)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    with session_of(args) as session:
        try:
            published = publishing.publish_content(session, audit.CLI_ACTOR, kind, content, content_id)
            cv = published.version
            verb = "would publish" if args.dry_run else "published"
            print(f"{verb if published.created else 'unchanged'} {kind}/{cv.content_id} v{cv.version}"
                  f" sha256 {cv.sha256[:12]}")
            if args.no_release:
                return EXIT_OK
            return _release(session, kind, cv.content_id, cv.version, args)
        except ApiError as exc:
            print(f"error: {exc.detail}", file=sys.stderr)
            return EXIT_FAIL


def cmd_forms_publish(args: argparse.Namespace) -> int:
    try:
        definition = _load_form(args)
    except FormSourceError as exc:
        print(f"invalid: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return _publish_file(args, "form", definition, None)


def cmd_publish(args: argparse.Namespace) -> int:
    try:
        content = safe_load.load_file(args.file, CONTENT_BOUNDS)
    except safe_load.ContentError as exc:
        print(f"invalid: {args.file}: {exc}", file=sys.stderr)
        return EXIT_FAIL
    if not isinstance(content, dict):
        print(f"invalid: {args.file}: an object is needed at the top level", file=sys.stderr)
        return EXIT_FAIL
    return _publish_file(args, args.kind, content, args.id)


def cmd_forms_rollback(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        try:
            release = publishing.rollback(session, audit.CLI_ACTOR, "form", args.form_id)
        except ApiError as exc:
            print(f"error: {exc.detail}", file=sys.stderr)
            return EXIT_FAIL
        print(f"rolled back {args.form_id} v{release.version} (release {release.id})")
    return EXIT_OK


def cmd_forms_list(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        rows = [publishing.release_out(r) for r in session.scalars(
            select(Release).where(Release.kind == "form").order_by(Release.id))]
    if args.json:
        print_json(rows)
    else:
        print(format_table([[str(r["id"]), r["content_id"], str(r["version"]), r["state"], f"{r['rollout_percent']}%",
                       json.dumps(r["target"], ensure_ascii=False)] for r in rows],
                     ["RELEASE", "FORM", "VERSION", "STATE", "ROLLOUT", "TARGET"]))
    return EXIT_OK


def cmd_forms_pause(args: argparse.Namespace, state: str) -> int:
    with session_of(args) as session:
        release = session.scalar(select(Release).where(
            Release.kind == "form", Release.content_id == args.form_id, Release.state != "rolled_back")
            .order_by(Release.id.desc()).limit(1))
        if release is None:
            print(f"error: {args.form_id} has no live release", file=sys.stderr)
            return EXIT_FAIL
        publishing.update_release(session, audit.CLI_ACTOR, release.id, state, args.rollout)
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        rows = [cases.case_out(c) for c in cases.list_cases(session, audit.CLI_ACTOR, args.status, None,
                                                             args.community, args.limit)]
    if args.json:
        print_json(rows)
        return EXIT_OK
    print(format_table([[r["tracking_number"], r["service_id"], f"{r['form_id']}@{r['form_version']}", r["status"],
                   r["community"], r["terminal_id"], r["received_at"][:19],
                   r["certificate"]["number"] if r["certificate"] else ""] for r in rows],
                 ["TRACKING", "SERVICE", "FORM", "STATUS", "COMMUNITY", "TERMINAL", "RECEIVED", "CERTIFICATE"]))
    return EXIT_OK


def cmd_keys(args: argparse.Namespace) -> int:
    config = config_of(args)
    if args.action == "rotate":
        kid = rotate_signing_key(config.data_dir)
        with session_of(args) as session:
            audit.record(session, audit.CLI_ACTOR, audit.AdminAction.KEY_ROTATED, kid)
        print(kid)
        return EXIT_OK
    keys = load_or_create(config.data_dir)
    print_json({"active_kid": keys.kid, "bundle_keys": keys.bundle_keys(),
                 "fingerprints": {k: crypto.fingerprint(v) for k, v in keys.all_signing_public.items()},
                 "sealing_key": crypto.b64e(keys.sealing_public)})
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    with session_of(args):
        pass
    return EXIT_OK


# --- parser ---------------------------------------------------------------------------


def _days(text: str) -> int:
    days = int(text) if text.isdigit() else 0
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise argparse.ArgumentTypeError(f"a whole number of days from 1 to {MAX_TOKEN_DAYS}")
    return days


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help="database URL (default: SQLite in the data dir)")
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="keys and default database (KIOSK_HUB_DATA_DIR)")
    parser = argparse.ArgumentParser(prog="kiosk-hub", description="The community kiosk platform hub.",
                                     parents=[common])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", parents=[common], help="serve the hub's HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8700)
    p.add_argument("--public-url", default="",
                   help="base of certificate verify URLs (required unless --host is loopback; KIOSK_HUB_PUBLIC_URL)")
    p.add_argument("--trusted-proxy", action="append", metavar="ADDRESS",
                   help="a proxy whose X-Forwarded-For is believed (repeatable; default none; "
                        "KIOSK_HUB_TRUSTED_PROXIES)")
    p.add_argument("--api-docs", action="store_true", help="serve /docs and /openapi.json (development only)")
    p.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    p.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True)
    p.add_argument("--workers", type=int, default=1,
                   help="worker processes (they share only the database); 0 = one per core")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("openapi", parents=[common], help="write the OpenAPI document")
    p.add_argument("--out", default=None, help="file (default: stdout)")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser("enroll-token", parents=[common], help="print a one-time enrolment token")
    p.add_argument("--community", required=True)
    p.add_argument("--district", default="历下区")
    p.add_argument("--street", default=None, help="the street (街道) the community belongs to, for street scopes")
    p.add_argument("--ttl-days", type=float, default=7)
    p.set_defaults(func=cmd_enroll_token)

    tok = sub.add_parser("token", parents=[common], help="admin/staff/viewer API tokens")
    tsub = tok.add_subparsers(dest="token_command", required=True)
    p = tsub.add_parser("create", parents=[common], help="print a new token (shown once)")
    p.add_argument("--role", required=True, choices=["admin", "staff", "viewer"])
    p.add_argument("--name", required=True)
    p.add_argument("--community", default=None,
                   help="only this community's terminals, cases, queue, ratings, calls and opinions")
    p.add_argument("--district", default=None, help="only this district's (the same things)")
    p.add_argument("--street", default=None,
                   help="街道: only the communities of --district enrolled in this street (the same things)")
    p.add_argument("--expires-days", type=_days, default=DEFAULT_TOKEN_DAYS,
                   help=f"the token stops working after this many days (default {DEFAULT_TOKEN_DAYS})")
    p.set_defaults(func=cmd_token_create)
    p = tsub.add_parser("list", parents=[common])
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_token_list)
    p = tsub.add_parser("revoke", parents=[common])
    p.add_argument("token_id")
    p.set_defaults(func=cmd_token_revoke)

    acc = sub.add_parser("account", parents=[common], help="console accounts (username and password)")
    asub = acc.add_subparsers(dest="account_command", required=True)
    p = asub.add_parser("create", parents=[common], help="add an account and print its first password")
    p.add_argument("--username", required=True)
    p.add_argument("--name", default="", help="the person's name as the console shows it")
    p.add_argument("--role", required=True, choices=["admin", "staff", "viewer"])
    p.add_argument("--district", default=None, help="works for this district only")
    p.add_argument("--community", default=None, help="works for this community only")
    p.add_argument("--street", default=None, help="works for this street (街道) of --district only")
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from standard input instead of printing a first password")
    p.set_defaults(func=cmd_account_create)
    p = asub.add_parser("list", parents=[common])
    p.set_defaults(func=cmd_account_list)

    p = sub.add_parser("terminals", parents=[common], help="the fleet view")
    p.add_argument("--json", action="store_true")
    p.add_argument("--district", default=None)
    p.add_argument("--community", default=None)
    p.set_defaults(func=cmd_terminals)
    tsub2 = p.add_subparsers(dest="terminal_command")
    q = tsub2.add_parser("revoke", parents=[common], help="revoke a terminal")
    q.add_argument("terminal_id")
    q.set_defaults(func=cmd_terminal_revoke)
    q = tsub2.add_parser("code", parents=[common], help="one-time technician code (card reader broken)")
    q.add_argument("terminal_id")
    q.set_defaults(func=cmd_terminal_code)

    forms = sub.add_parser("forms", parents=[common], help="form definitions")
    fsub = forms.add_subparsers(dest="forms_command", required=True)
    def language_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--default-language", choices=["zh_CN", "en_US"], default="zh_CN",
                       help="language of a spreadsheet's plain label/hint columns (XLSForm's default language)")

    p = fsub.add_parser("validate", parents=[common], help="check a .json, .yaml, .xlsx or .xls definition")
    p.add_argument("file")
    language_option(p)
    p.set_defaults(func=cmd_forms_validate)
    p = fsub.add_parser("convert", parents=[common], help="show a definition (e.g. an XLSForm) as the terminal gets it")
    p.add_argument("file")
    p.add_argument("--to", choices=["json"], default="json", help="output format")
    p.add_argument("--out", default=None, help="write to this file instead of printing")
    language_option(p)
    p.set_defaults(func=cmd_forms_convert)

    def release_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--target", default="all",
                       help="all | district:NAME[,NAME] | community:NAME[,NAME] | terminals:ID[,ID]; join with ;")
        p.add_argument("--rollout", type=int, default=100, choices=range(101), metavar="PERCENT")
        p.add_argument("--canary", action="append", help="terminal id that gets it whatever the percentage")
        p.add_argument("--dry-run", action="store_true", help="show which terminals would get what; store nothing")
        p.add_argument("--no-release", action="store_true", help="store the version without releasing it")

    p = fsub.add_parser("publish", parents=[common], help="publish a definition and release it")
    p.add_argument("file")
    language_option(p)
    release_options(p)
    p.set_defaults(func=cmd_forms_publish)
    p = fsub.add_parser("rollback", parents=[common], help="withdraw the newest release of a form")
    p.add_argument("form_id")
    p.set_defaults(func=cmd_forms_rollback)
    p = fsub.add_parser("list", parents=[common], help="form releases")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_forms_list)
    for name, state in (("pause", "paused"), ("resume", "active")):
        p = fsub.add_parser(name, parents=[common], help=f"{name} the newest release of a form")
        p.add_argument("form_id")
        p.add_argument("--rollout", type=int, default=None, choices=range(101), metavar="PERCENT")
        p.set_defaults(func=lambda a, s=state: cmd_forms_pause(a, s))

    p = sub.add_parser("publish", parents=[common], help="publish catalog, notices, settings, staff or topics")
    p.add_argument("kind", choices=["catalog", "notices", "settings", "staff", "topics"])
    p.add_argument("file")
    p.add_argument("--id", default=None, help="content id (default: the kind's name)")
    release_options(p)
    p.set_defaults(func=cmd_publish)

    p = sub.add_parser("cases", parents=[common], help="submitted cases (no personal data)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--status", default=None)
    p.add_argument("--community", default=None)
    p.add_argument("--limit", type=int, default=200)
    p.set_defaults(func=cmd_cases)

    p = sub.add_parser("keys", parents=[common], help="show or rotate the platform keys")
    p.add_argument("action", choices=["show", "rotate"], nargs="?", default="show")
    p.set_defaults(func=cmd_keys)

    p = sub.add_parser("migrate", parents=[common], help="apply database migrations and exit")
    p.set_defaults(func=cmd_migrate)
    community_cli.add_commands(sub, common)  # issue 11: queue, ratings
    releases_cli.add_commands(sub, common)  # issue 20: terminal software releases
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ApiError as exc:
        print(f"error: {exc.detail}", file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
