"""Notices and catalog entries: edited as YAML (or uploaded), validated, versioned and released like forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy import select

from contract import safe_load
from hub import publishing
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, render, see_other
from hub.console.releases import describe_target, reaches_of, releases_of
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import ContentVersion
from hub.validation import CONTENT_BOUNDS, validate_content

router = APIRouter()
EDITABLE = ("notices", "catalog")
MAX_TEXT = 2 * 1024 * 1024


def _versions(db: SessionDep, kind: str) -> list[ContentVersion]:
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
    versions = _versions(db, kind)
    content_id = versions[0].content_id if versions else publishing.DEFAULT_IDS[kind]
    body = publishing.content_body(db, kind, content_id, versions[0].version) if versions else None
    releases = releases_of(db, kind, content_id)
    db.commit()
    return render(request, "content.html", {
        "kind": kind, "content_id": content_id, "versions": versions, "body": body,
        "text": text if text is not None else to_yaml(body), "errors": errors or [], "releases": releases, "reaches": reaches_of(db, releases),
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


# --- one entry at a time (a notice, a catalog service), for people who do not write YAML ----------

try:
    from contract.notices import CATEGORIES as NOTICE_CATEGORIES
except ImportError:  # the hub without the terminal's notices module
    NOTICE_CATEGORIES = ("party", "finance", "policy", "activity")


@dataclass(frozen=True)
class EntryField:
    path: str  # "title.zh_CN": a key, or a key and a language
    label: str
    kind: str = "text"  # text | textarea | date | checkbox | select
    options: tuple[str, ...] = ()


ENTRY_FIELDS: dict[str, tuple[EntryField, ...]] = {
    "notices": (
        EntryField("id", "ID"), EntryField("category", "Category", "select", NOTICE_CATEGORIES),
        EntryField("title.zh_CN", "Title (Chinese)"), EntryField("title.en_US", "Title (English)"),
        EntryField("body.zh_CN", "Text (Chinese)", "textarea"), EntryField("body.en_US", "Text (English)", "textarea"),
        EntryField("valid_from", "Shown from", "date"), EntryField("valid_to", "Shown until", "date"),
    ),
    "catalog": (
        EntryField("id", "ID"), EntryField("category", "Category"),
        EntryField("name.zh_CN", "Name (Chinese)"), EntryField("name.en_US", "Name (English)"),
        EntryField("summary.zh_CN", "Summary (Chinese)", "textarea"),
        EntryField("summary.en_US", "Summary (English)", "textarea"),
        EntryField("form_id", "Form"), EntryField("certificate", "Issues a certificate", "checkbox"),
    ),
}
LIST_KEY = {"notices": "notices", "catalog": "services"}


def _get(entry: dict[str, Any], path: str) -> Any:
    key, _, lang = path.partition(".")
    value = entry.get(key)
    if lang:
        return value.get(lang, "") if isinstance(value, dict) else ""
    return value


def _set(entry: dict[str, Any], path: str, value: Any) -> None:
    key, _, lang = path.partition(".")
    if lang:
        old = entry.get(key)
        text: dict[str, Any] = dict(old) if isinstance(old, dict) else {}
        entry[key] = {**text, lang: value}
    elif value in ("", None) and key not in ("id",):
        entry.pop(key, None)
    else:
        entry[key] = value


def _latest(db: SessionDep, kind: str) -> tuple[str, dict[str, Any]]:
    versions = _versions(db, kind)
    content_id = versions[0].content_id if versions else publishing.DEFAULT_IDS[kind]
    body = publishing.content_body(db, kind, content_id, versions[0].version) if versions else None
    return content_id, dict(body or {LIST_KEY[kind]: []})


def _entry_page(request: Request, kind: str, entry: dict[str, Any], original: str, errors: list[str],
                status: int = 200) -> Response:
    values = {f.path: _get(entry, f.path) for f in ENTRY_FIELDS[kind]}
    return render(request, "entry.html", {"kind": kind, "fields": ENTRY_FIELDS[kind], "values": values,
                                          "original": original, "errors": errors}, status)


@router.get("/content/{kind}/entry")
def entry_form(request: Request, kind: str, user: AdminUser, db: SessionDep, id: str = "") -> Response:
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    _cid, body = _latest(db, kind)
    db.commit()
    entry = next((e for e in body.get(LIST_KEY[kind], []) if isinstance(e, dict) and e.get("id") == id), None)
    if id and entry is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such entry."}, 404)
    return _entry_page(request, kind, dict(entry or {}), id if entry else "", [])


@router.post("/content/{kind}/entry", dependencies=[Csrf])
async def entry_save(request: Request, kind: str, user: AdminUser, db: SessionDep) -> Response:
    """Change one entry of the newest version (other entries and unknown keys kept) into a new version."""
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    form = await request.form()
    original = str(form.get("original") or "")[:100]
    content_id, body = _latest(db, kind)
    entries = [e for e in body.get(LIST_KEY[kind], []) if isinstance(e, dict)]
    current = next((e for e in entries if e.get("id") == original), None) if original else None
    entry: dict[str, Any] = dict(current or {})
    for f in ENTRY_FIELDS[kind]:
        raw = form.get(f.path)
        value: Any = (raw == "on") if f.kind == "checkbox" else str(raw or "").strip()[:20000]
        _set(entry, f.path, value)
    if kind == "notices" and not entry.get("published"):
        entry["published"] = date.today().isoformat()
    rest = [e for e in entries if e.get("id") != original] if original else entries
    if form.get("action") == "delete" and original:
        new_entries = rest
    else:
        if any(e.get("id") == entry.get("id") for e in rest):
            db.commit()
            return _entry_page(request, kind, entry, original, ["Another entry already has this ID."], 422)
        new_entries = [entry if e.get("id") == original else e for e in entries] if current else [*entries, entry]
    content = {**body, LIST_KEY[kind]: new_entries}
    errors = validate_content(kind, content)
    if errors:
        db.commit()
        return _entry_page(request, kind, entry, original, errors, 422)
    try:
        published = publishing.publish_content(db, user.actor, kind, content, content_id)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _entry_page(request, kind, entry, original, [exc.detail], exc.status)
    return see_other(f"{PREFIX}/content/{kind}?saved={published.version.version}")
