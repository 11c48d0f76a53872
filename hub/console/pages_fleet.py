"""Fleet: the terminal table with filters and charts, and a terminal's own page with its history."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from contract.lang import tr
from hub import audit, fleet, scope
from hub.console import charts, i18n, stats
from hub.console.app import AnyUser, lang_of, render
from hub.console.pages_cases import catalog_services
from hub.db import SessionDep
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
    """One page of the fleet (``PAGE_SIZE`` terminals in number order): its cost does not grow with the fleet."""
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
        "chart_days": charts.bar_chart(per_day, _("Submissions per day (last 14 days)")),
        "chart_services": charts.hbar_chart(per_service, _("Submissions per service (last 30 days)")),
        "chart_uptime": charts.hbar_chart(uptime_points, _("Terminal uptime, last 24 hours"), unit="%",
                                          max_value=100)})


@router.get("/fleet/{terminal_id}")
def terminal_page(request: Request, terminal_id: str, user: AnyUser, db: SessionDep) -> Response:
    view = fleet.fleet_view(db, terminal_id=terminal_id[:40], actor=user.actor)
    if not view:
        db.commit()
        return render(request, "error.html", {"status": 404, "message": "There is no such terminal."}, 404)
    history = fleet.history(db, terminal_id, limit=100)
    readiness = list(db.scalars(select(OutboxItem).where(OutboxItem.terminal_id == terminal_id,
                                                         OutboxItem.kind == "readiness")
                                .order_by(OutboxItem.received_at.desc()).limit(20)))
    by_hour = stats.uptime_by_hour(db, terminal_id)
    db.commit()
    _ = i18n.translator(lang_of(request))
    faults = [h for h in history if h.alerts]
    return render(request, "terminal.html", {
        "t": view[0], "history": history, "faults": faults, "readiness": readiness,
        "chart_uptime": charts.bar_chart(by_hour, _("Uptime by hour, last 24 hours"), unit="%",
                                         max_value=100)})
