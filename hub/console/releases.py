"""Release actions shared by forms and content pages: target from a form, create, pause, rollout %, rollback."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.clock import BEIJING
from contract.lang import tr
from hub import audit, publishing
from hub.console.app import PREFIX, AdminUser, Csrf, lang_of, render, see_other
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import Release

router = APIRouter()
TARGET_KINDS = ("all", "district", "community", "terminals")
CONSOLE_KINDS = ("form", "notices", "catalog")


def target_from_form(kind: str, values: str) -> dict[str, Any]:
    """The hub's target object from the console's two inputs (a kind and comma- or line-separated names)."""
    if kind not in TARGET_KINDS:
        raise ValueError("Choose who receives it.")
    if kind == "all":
        return {"all": True, "districts": [], "communities": [], "terminals": []}
    names = [n.strip() for n in values.replace("，", ",").replace("\n", ",").split(",") if n.strip()]
    if not names:
        raise ValueError("Name at least one district, community or terminal.")
    key = {"district": "districts", "community": "communities", "terminals": "terminals"}[kind]
    target: dict[str, Any] = {"all": False, "districts": [], "communities": [], "terminals": []}
    target[key] = names
    return target


def describe_target(target: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, names) pairs for showing a target."""
    if target.get("all"):
        return [("All terminals", "")]
    out = []
    for key, label in (("districts", "District"), ("communities", "Community"), ("terminals", "Terminals")):
        if target.get(key):
            out.append((label, ", ".join(target[key])))
    return out


def releases_of(db: Session, kind: str, content_id: str) -> list[Release]:
    return list(db.scalars(select(Release).where(Release.kind == kind, Release.content_id == content_id)
                           .order_by(Release.id.desc())))


def live_release(db: Session, kind: str, content_id: str) -> Release | None:
    """The newest release that is not rolled back (for a form: None means residents cannot fill it in)."""
    return db.scalar(select(Release).where(Release.kind == kind, Release.content_id == content_id,
                                           Release.state != "rolled_back").order_by(Release.id.desc()).limit(1))


def services_using(db: Session, form_id: str, *, live: bool) -> list[dict[str, Any]]:
    """The directory's services that point to ``form_id``: in the live directory (``live``: what terminals
    were sent), else in the newest stored one (what the next publication sends)."""
    if live:
        release = live_release(db, "catalog", publishing.DEFAULT_IDS["catalog"])
        version = release.version if release is not None else None
    else:
        latest = publishing.latest_version(db, "catalog", publishing.DEFAULT_IDS["catalog"])
        version = latest.version if latest is not None else None
    body = publishing.content_body(db, "catalog", publishing.DEFAULT_IDS["catalog"], version) if version else None
    return [s for s in (body or {}).get("services", []) if isinstance(s, dict) and s.get("form_id") == form_id]


def page_for(kind: str, content_id: str) -> str:
    return f"{PREFIX}/forms/{content_id}" if kind == "form" else f"{PREFIX}/content/{kind}"


def _error_page(request: Request, message: str, back: str, status: int = 422) -> Response:
    return render(request, "error.html", {"status": status, "message": message, "back": back}, status)


def parse_start(value: str) -> datetime | None:
    """The schedule box (``2026-12-24T08:00``, Beijing time, as a datetime-local input sends it) in UTC."""
    if not value.strip():
        return None
    try:
        at = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("Give the publishing time as a date and a time.") from None
    return (at if at.tzinfo else at.replace(tzinfo=BEIJING)).astimezone(UTC)


def reaches_of(db: Session, releases: list[Release]) -> dict[int, int]:
    """How many terminals each live release reaches, for the releases table."""
    return {r.id: publishing.reach(db, r) for r in releases if r.state != "rolled_back"}


