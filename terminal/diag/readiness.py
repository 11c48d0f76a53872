"""The readiness report: every check in one run plus the kept self-test results, printed on the
receipt printer and uploaded to the hub (outbox kind ``readiness``, delivered by sync)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from devices.printer.layout import Feed, Rule, Text
from devices.printer.render import render_blocks
from kiosk import __version__
from kiosk.receipt import Receipt
from kiosk.roles.printer import PrintOutcome
from terminal.diag.checks import COMPONENTS, Check, DiagContext, Status, run_checks, worst

_MARK = {"ok": "OK  ", "warn": "WARN", "fail": "FAIL", "skip": "SKIP"}


def build_report(ctx: DiagContext, *, terminal_id: str, staff_id: str | None, results: dict[str, Any],
                 now: datetime, checks: list[Check] | None = None) -> dict[str, Any]:
    checks = checks if checks is not None else run_checks(ctx, COMPONENTS)

    return {
        "terminal_id": terminal_id,
        "at": now.isoformat(timespec="seconds"),
        "staff_id": staff_id,
        "app_version": __version__,
        "overall": str(worst(checks)),
        "components": [c.row() for c in checks],
        "tests": {k: {"status": v.get("status"), "detail": v.get("detail"), "at": v.get("at")}
                  for k, v in sorted(results.items())},
    }


def report_blocks(report: dict[str, Any]) -> list[Any]:
    blocks: list[Any] = [
        Text("终端就绪报告 Readiness report", "center", bold=True),
        Text(f"{report['terminal_id']}  {report['at'][:16].replace('T', ' ')}", "center"),
        Text(f"staff {report.get('staff_id') or '-'}  v{report['app_version']}", "center"),
        Rule("="),
        Text(f"OVERALL: {str(report['overall']).upper()}", bold=True),
        Rule(),
    ]
    for c in report["components"]:
        blocks.append(Text(f"[{_MARK.get(c['status'], c['status'])}] {c['name']}: {c['detail']}", max_lines=3))
    if report.get("tests"):
        blocks.append(Rule())
        blocks.append(Text("Self-tests", bold=True))
        for name, t in report["tests"].items():
            blocks.append(Text(f"[{_MARK.get(str(t['status']), t['status'])}] {name} {str(t.get('at') or '')[:16].replace('T', ' ')}",
                               max_lines=1))
    blocks.append(Feed(2))
    return blocks


def print_report(printer: Any, report: dict[str, Any]) -> Any:
    """On a real ESC/POS printer (or the simulator) through the driver's renderer; a fake gets a receipt."""

    if printer is None:
        return PrintOutcome(False, "offline", "no receipt printer")
    if hasattr(printer, "print_bytes") and hasattr(printer, "profile"):
        return printer.print_bytes(render_blocks(report_blocks(report), printer.profile))

    lines = tuple(f"[{c['status']}] {c['name']}: {c['detail']}" for c in report["components"])
    return printer.print_receipt(Receipt(
        centre_name=report["terminal_id"], title="Readiness report", service_name=f"overall {report['overall']}",
        tracking_number="", masked_name="-", masked_id="-", time=datetime.fromisoformat(report["at"]),
        next_steps=lines, language="en_US"))


def upload_report(store: Any, report: dict[str, Any]) -> str:
    """Queue the report for the hub (delivered by the next sync round); returns the outbox item id."""
    return str(store.enqueue("readiness", report))


def overall(report: dict[str, Any]) -> Status:
    return Status(report["overall"])
