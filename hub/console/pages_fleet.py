"""Fleet: the terminal table with filters and charts, a terminal's own page with its history and the
remote help an admin gives from it (commands, a one-time code, the diagnostics bundles), and the
fleet's recurring faults."""

from __future__ import annotations

import base64
import binascii
import time
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from contract.lang import tr
from hub import audit, faults, fleet, scope
from hub.console import charts, i18n, stats
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, lang_of, render, see_other
from hub.console.pages_cases import catalog_services
from hub.db import SessionDep, read_first
from hub.errors import ApiError
from hub.models import OutboxItem, Terminal

router = APIRouter()
PAGE_SIZE = 50  # rows of the fleet table per page: what a page costs is what staff wait for


def _choices(db: SessionDep, actor: audit.Actor) -> tuple[list[str], list[str]]:
    # DISTINCT over the indexed columns, within the staff member's scope
    where = scope.condition(actor, Terminal.district, Terminal.community)
    districts = list(db.scalars(select(Terminal.district).where(where).distinct().order_by(Terminal.district)))
    communities = list(db.scalars(select(Terminal.community).where(where).distinct().order_by(Terminal.community)))
    return districts, communities


@router.get("/fleet")
def fleet_page(request: Request, user: AnyUser, db: SessionDep, district: str = "", community: str = "",
               page: int = 1) -> Response:
    """One page of the fleet (``PAGE_SIZE`` terminals in number order): its cost does not grow with the fleet.
    Only reads: on SQLite its queries (~5-15 ms) run as a reader, not in the write turn that every terminal's
    heartbeat waits for."""
    read_first(db)
    district, community = district[:100], community[:100]
    try:
        total = fleet.count_terminals(db, district=district or None, community=community or None, actor=user.actor)
    except ApiError:  # a community outside the staff member's scope
        db.commit()
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    terminals = fleet.fleet_view(db, district=district or None, community=community or None,
                                 limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, actor=user.actor)
    districts, communities = _choices(db, user.actor)
    uptime = stats.uptime_percent(db, [t["terminal_id"] for t in terminals])
    _ = i18n.translator(lang_of(request))
    per_day = stats.submissions_per_day(db, district=district or None, community=community or None, actor=user.actor)
    per_service = stats.submissions_per_service(db, district=district or None, community=community or None,
                                                actor=user.actor)
    names = {sid: tr(service.get("name"), lang_of(request)) for sid, service in catalog_services(db).items()}
    per_service = [(names.get(sid) or sid, n) for sid, n in per_service]
    db.commit()
    uptime_points = [(f"#{t['terminal_no']} {t['community']}", uptime.get(t["terminal_id"], 0.0))
                     for t in terminals[:40]]
    query = urlencode({k: v for k, v in (("district", district), ("community", community)) if v})
    return render(request, "fleet.html", {
        "terminals": terminals, "districts": districts, "communities": communities, "district": district,
        "community": community, "uptime": uptime, "page": page, "pages": pages, "total": total,
        "first": (page - 1) * PAGE_SIZE + 1, "last": (page - 1) * PAGE_SIZE + len(terminals),
        "page_query": query + "&" if query else "",
        "chart_days": charts.bar_chart(per_day, _("Submissions per day (last 14 days)"),
                                       empty=_("No submissions in these days.")),
        "chart_services": charts.hbar_chart(per_service, _("Submissions per service (last 30 days)"),
                                            empty=_("No submissions in these days.")),
        "chart_uptime": charts.hbar_chart(uptime_points, _("Terminal uptime, last 24 hours"),
                                          empty=_("No terminals here yet."), unit="%",
                                          max_value=100)})


REMOTE_COMMANDS = ("upload_diagnostics", "run_selftests", "restart_app", "sync_now", "maintenance_on",
                   "maintenance_off")  # what the terminal page's buttons send (hub.schemas.CommandName)
BUNDLE = "diagnostics_bundle"


def _not_found(request: Request, db: SessionDep) -> Response:
    db.commit()
    return render(request, "error.html", {"status": 404, "message": "There is no such terminal."}, 404)


@router.get("/fleet/faults")
def recurring_faults_page(request: Request, user: AnyUser, db: SessionDep) -> Response:
    """Which terminals' components keep failing: counts over the last 7 and 30 days (only reads: SQLite takes
    no write turn for them)."""
    read_first(db)
    rows = faults.recurring(db, actor=user.actor)
    db.commit()
    return render(request, "faults.html", {"rows": rows})


@router.get("/fleet/{terminal_id}")
def terminal_page(request: Request, terminal_id: str, user: AnyUser, db: SessionDep) -> Response:
    read_first(db)  # only reads (SQLite: no write turn)
    return _terminal(request, terminal_id[:40], user.actor, db, {})


