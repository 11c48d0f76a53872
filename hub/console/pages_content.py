"""Notices and the catalog as whole documents: edited as YAML (or uploaded), validated, versioned and released
like forms. One entry at a time (a notice, a service with its guide) is :mod:`hub.console.pages_entries`."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from contract import safe_load
from hub import publishing
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, render, see_other
from hub.console.releases import describe_target, live_release, reaches_of, releases_of
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import ContentVersion
from hub.validation import CONTENT_BOUNDS, validate_content

router = APIRouter()
EDITABLE = ("notices", "catalog")
MAX_TEXT = 2 * 1024 * 1024


def versions_of(db: SessionDep, kind: str) -> list[ContentVersion]:
    """Every stored version of a content kind, newest first."""
    return list(db.scalars(select(ContentVersion).where(ContentVersion.kind == kind)
                           .order_by(ContentVersion.version.desc())))


def to_yaml(content: dict[str, Any] | None) -> str:
    if not content:
        return ""
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


def parse_text(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """YAML (JSON is YAML too) to an object, or the reasons it is not one (the bounded loader: no aliases)."""
    try:
        data = safe_load.load_yaml(text, CONTENT_BOUNDS, "text")
    except safe_load.ContentError as exc:
        return None, exc.problems
    if not isinstance(data, dict):
        return None, ["The top level must be a mapping (notices: [...] or services: [...])."]
    return data, []


def _page(request: Request, db: SessionDep, kind: str, text: str | None = None, errors: list[str] | None = None,
          status: int = 200, valid: bool = False) -> Response:
    versions = versions_of(db, kind)
    content_id = versions[0].content_id if versions else publishing.DEFAULT_IDS[kind]
    body = publishing.content_body(db, kind, content_id, versions[0].version) if versions else None
    releases = releases_of(db, kind, content_id)
    wanted = request.query_params.get("service", "")
    saved = next((e for e in (body or {}).get("services", []) if isinstance(e, dict) and e.get("id") == wanted), None)
    form_id = saved.get("form_id") if saved else None
    form_release = live_release(db, "form", form_id) if form_id else None
    reaches = reaches_of(db, releases)
    db.commit()
    return render(request, "content.html", {
        "saved_service": saved, "form_release": form_release, "reaches": reaches,
        "kind": kind, "content_id": content_id, "versions": versions, "body": body,
        "text": text if text is not None else to_yaml(body), "errors": errors or [], "releases": releases,
        "describe_target": describe_target, "valid": valid}, status)


@router.get("/content")
def content_index(user: AnyUser) -> Response:
    return see_other(f"{PREFIX}/content/notices")


@router.get("/content/{kind}")
def content_page(request: Request, kind: str, user: AnyUser, db: SessionDep) -> Response:
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    return _page(request, db, kind)


@router.post("/content/{kind}", dependencies=[Csrf])
def content_save(request: Request, kind: str, user: AdminUser, db: SessionDep,
                 text: Annotated[str, Form(max_length=MAX_TEXT)] = "",
                 action: Annotated[str, Form(max_length=20)] = "save") -> Response:
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    content, errors = parse_text(text)
    if content is not None:
        errors = validate_content(kind, content)
    if errors or content is None:
        return _page(request, db, kind, text, errors, 422)
    if action == "validate":
        return _page(request, db, kind, text, [], 200, valid=True)
    try:
        published = publishing.publish_content(db, user.actor, kind, content)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _page(request, db, kind, text, [exc.detail], exc.status)
    return see_other(f"{PREFIX}/content/{kind}?saved={published.version.version}")
