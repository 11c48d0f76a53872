"""One entry at a time, for people who do not write YAML: a notice, or a service with its whole guide.

A published form reaches residents only through a service in the directory (the catalog), and a
service is shown only with its guide: who may apply, the materials to bring, where, the hours, the
time limit, the fee and the legal basis. So the "new service" page asks for all of it as fields,
offers the directory's categories and the stored forms by their names, and can start from a form
("make this form a service"). Saving stores a new version of the whole list, checked by the
terminal's own rules; the flash on the list page then says what still has to be published.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from contract.lang import tr
from hub import publishing
from hub.console.app import PREFIX, AdminUser, Csrf, lang_of, render, see_other
from hub.console.pages_content import EDITABLE, versions_of
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import ContentVersion
from hub.validation import validate_content

router = APIRouter()

try:
    from contract.notices import CATEGORIES as NOTICE_CATEGORIES
except ImportError:  # the hub without the terminal's notices module
    NOTICE_CATEGORIES = ("party", "finance", "policy", "activity")


@dataclass(frozen=True)
class EntryField:
    path: str  # "title.zh_CN", "guide.who.zh_CN": keys, the last one a language for a text
    label: str
    kind: str = "text"  # text | textarea | lines | date | checkbox | select
    options: tuple[str, ...] = ()  # for a select; "categories" and "forms" come from the stored content
    section: str = ""  # a heading shown before the field


def _both(path: str, label: str, kind: str = "text", section: str = "") -> tuple[EntryField, EntryField]:
    return (EntryField(f"{path}.zh_CN", f"{label} (Chinese)", kind, section=section),
            EntryField(f"{path}.en_US", f"{label} (English)", kind))


MATERIALS = "guide.materials"
ENTRY_FIELDS: dict[str, tuple[EntryField, ...]] = {
    "notices": (
        EntryField("id", "ID"), EntryField("category", "Category", "select", NOTICE_CATEGORIES),
        *_both("title", "Title"), *_both("body", "Text", "textarea"),
        EntryField("valid_from", "Shown from", "date"), EntryField("valid_to", "Shown until", "date"),
    ),
    "catalog": (
        EntryField("id", "ID"), EntryField("category", "Category", "select", ("categories",)),
        EntryField("form_id", "Form residents fill in", "select", ("forms",)),
        *_both("name", "Name"), *_both("summary", "Summary", "textarea"), *_both("keywords", "Search words"),
        EntryField("needs_receipt", "Prints a receipt", "checkbox"),
        EntryField("certificate", "Issues a certificate", "checkbox"),
        *_both("guide.who", "Who may apply", "textarea", section="Guide for residents"),
        *_both(MATERIALS, "Materials to bring (one per line)", "lines"),
        *_both("guide.where", "Where to go"), *_both("guide.hours", "Opening hours"),
        *_both("guide.time_limit", "Time limit"), *_both("guide.fee", "Fee"),
        *_both("guide.legal_basis", "Legal basis", "textarea"),
    ),
}
LIST_KEY = {"notices": "notices", "catalog": "services"}
MAX_LINES = 20


def _material_name(material: Any, lang: str) -> str:
    """A material's name in ``lang``: a plain text, or ``{id, required, name}``."""
    if not isinstance(material, dict):
        return ""
    name = material.get("name", material)
    return str(name.get(lang, "")) if isinstance(name, dict) else ""


def _get(entry: dict[str, Any], path: str) -> Any:
    *keys, last = path.split(".")
    if path.startswith(MATERIALS):
        materials = (entry.get("guide") or {}).get("materials") or []
        return "\n".join(_material_name(m, last) for m in materials if isinstance(m, dict))
    value: Any = entry
    for key in [*keys, last]:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _set(entry: dict[str, Any], path: str, value: Any) -> None:
    """Set a key, or a language of a text, at any depth; an empty optional key is removed."""
    *keys, last = path.split(".")
    node = entry
    for key in keys:
        child = node.get(key)
        node[key] = dict(child) if isinstance(child, dict) else {}
        node = node[key]
    if value in ("", None) and keys == [] and last != "id":
        node.pop(last, None)
    else:
        node[last] = value


def _materials(entry: dict[str, Any], zh: str, en: str) -> str:
    """The guide's materials from two line-aligned boxes; an existing material keeps its id and required
    mark (the document camera's) when its Chinese name is unchanged. Returns a problem, or ""."""
    zh_lines = [line.strip() for line in zh.splitlines() if line.strip()]
    en_lines = [line.strip() for line in en.splitlines() if line.strip()]
    if len(zh_lines) != len(en_lines):
        return "Materials: write as many English lines as Chinese ones, in the same order."
    if len(zh_lines) > MAX_LINES:
        return f"Materials: at most {MAX_LINES}."
    guide = dict(entry.get("guide") or {})
    old = {_material_name(m, "zh_CN"): m for m in guide.get("materials") or [] if isinstance(m, dict)}
    materials: list[dict[str, Any]] = []
    for z, e in zip(zh_lines, en_lines, strict=True):
        kept = old.get(z)
        if kept is not None and "name" in kept:
            materials.append({**kept, "name": {"zh_CN": z, "en_US": e}})
        else:
            materials.append({"zh_CN": z, "en_US": e})
    guide["materials"] = materials
    entry["guide"] = guide
    return ""


