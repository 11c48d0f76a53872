"""The readiness report: every check in one run plus the kept self-test results, printed on the
receipt printer and uploaded to the hub (outbox kind ``readiness``, delivered by sync).

Printed, it is the technician's site checklist (issue 24): the site and the terminal's display name, boxes
to tick by hand (screen cleaned, paper stock, cables, seals), the results and a sign-off line; on the
receipt printer always, and on A4 through the document printer when the terminal has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devices.cups.jobs import CupsQueue
from devices.printer.layout import Feed, Rule, Text
from devices.printer.render import render_blocks
from kiosk import __version__
from kiosk.documents.cups import CupsError
from kiosk.documents.models import SITE_TICKS, SiteChecklist
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


@dataclass(frozen=True)
class Site:
    """Where the checklist is signed: the centre's name and the terminal's display name."""

    name: str
    terminal_name: str


def site_checklist(report: dict[str, Any], site: Site) -> SiteChecklist:
    """The report as the A4 checklist's values: every component, then every kept self-test."""
    results = [(str(c["name"]), str(c["status"]), str(c.get("detail") or "")) for c in report["components"]]
    results += [(f"self-test {name}", str(t.get("status")), str(t.get("detail") or ""))
                for name, t in (report.get("tests") or {}).items()]
    return SiteChecklist(site_name=site.name, terminal_name=site.terminal_name,
                         checked_at=datetime.fromisoformat(report["at"]), staff_id=str(report.get("staff_id") or ""),
                         overall=str(report["overall"]), results=tuple(results))


def report_blocks(report: dict[str, Any], site: Site | None = None) -> list[Any]:
    """The receipt's blocks; with a ``site``, the checklist's header, tick boxes and sign-off line too."""

    blocks: list[Any] = [Text("终端就绪报告 Readiness report", "center", bold=True)]
    if site is not None:
        blocks += [Text(site.name, "center", max_lines=2), Text(site.terminal_name, "center")]
    blocks += [
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
    if site is not None:
        blocks.append(Rule())
        blocks += [Text(f"[  ] {zh} {en}") for zh, en in SITE_TICKS]
        blocks += [Feed(2), Text("签字 Signed: ______________"), Feed(1), Text("日期 Date: ______________")]
    blocks.append(Feed(2))
    return blocks


def print_report(printer: Any, report: dict[str, Any], site: Site | None = None) -> Any:
    """On a real ESC/POS printer (or the simulator) through the driver's renderer; a fake gets a receipt."""

    if printer is None:
        return PrintOutcome(False, "offline", "no receipt printer")
    if hasattr(printer, "print_bytes") and hasattr(printer, "profile"):
        return printer.print_bytes(render_blocks(report_blocks(report, site), printer.profile))

    lines = tuple(f"[{c['status']}] {c['name']}: {c['detail']}" for c in report["components"])
    return printer.print_receipt(Receipt(
        centre_name=report["terminal_id"], title="Readiness report", service_name=f"overall {report['overall']}",
        tracking_number="", masked_name="-", masked_id="-", time=datetime.fromisoformat(report["at"]),
        next_steps=lines, language="en_US"))


def print_a4_checklist(queue: CupsQueue | None, report: dict[str, Any], site: Site) -> str:
    """The A4 checklist through the document printer; what became of it, in words, for the screen."""
    if queue is None:
        return "no A4 printer configured"
    # Lazy: ReportLab adds 12 MB and 0.3-0.5 s (measured) to every kiosk start, which imports this module.
    from kiosk.documents.pdf import checklist_pdf

    try:
        job = queue.print_pdf(checklist_pdf(site_checklist(report, site)), title="site-checklist")
    except (CupsError, OSError) as exc:
        return f"A4 checklist not printed: {exc}"[:200]
    return f"A4 checklist: CUPS job {job.job_id} {job.state}"


def upload_report(store: Any, report: dict[str, Any]) -> str:
    """Queue the report for the hub (delivered by the next sync round); returns the outbox item id."""
    return str(store.enqueue("readiness", report))


def overall(report: dict[str, Any]) -> Status:
    return Status(report["overall"])
