"""Queue and ratings in the console (issue 16): the counters call the next resident, everyone reads the
satisfaction ratings; both through the hub's community services, with the same scope check as the API, so a
staff member sees and calls only their own community's (or district's) queue."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from contract.lang import tr
from hub import community as services
from hub.console.app import PREFIX, AnyUser, CaseReader, Csrf, lang_of, render, see_other
from hub.console.pages_cases import catalog_services
from hub.db import SessionDep
from hub.errors import ApiError

router = APIRouter()


def _not_found(request: Request) -> Response:
    return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)


@router.get("/queue")
def queue_page(request: Request, user: AnyUser, db: SessionDep, community: str = "", called: str = "",
               counter: str = "") -> Response:
    """Today's queue per community and business type; counter staff call the next from here."""
    wanted = community[:100]
    try:
        groups = services.queue_view(db, user.actor, wanted or None)
    except ApiError:
        db.commit()
        return _not_found(request)
    db.commit()
    lang = lang_of(request)
    return render(request, "queue.html", {
        "groups": groups, "community": wanted, "called": called[:20], "counter": counter[:40],
        "names": {g["business_type"]: tr(g["business_name"], lang) or g["business_type"] for g in groups},
        "can_call": user.role in ("admin", "staff")})


@router.post("/queue/call-next", dependencies=[Csrf])
def call_next(request: Request, user: CaseReader, db: SessionDep, community: Annotated[str, Form(max_length=100)],
              business_type: Annotated[str, Form(max_length=8)],
              counter: Annotated[str, Form(min_length=1, max_length=40)]) -> Response:
    try:
        ticket = services.call_next(db, user.actor, community, business_type, counter.strip())
        db.commit()
    except ApiError as exc:
        db.rollback()
        return render(request, "error.html", {"status": exc.status, "message": exc.detail,
                                              "back": f"{PREFIX}/queue"}, exc.status)
    query = {"community": community, "counter": counter.strip(), "called": ticket["number"] if ticket else "-"}
    return see_other(f"{PREFIX}/queue?{urlencode(query)}")


@router.post("/queue/{ticket_id}/{outcome}", dependencies=[Csrf])
def finish(request: Request, ticket_id: str, outcome: str, user: CaseReader, db: SessionDep,
           community: Annotated[str, Form(max_length=100)] = "") -> Response:
    """Served, or skipped (the resident did not come when called)."""
    if outcome not in ("served", "skipped"):
        return _not_found(request)
    try:
        services.finish_ticket(db, user.actor, ticket_id[:64], outcome)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return render(request, "error.html", {"status": exc.status, "message": exc.detail,
                                              "back": f"{PREFIX}/queue"}, exc.status)
    return see_other(f"{PREFIX}/queue?{urlencode({'community': community})}")


@router.get("/ratings")
def ratings_page(request: Request, user: AnyUser, db: SessionDep, community: str = "") -> Response:
    """Satisfaction per service and per terminal (count, average, the five levels, the reasons given)."""
    wanted = community[:100]
    try:
        data = services.ratings(db, user.actor, wanted or None)
    except ApiError:
        db.commit()
        return _not_found(request)
    lang = lang_of(request)
    names = {sid: tr(s.get("name"), lang) for sid, s in catalog_services(db).items()}
    db.commit()
    return render(request, "ratings.html", {"data": data, "community": wanted, "names": names})