def _latest(db: SessionDep, kind: str) -> tuple[str, dict[str, Any]]:
    versions = versions_of(db, kind)
    content_id = versions[0].content_id if versions else publishing.DEFAULT_IDS[kind]
    body = publishing.content_body(db, kind, content_id, versions[0].version) if versions else None
    return content_id, dict(body or {LIST_KEY[kind]: []})


def _forms(db: SessionDep) -> dict[str, str]:
    """Stored forms by id with the title of their newest version."""
    rows = db.scalars(select(ContentVersion).where(ContentVersion.kind == "form")
                      .order_by(ContentVersion.content_id, ContentVersion.version))
    return {cv.content_id: cv.title for cv in rows}


def _options(db: SessionDep, body: dict[str, Any], lang: str) -> dict[str, list[tuple[str, str]]]:
    """(value, what a person reads) for the selects that come from stored content."""
    categories = [(c["id"], tr(c.get("name"), lang) or c["id"]) for c in body.get("categories", [])
                  if isinstance(c, dict) and isinstance(c.get("id"), str)]
    forms = [("", "—")] + [(fid, f"{title} ({fid})") for fid, title in _forms(db).items()]
    return {"categories": categories, "forms": forms}


def _entry_page(request: Request, db: SessionDep, kind: str, entry: dict[str, Any], original: str,
                errors: list[str], status: int = 200) -> Response:
    _cid, body = _latest(db, kind)
    options = _options(db, body, lang_of(request))
    db.commit()
    values = {f.path: _get(entry, f.path) for f in ENTRY_FIELDS[kind]}
    return render(request, "entry.html", {"kind": kind, "fields": ENTRY_FIELDS[kind], "values": values,
                                          "original": original, "errors": errors, "options": options}, status)


@router.get("/content/{kind}/entry")
def entry_form(request: Request, kind: str, user: AdminUser, db: SessionDep, id: str = "",
               form: str = "") -> Response:
    """An entry to edit, or a new one; ``form`` starts a new service from that form (its id and title)."""
    if kind not in EDITABLE:
        return render(request, "error.html", {"status": 404, "message": "There is no such page."}, 404)
    _cid, body = _latest(db, kind)
    entry = next((e for e in body.get(LIST_KEY[kind], []) if isinstance(e, dict) and e.get("id") == id), None)
    if id and entry is None:
        db.commit()
        return render(request, "error.html", {"status": 404, "message": "There is no such entry."}, 404)
    start: dict[str, Any] = dict(entry or {})
    if kind == "catalog" and not entry and form:
        latest = publishing.latest_version(db, "form", form[:100])
        if latest is not None:
            title = (publishing.content_body(db, "form", latest.content_id, latest.version) or {}).get("title", {})
            start = {"id": latest.content_id, "form_id": latest.content_id, "name": dict(title),
                     "needs_receipt": True}
    return _entry_page(request, db, kind, start, id if entry else "", [])


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
        if f.kind == "lines":
            continue
        raw = form.get(f.path)
        value: Any = (raw == "on") if f.kind == "checkbox" else str(raw or "").strip()[:20000]
        if f.path == "form_id" and value == "":
            value = None  # a guide only: residents read it and come to the counter
        _set(entry, f.path, value)
    problem = _materials(entry, str(form.get(f"{MATERIALS}.zh_CN") or "")[:20000],
                         str(form.get(f"{MATERIALS}.en_US") or "")[:20000]) if kind == "catalog" else ""
    if problem:
        return _entry_page(request, db, kind, entry, original, [problem], 422)
    if kind == "notices" and not entry.get("published"):
        entry["published"] = date.today().isoformat()
    rest = [e for e in entries if e.get("id") != original] if original else entries
    if form.get("action") == "delete" and original:
        new_entries = rest
    else:
        if any(e.get("id") == entry.get("id") for e in rest):
            return _entry_page(request, db, kind, entry, original, ["Another entry already has this ID."], 422)
        new_entries = [entry if e.get("id") == original else e for e in entries] if current else [*entries, entry]
    content = {**body, LIST_KEY[kind]: new_entries}
    errors = validate_content(kind, content)
    if errors:
        return _entry_page(request, db, kind, entry, original, errors, 422)
    try:
        published = publishing.publish_content(db, user.actor, kind, content, content_id)
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _entry_page(request, db, kind, entry, original, [exc.detail], exc.status)
    saved = f"{PREFIX}/content/{kind}?saved={published.version.version}"
    return see_other(f"{saved}&service={entry['id']}" if kind == "catalog" and entry.get("id") else saved)

