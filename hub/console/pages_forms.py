"""Forms: upload (JSON, YAML, XLSX, XLSForm's .xls) with errors by sheet and row, preview, versions and releases.

An XLSForm often has no settings sheet: its id and title then come from the file
name, or from what the admin types in the upload form when the file name gives none.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select

from contract.forms.xlsx import XlsxError, convert_xlsx
from hub import publishing
from hub.console import i18n, preview
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, lang_of, render, see_other
from hub.console.releases import describe_target, releases_of
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import ContentVersion, Release
from hub.validation import FormSourceError, load_form_file, validate_content

router = APIRouter()
UPLOAD_SUFFIXES = (".json", ".yaml", ".yml", ".xlsx", ".xls")
SPREADSHEETS = (".xlsx", ".xls")
MAX_UPLOAD = 4 * 1024 * 1024
_WHERE = re.compile(r"^(?:[^:]*?: )?sheet '(?P<sheet>[^']+)'(?: row (?P<row>\d+))?"
                    r"(?: column '(?P<column>[^']*)')?(?: \((?P<what>[^)]*)\))?: (?P<msg>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: str
    where: str
    message: str


def problems_of(reasons: list[str]) -> list[Problem]:
    """Split the engine's reasons ("sheet 'survey' row 7 (field 'x'): ...", "sheet 'survey' row 4 column
    'type': ...") into table columns."""
    out = []
    for reason in reasons:
        match = _WHERE.match(reason)
        if match:
            where = match["what"] or (f"column '{match['column']}'" if match["column"] else "")
            out.append(Problem(match["sheet"], match["row"] or "", where, match["msg"]))
        else:
            out.append(Problem("", "", "", reason))
    return out


def _stored_name(filename: str, suffix: str) -> str:
    """The upload's own name (an XLSForm's id and title come from it), reduced to safe characters."""
    stem = re.sub(r"[^\w\-]+", "_", Path(filename).stem)[:60].strip("._") or "upload"
    return f"{stem}{suffix}"


def read_upload(filename: str, data: bytes, *, form_id: str = "", title: str = "",
                default_language: str = "zh_CN") -> tuple[dict | None, list[str]]:
    """The definition in an uploaded file and the reasons it cannot be published (empty when it can).

    ``form_id``, ``title`` and ``default_language`` are what the admin gave for a spreadsheet
    that does not say them itself (XLSForm's settings sheet is optional)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return None, ["Use a .json, .yaml, .xlsx or .xls file."]
    if len(data) > MAX_UPLOAD:
        return None, [f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MiB."]
    if default_language not in ("zh_CN", "en_US"):
        default_language = "zh_CN"
    with tempfile.TemporaryDirectory(prefix="console-upload-") as tmp:
        path = Path(tmp) / _stored_name(filename, suffix)
        path.write_bytes(data)
        try:
            if suffix in SPREADSHEETS:
                try:
                    definition = dict(convert_xlsx(path, default_language=default_language,
                                                   form_id=form_id[:64], title=title[:200]))
                except XlsxError as exc:
                    return None, [str(p).replace(path.name, filename) for p in exc.problems]
            else:
                definition = load_form_file(path)
        except FormSourceError as exc:
            return None, [str(exc).replace(str(path), filename)]
    return definition, validate_content("form", definition)


def form_summaries(db: SessionDep) -> list[dict]:
    versions = list(db.scalars(select(ContentVersion).where(ContentVersion.kind == "form")
                               .order_by(ContentVersion.content_id, ContentVersion.version)))
    live: dict[str, list[Release]] = {}
    for r in db.scalars(select(Release).where(Release.kind == "form", Release.state != "rolled_back")
                        .order_by(Release.id.desc())):
        live.setdefault(r.content_id, []).append(r)
    latest: dict[str, ContentVersion] = {}
    for v in versions:
        latest[v.content_id] = v
    return [{"id": cid, "latest": v, "live": live.get(cid, [])} for cid, v in sorted(latest.items())]


@router.get("/forms")
def forms_list(request: Request, user: AnyUser, db: SessionDep) -> Response:
    forms = form_summaries(db)
    db.commit()
    return render(request, "forms.html", {"forms": forms, "problems": None})


@router.post("/forms/upload", dependencies=[Csrf])
async def forms_upload(request: Request, user: AdminUser, db: SessionDep,
                       file: Annotated[UploadFile, File()], form_id: Annotated[str, Form()] = "",
                       title: Annotated[str, Form()] = "",
                       default_language: Annotated[str, Form()] = "zh_CN") -> Response:
    data = await file.read(MAX_UPLOAD + 1)
    definition, reasons = read_upload(file.filename or "upload", data, form_id=form_id, title=title,
                                      default_language=default_language)
    if reasons or definition is None:
        forms = form_summaries(db)
        db.commit()
        return render(request, "forms.html", {"forms": forms, "problems": problems_of(reasons),
                                              "filename": file.filename, "form_id": form_id, "title": title,
                                              "default_language": default_language}, 422)
    try:
        published = publishing.publish_content(db, user.actor, "form", definition)
        db.commit()
    except ApiError as exc:
        db.rollback()
        forms = form_summaries(db)
        db.commit()
        return render(request, "forms.html", {"forms": forms, "problems": problems_of([exc.detail]),
                                              "filename": file.filename}, exc.status)
    cv = published.version
    flag = "uploaded" if published.created else "unchanged"
    return see_other(f"{PREFIX}/forms/{cv.content_id}/v/{cv.version}?{flag}=1")


def _versions(db: SessionDep, kind: str, content_id: str) -> list[ContentVersion]:
    return list(db.scalars(select(ContentVersion).where(ContentVersion.kind == kind,
                                                        ContentVersion.content_id == content_id)
                           .order_by(ContentVersion.version.desc())))


@router.get("/forms/{form_id}")
def form_detail(request: Request, form_id: str, user: AnyUser, db: SessionDep) -> Response:
    versions = _versions(db, "form", form_id)
    if not versions:
        return render(request, "error.html", {"status": 404, "message": "There is no such form."}, 404)
    releases = releases_of(db, "form", form_id)
    db.commit()
    return render(request, "form_detail.html", {
        "form_id": form_id, "versions": versions, "releases": releases, "describe_target": describe_target,
        "kind": "form", "content_id": form_id})


@router.get("/forms/{form_id}/v/{version}")
def form_version(request: Request, form_id: str, version: int, user: AnyUser, db: SessionDep,
                 preview_lang: str | None = None, screen: int = 1) -> Response:
    body = publishing.content_body(db, "form", form_id, version)
    versions = _versions(db, "form", form_id)
    releases = releases_of(db, "form", form_id)
    db.commit()
    if body is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such form version."}, 404)
    plang = preview_lang if preview_lang in i18n.LANGUAGES else lang_of(request)
    try:
        built = preview.build_preview(body, plang)
    except preview.FormError as exc:
        return render(request, "error.html", {"status": 422, "message": "; ".join(exc.reasons[:5])}, 422)
    screen = min(max(screen, 1), max(len(built.screens), 1))
    return render(request, "form_version.html", {
        "form_id": form_id, "version": version, "versions": versions, "preview": built, "plang": plang,
        "screen": screen, "releases": releases, "describe_target": describe_target, "kind": "form",
        "content_id": form_id, "pt": i18n.translator(plang),
        "notes": [str(n) for n in body.get("x_xlsform_notes", [])][:50]})
