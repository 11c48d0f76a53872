"""``kiosk-hub queue`` and ``kiosk-hub ratings``: the counters' queue and satisfaction, from the hub's machine."""

from __future__ import annotations

import argparse
from typing import Any

from hub import audit, community
from hub.cli_support import EXIT_OK, format_table, print_json, session_of


def cmd_queue(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        view = community.queue_view(session, audit.CLI_ACTOR, args.community, args.business_type, args.day)
    if args.json:
        print_json(view)
        return EXIT_OK
    rows = [[q["community"], f"{q['business_type']} {q['business_name'].get('zh_CN', '')}".strip(),
             str(q["waiting_count"]), f"{q['estimate_min']} min",
             ",".join(f"{t['number']}@{t['counter']}" for t in q["serving"]) or "-",
             " ".join(t["number"] for t in q["waiting"][:8]) + (" …" if q["waiting_count"] > 8 else ""),
             f"{q['served']}/{q['skipped']}"] for q in view]
    print(format_table(rows, ["COMMUNITY", "BUSINESS", "WAITING", "ESTIMATE", "SERVING", "NEXT", "SERVED/SKIPPED"]))
    return EXIT_OK


def cmd_ratings(args: argparse.Namespace) -> int:
    with session_of(args) as session:
        data = community.ratings(session, audit.CLI_ACTOR, args.community)
    if args.json:
        print_json(data)
        return EXIT_OK

    def rows(entries: list[dict[str, Any]], key: str) -> list[list[str]]:
        return [[e[key], str(e["count"]), f"{e['average']:.2f}", " ".join(f"{n}★{c}" for n, c in e["levels"].items()),
                 ", ".join(f"{r}×{c}" for r, c in e["reasons"].items())] for e in entries]

    print(format_table(rows(data["by_service"], "service_id"), ["SERVICE", "COUNT", "AVERAGE", "LEVELS", "REASONS"]))
    print()
    print(format_table(rows(data["by_terminal"], "terminal_id"), ["TERMINAL", "COUNT", "AVERAGE", "LEVELS", "REASONS"]))
    return EXIT_OK


def add_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("queue", parents=[common], help="the counters' queue per community and business type")
    p.add_argument("--json", action="store_true")
    p.add_argument("--community", default=None)
    p.add_argument("--business-type", default=None, help="ticket letter, e.g. A")
    p.add_argument("--day", default=None, help="YYYYMMDD (default: today, Asia/Shanghai)")
    p.set_defaults(func=cmd_queue)
    p = sub.add_parser("ratings", parents=[common], help="satisfaction ratings per service and per terminal")
    p.add_argument("--json", action="store_true")
    p.add_argument("--community", default=None)
    p.set_defaults(func=cmd_ratings)
