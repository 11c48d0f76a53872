"""Notices and catalog entries: edited as YAML (or uploaded), validated, versioned and released like forms."""

from __future__ import annotations

from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from hub import publishing
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, DbDep, render, see_other
from hub.console.releases import describe_target, releases_of
from hub.errors import ApiError
from hub.models import ContentVersion
from hub.validation import validate_content

router = APIRouter()
EDITABLE = ("notices", "catalog")
MAX_TEXT = 2 * 1024 * 1024


def _versions(db: DbDep, kind: str) -> list[ContentVersion]:
    from sqlalchemy import select

    return list(db.scalars(select(ContentVersion).where(ContentVersion.kind == kind)
                           .order_by(ContentVersion.version.desc())))


def to_yaml(content: dict[str, Any] | None) -> str:
    if not content:
        return ""
    return yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)


def parse_text(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """YAML (JSON is YAML too) to an object, or the reason it is not one."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return None, [f"Not valid YAML or JSON: {exc}"]
    if not isinstance(data, dict):
        return None, ["The top level must be a mapping (notices: [...] or services: [...])."]
    return data, []


def _page(request: Request, db: DbDep, kind: str, text: str | None = None, errors: list[str] | None = None,
          status: int = 200, valid: bool = False) -> Response:
    versions = _versions(db, kind)
    content_id = versions[0].content_id if versions else publishing.DEFAULT_IDS[kind]
    body = publishing.content_body(db, kind, content_id, versions[0].version) if versions else None
    releases = releases_of(db, kind, content_id)
    db.commit()
    return render(request, "content.html", {
        "kind": kind, "content_id": content_id, "versions": versions, "body": body,
        "text": text if text is not None else to_yaml(body), "errors": errors or [], "releases": releases,
        "describe_target": describe_target, "valid": valid}, status)


@router.get("/content")
def content_index(user: AnyUser) -> Response:
    return see_other(f"{PREFIX}/content/notices")


@router.get("/content/{kind}")
def content_page(request: Request, kind: str, user: AnyUser, db: DbDep) -> Response:
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    return _page(request, db, kind)


@router.post("/content/{kind}", dependencies=[Csrf])
def content_save(request: Request, kind: str, user: AdminUser, db: DbDep,
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