@router.post("/releases/new/{kind}/{content_id}", dependencies=[Csrf])
def create_release(request: Request, kind: str, content_id: str, user: AdminUser, db: SessionDep,
                   version: Annotated[int, Form(ge=1, le=2**31 - 1)],
                   target_kind: Annotated[str, Form(max_length=20)] = "all",
                   target_values: Annotated[str, Form(max_length=20000)] = "",
                   rollout: Annotated[int, Form(ge=0, le=100)] = 100,
                   starts_at: Annotated[str, Form(max_length=40)] = "",
                   confirm: Annotated[str, Form(max_length=10)] = "") -> Response:
    """Without ``confirm``: the confirmation page, saying what changes on which terminals (and why nothing
    does, when nothing does). With it: the release, scheduled or waiting for approval as asked."""
    back = page_for(kind, content_id)
    if kind not in CONSOLE_KINDS:
        return _error_page(request, "Unknown kind of content.", f"{PREFIX}/", 404)
    try:
        target = target_from_form(target_kind, target_values)
        start = parse_start(starts_at)
    except ValueError as exc:
        return _error_page(request, str(exc), back)
    approval = bool(request.app.state.config.publish_approval)
    try:
        if confirm != "1":
            planned = publishing.make_release(db, user.actor, kind, content_id, version, target, rollout, [])
            changes = publishing.changes_by(db, planned)
            why = publishing.why_nothing(db, planned) if not changes else ""
            db.rollback()
            return render(request, "dry_run.html", {
                "kind": kind, "content_id": content_id, "version": version, "target": describe_target(target),
                "rollout": rollout, "changes": changes, "why": why, "back": back, "approval": approval,
                "fields": {"version": version, "target_kind": target_kind, "target_values": target_values,
                           "rollout": rollout}})
        release = publishing.create_release(db, user.actor, kind, content_id, version, target, rollout, [],
                                            starts_at=start, needs_approval=approval)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _error_page(request, exc.detail, back, exc.status)
    flag = "pending" if release.state == "pending" else ("scheduled" if release.starts_at else "released")
    return see_other(f"{back}?{flag}={release.version}")


@router.post("/releases/{release_id}/approve", dependencies=[Csrf])
def approve_release(request: Request, release_id: int, user: AdminUser, db: SessionDep) -> Response:
    release = db.get(Release, release_id)
    if release is None:
        return _error_page(request, "There is no such release.", f"{PREFIX}/forms", 404)
    back = page_for(release.kind, release.content_id)
    try:
        publishing.approve_release(db, user.actor, release_id)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _error_page(request, exc.detail, back, exc.status)
    return see_other(f"{back}?approved={release.version}")


@router.post("/releases/{release_id}/update", dependencies=[Csrf])
def update_release(request: Request, release_id: int, user: AdminUser, db: SessionDep,
                   action: Annotated[str, Form(max_length=20)] = "",
                   rollout: Annotated[int | None, Form(ge=0, le=100)] = None) -> Response:
    release = db.get(Release, release_id)
    if release is None:
        return _error_page(request, "There is no such release.", f"{PREFIX}/forms", 404)
    back = page_for(release.kind, release.content_id)
    state = {"pause": "paused", "resume": "active"}.get(action)
    try:
        changed = publishing.update_release(db, user.actor, release_id, state,
                                            rollout if action == "rollout" else None)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _error_page(request, exc.detail, back, exc.status)
    return see_other(f"{back}?changed={changed.id}&percent={changed.rollout_percent}&state={changed.state}")


@router.post("/rollback/{kind}/{content_id}", dependencies=[Csrf])
def rollback(request: Request, kind: str, content_id: str, user: AdminUser, db: SessionDep,
             with_services: Annotated[str, Form(max_length=1)] = "") -> Response:
    """Withdraw the newest release; a form's last one is refused while a live service points to it (residents
    would find the service and no form), naming the services, and offering to withdraw both together."""
    back = page_for(kind, content_id)
    live = [r for r in releases_of(db, kind, content_id) if r.state != "rolled_back"]
    using = services_using(db, content_id, live=True) if kind == "form" and len(live) == 1 else []
    lang = lang_of(request)
    names = "、".join(f"{tr(s.get('name'), lang)} ({s.get('id')})" for s in using)
    if using and not with_services:
        db.commit()
        return render(request, "withdraw.html", {"names": names, "back": back, "form_id": content_id}, 409)
    try:
        directory = _withdraw_services(db, user.actor, content_id) if using else None
        publishing.rollback(db, user.actor, kind, content_id)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _error_page(request, exc.detail, back, exc.status)
    if directory is None:
        return see_other(back)
    return see_other(f"{back}?{urlencode({'withdrawn': names, 'directory': directory.version})}")


def _withdraw_services(db: Session, actor: audit.Actor, form_id: str) -> Release:
    """The live directory without the services that point to ``form_id``, stored as its next version and
    released to every terminal the live directory reaches (all of them, not a rollout: a service whose form
    is gone must leave every screen)."""
    cid = publishing.DEFAULT_IDS["catalog"]
    current = live_release(db, "catalog", cid)
    assert current is not None  # services_using(live=True) found services in it
    body = publishing.content_body(db, "catalog", cid, current.version) or {}
    kept = [s for s in body.get("services", []) if not (isinstance(s, dict) and s.get("form_id") == form_id)]
    published = publishing.publish_content(db, actor, "catalog", {**body, "services": kept}, cid)
    return publishing.create_release(db, actor, "catalog", cid, published.version.version, current.target, 100, [])
