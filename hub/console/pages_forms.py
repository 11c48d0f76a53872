"""Forms: upload (JSON, YAML, XLSX, XLSForm's .xls) with errors by sheet and row, preview, versions and releases.

An XLSForm often has no settings sheet: its id and title then come from the file
name, or from what the admin types in the upload form when the file name gives none.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy import select

from contract.clock import BEIJING
from contract.forms.sheet_problems import SheetProblem, describe, note_words
from contract.forms.xlsx import XlsxError, convert_xlsx
from hub import publishing
from hub.console import form_workbook, i18n, preview
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, lang_of, render, see_other
from hub.console.releases import describe_target, reaches_of, releases_of, services_using
from hub.db import SessionDep
from hub.errors import ApiError
from hub.models import ContentVersion, Release
from hub.validation import FormSourceError, load_form_file, validate_content

router = APIRouter()
UPLOAD_SUFFIXES = (".json", ".yaml", ".yml", ".xlsx", ".xls")
SPREADSHEETS = (".xlsx", ".xls")
MAX_UPLOAD = 4 * 1024 * 1024


def problems_of(reasons: list[str]) -> list[SheetProblem]:
    """Reasons that come without a workbook (JSON, YAML, a refused file, a publishing conflict) for the table."""
    return [describe(reason) for reason in reasons]


def _stored_name(filename: str, suffix: str) -> str:
    """The upload's own name (an XLSForm's id and title come from it), reduced to safe characters."""
    stem = re.sub(r"[^\w\-]+", "_", Path(filename).stem)[:60].strip("._") or "upload"
    return f"{stem}{suffix}"


def read_upload(filename: str, data: bytes, *, form_id: str = "", title: str = "",
                default_language: str = "zh_CN") -> tuple[dict | None, list[SheetProblem]]:
    """The definition in an uploaded file and the problems that keep it from being published (none when it can),
    each by cell, in both languages, with a hint.

    ``form_id``, ``title`` and ``default_language`` are what the admin gave for a spreadsheet
    that does not say them itself (XLSForm's settings sheet is optional)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return None, problems_of(["Use a .json, .yaml, .xlsx or .xls file."])
    if len(data) > MAX_UPLOAD:
        return None, problems_of([f"The file is larger than {MAX_UPLOAD // (1024 * 1024)} MiB."])
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
                    return None, [_renamed(p, path.name, filename) for p in exc.details]
            else:
                definition = load_form_file(path)
        except FormSourceError as exc:
            return None, problems_of([str(exc).replace(str(path), filename)])
    return definition, problems_of(validate_content("form", definition))


def _renamed(problem: SheetProblem, stored: str, filename: str) -> SheetProblem:
    """The problem naming the file as the admin chose it, not the temporary copy."""
    text = {lang: words.replace(stored, filename) for lang, words in problem.text.items()}
    return replace(problem, text=text, source=problem.source.replace(stored, filename))


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


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook_response(body: bytes, filename: str) -> Response:
    return Response(body, media_type=XLSX_TYPE, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@router.get("/forms/template.xlsx")
def form_template(user: AnyUser) -> Response:
    """The blank Excel template (Chinese headers, examples, drop-downs) that a new form starts from."""
    return _workbook_response(form_workbook.template(), "form-template.xlsx")


@router.get("/forms/{form_id}/v/{version}.xlsx")
def form_version_xlsx(request: Request, form_id: str, version: int, user: AnyUser, db: SessionDep) -> Response:
    """A stored version as a workbook: edit it in Excel and upload it again for the next version."""
    body = publishing.content_body(db, "form", form_id, version)
    db.commit()
    if body is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such form version."}, 404)
    return _workbook_response(form_workbook.definition_workbook(body), f"{form_id}-v{version}.xlsx")


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
        return render(request, "forms.html", {"forms": forms, "problems": reasons,
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
    services = services_using(db, form_id, live=False)
    reaches = reaches_of(db, releases)
    db.commit()
    return render(request, "form_detail.html", {"services": services,
        "form_id": form_id, "versions": versions, "releases": releases, "reaches": reaches,
        "describe_target": describe_target,
        "kind": "form", "content_id": form_id})


@router.get("/forms/{form_id}/v/{version}")
def form_version(request: Request, form_id: str, version: int, user: AnyUser, db: SessionDep,
                 preview_lang: str | None = None, screen: int = 1, try_field: str = "",
                 try_value: str = "") -> Response:
    """A version's screens as the terminal lays them out; ``try_field``/``try_value`` check a test value with
    the terminal's own rules (on today's date in Beijing, as a terminal there would)."""
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
    trial = (preview.try_value(body, try_field[:100], try_value, plang, datetime.now(BEIJING).date())
             if try_field else None)
    return render(request, "form_version.html", {"trial": trial,
        "form_id": form_id, "version": version, "versions": versions, "preview": built, "plang": plang,
        "screen": screen, "releases": releases, "reaches": reaches_of(db, releases),
        "describe_target": describe_target, "kind": "form",
        "content_id": form_id, "pt": i18n.translator(plang),
        "notes": [note_words(str(n), lang_of(request)) for n in body.get("x_xlsform_notes", [])][:50]})
