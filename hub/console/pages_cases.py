"""Cases: staff see their community's submissions, open one (decrypted for staff only), move it along,
approve a certificate service with the certificate's text, and find a case by tracking number."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from contract import tracking
from contract.forms import FormDefinition, FormError
from contract.lang import tr
from hub import case_pages, cases, publishing
from hub.audit import Actor
from hub.console import case_view, materials
from hub.console.app import PREFIX, CaseReader, Csrf, lang_of, render, see_other
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import Case, ContentVersion
from hub.schemas import MAX_RETAKE_MATERIALS
from hub.security import Role

router = APIRouter()
STATUSES = ("received", "accepted", "needs_info", "needs_retake", "approved", "rejected", "ready_for_pickup")


def catalog_services(db: SessionDep) -> dict[str, dict[str, Any]]:
    """The newest catalog's services by id (their names, whether they issue a certificate)."""
    latest = db.scalar(select(ContentVersion).where(ContentVersion.kind == "catalog")
                       .order_by(ContentVersion.version.desc()).limit(1))
    if latest is None:
        return {}
    body = publishing.content_body(db, "catalog", latest.content_id, latest.version) or {}
    return {str(s["id"]): s for s in body.get("services", []) if isinstance(s, dict) and s.get("id")}


def catalog_service(db: SessionDep, service_id: str) -> dict[str, Any] | None:
    return catalog_services(db).get(service_id)


def form_definition(db: SessionDep, form_id: str, version: int) -> FormDefinition | None:
    """The form version the resident filled in (None if the hub no longer has it or cannot read it)."""
    body = publishing.content_body(db, "form", form_id, version)
    try:
        return FormDefinition.from_dict(body) if body is not None else None
    except FormError:
        return None


@router.get("/cases")
def cases_page(request: Request, user: CaseReader, db: SessionDep, q: str = "", status: str = "") -> Response:
    q, status = q.strip()[:30], status[:20]
    found = None
    if q:
        number = tracking.normalise(q)
        rows = cases.list_cases(db, user.actor, tracking_number=number) if number.isalnum() else []
        found = bool(rows)
        if len(rows) == 1:
            db.commit()
            return see_other(f"{PREFIX}/cases/{rows[0].submission_id}")
    else:
        rows = cases.list_cases(db, user.actor, status=status if status in STATUSES else None)
    lang = lang_of(request)
    names = {sid: tr(service.get("name"), lang) for sid, service in catalog_services(db).items()}
    db.commit()
    return render(request, "cases.html", {"cases": rows, "q": q, "status": status, "statuses": STATUSES,
                                          "found": found, "names": names, "pretty": tracking.pretty})


def find_case(db: Session, actor: Actor, submission_id: str) -> Case | None:
    """The case ``actor`` may see, or None (no such case, or outside the actor's scope: the same answer)."""
    try:
        return cases.get_case(db, actor, submission_id[:64])
    except ApiError:
        db.rollback()
        return None


def no_such_case(request: Request) -> Response:
    return render(request, "error.html", {"status": 404, "message": "There is no such case."}, 404)


@router.get("/cases/{submission_id}")
def case_page(request: Request, submission_id: str, user: CaseReader, db: SessionDep) -> Response:
    case = find_case(db, user.actor, submission_id)
    if case is None:
        return no_such_case(request)
    lang = lang_of(request)
    payload = None
    error = None
    if user.role == Role.STAFF:
        try:
            payload = cases.open_payload(db, request.app.state.keys, user.actor, case)
        except ApiError as exc:
            error = exc.detail
    answers = case_view.answer_rows(form_definition(db, case.form_id, case.form_version), payload["answers"], lang) \
        if payload and isinstance(payload.get("answers"), dict) else []
    identity = case_view.identity_rows(payload["identity"], lang) \
        if payload and isinstance(payload.get("identity"), dict) else []
    notes = cases.notes_of(db, case.submission_id)
    service = catalog_service(db, case.service_id)
    photographed = materials.materials_of(case_pages.pages_of(db, case), service, lang, cases.retake_of(case))
    db.commit()
    return render(request, "case.html", {
        "case": case, "answers": answers, "identity": identity, "notes": notes, "error": error,
        "materials": photographed,
        "next_statuses": cases.TRANSITIONS.get(case.status, ()), "service": service,
        "service_name": tr(service.get("name"), lang) if service else case.service_id,
        "certificate_service": bool(service and service.get("certificate")),
        "default_title": tr(service.get("name"), "zh_CN") if service else ""})


@router.post("/cases/{submission_id}/status", dependencies=[Csrf])
def case_status(request: Request, submission_id: str, user: CaseReader, db: SessionDep,
                status: Annotated[str, Form(max_length=20)],
                note: Annotated[str, Form(max_length=5000)] = "",
                cert_title: Annotated[str, Form(max_length=300)] = "",
                cert_body: Annotated[str, Form(max_length=20000)] = "",
                materials: Annotated[list[str] | None, Form()] = None) -> Response:
    back = f"{PREFIX}/cases/{submission_id[:64]}"
    if user.role != Role.STAFF:
        return render(request, "error.html", {"status": 403, "message": "Only staff change a case's status."}, 403)
    certificate = None
    if status == "approved" and (cert_title.strip() or cert_body.strip()):
        if not (cert_title.strip() and cert_body.strip()):
            return render(request, "error.html", {"status": 422, "back": back,
                                                  "message": "A certificate needs both a title and its text."}, 422)
        certificate = {"title": cert_title.strip(), "body": cert_body.strip()}
    base = request.app.state.config.public_url  # never the request's Host (issue 16, finding 5)
    try:
        cases.change_status(db, user.actor, submission_id[:64], status, note.strip(), certificate, base,
                            [m[:64] for m in (materials or [])[:MAX_RETAKE_MATERIALS]])
        db.commit()
    except ApiError as exc:
        db.rollback()
        return render(request, "error.html", {"status": exc.status, "message": exc.detail, "back": back}, exc.status)
    return see_other(f"{back}?changed={status}")