def _terminal(request: Request, terminal_id: str, actor: audit.Actor, db: SessionDep, extra: dict[str, Any],
              status: int = 200) -> Response:
    view = fleet.fleet_view(db, terminal_id=terminal_id, actor=actor)
    if not view:
        return _not_found(request, db)
    history = fleet.history(db, terminal_id, limit=100)
    reports = list(db.scalars(select(OutboxItem).where(OutboxItem.terminal_id == terminal_id,
                                                       OutboxItem.kind == "readiness")
                              .order_by(OutboxItem.received_at.desc()).limit(40)))
    readiness = [r for r in reports if (r.body or {}).get("type") != BUNDLE][:20]
    bundles = [r for r in reports if (r.body or {}).get("type") == BUNDLE][:10]
    commands = fleet.commands_of(db, terminal_id)
    timeline = faults.timeline(db, terminal_id)
    by_hour = stats.uptime_by_hour(db, terminal_id)
    db.commit()
    _ = i18n.translator(lang_of(request))
    alerting = [h for h in history if h.alerts]
    return render(request, "terminal.html", {
        "t": view[0], "history": history, "faults": alerting, "readiness": readiness, "bundles": bundles,
        "commands": commands, "timeline": timeline, "remote_commands": REMOTE_COMMANDS, **extra,
        "chart_uptime": charts.bar_chart(by_hour, _("Uptime by hour, last 24 hours"),
                                         empty=_("No heartbeats in these hours."), unit="%",
                                         max_value=100)}, status)


@router.post("/fleet/{terminal_id}/name", dependencies=[Csrf])
def rename_terminal(request: Request, terminal_id: str, user: AdminUser, db: SessionDep,
                    display_name: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Name a terminal for people ("燕山社区一楼大厅一体机"); empty clears it. Audited."""
    try:
        fleet.rename(db, user.actor, terminal_id[:40], display_name)
    except ApiError:
        return _not_found(request, db)
    db.commit()
    return see_other(f"{PREFIX}/fleet/{terminal_id[:40]}?renamed=1")


@router.post("/fleet/{terminal_id}/command", dependencies=[Csrf])
def send_command(request: Request, terminal_id: str, user: AdminUser, db: SessionDep,
                 name: Annotated[str, Form(max_length=40)]) -> Response:
    """Queue a command for the terminal's next heartbeat (audited); its outcome shows on the page later."""
    terminal_id = terminal_id[:40]
    if not fleet.fleet_view(db, terminal_id=terminal_id, actor=user.actor):
        return _not_found(request, db)
    if name not in REMOTE_COMMANDS:
        db.commit()
        return render(request, "error.html", {"status": 422, "message": "There is no such command.",
                                              "back": f"{PREFIX}/fleet/{terminal_id}"}, 422)
    fleet.queue_command(db, user.actor, terminal_id, name)
    db.commit()
    return see_other(f"{PREFIX}/fleet/{terminal_id}?queued={name}#remote")


@router.post("/fleet/{terminal_id}/code", dependencies=[Csrf])
def issue_code(request: Request, terminal_id: str, user: AdminUser, db: SessionDep) -> Response:
    """A one-time technician code, shown once on the answer page (never in a URL); issuing it is audited."""
    terminal_id = terminal_id[:40]
    if not fleet.fleet_view(db, terminal_id=terminal_id, actor=user.actor):
        return _not_found(request, db)
    try:
        code = fleet.technician_code(db, user.actor, terminal_id, time.time())
    except ApiError as exc:
        db.rollback()
        return render(request, "error.html", {"status": exc.status, "message": exc.detail,
                                              "back": f"{PREFIX}/fleet/{terminal_id}"}, exc.status)
    db.commit()
    return _terminal(request, terminal_id, user.actor, db, {"code": code})


@router.get("/fleet/{terminal_id}/bundles/{item_id}")
def download_bundle(request: Request, terminal_id: str, item_id: str, user: AdminUser, db: SessionDep) -> Response:
    """A diagnostics bundle the terminal delivered through its outbox, as the zip it wrote."""
    terminal_id = terminal_id[:40]
    item = db.get(OutboxItem, item_id[:64])
    visible = fleet.fleet_view(db, terminal_id=terminal_id, actor=user.actor)
    db.commit()
    body = (item.body or {}) if item is not None else {}
    if not visible or item is None or item.terminal_id != terminal_id or body.get("type") != BUNDLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such bundle."}, 404)
    try:
        data = base64.b64decode(str(body.get("zip_b64", "")), validate=True)
    except binascii.Error:
        return render(request, "error.html", {"status": 422, "message": "This bundle is damaged."}, 422)
    name = "".join(ch for ch in str(body.get("file_name") or f"{item.id}.zip") if ch.isalnum() or ch in "-_.")
    return Response(data, media_type="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{name[:120]}"'})
