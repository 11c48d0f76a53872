"""A case's photographed pages in the console (issue 19): one page at a time, opened for staff of the case's
community with the platform key, each view audited, never cached.

The viewer page carries no picture itself: its ``<img>`` asks for the image, and that request is the one
that opens the sealed page and records the view. The image is served only as the JPEG or PNG it claims
to be (the sealed header says which, and the bytes must agree), so a terminal cannot make the console's
origin serve anything a browser would run.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from contract.lang import tr
from hub import case_pages, cases
from hub.console import materials
from hub.console.app import PREFIX, StaffUser, lang_of, render
from hub.console.pages_cases import catalog_service, find_case, no_such_case
from hub.db import SessionDep
from hub.errors import ApiError

router = APIRouter()
IMAGE_MAGIC = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG\r\n\x1a\n"}
NO_STORE = {"Cache-Control": "no-store, max-age=0", "Pragma": "no-cache", "Content-Disposition": "inline"}


@router.get("/cases/{submission_id}/pages/{item_id}")
def page_viewer(request: Request, submission_id: str, item_id: str, user: StaffUser, db: SessionDep) -> Response:
    back = f"{PREFIX}/cases/{submission_id[:64]}"
    case = find_case(db, user.actor, submission_id)
    if case is None:
        return no_such_case(request)
    lang = lang_of(request)
    service = catalog_service(db, case.service_id)
    found = materials.materials_of(case_pages.pages_of(db, case), service, lang, cases.retake_of(case))
    db.commit()
    pages = [(material, page) for material in found for page in material.pages]
    at = next((n for n, (_m, page) in enumerate(pages) if page.item_id == item_id[:64]), None)
    if at is None:
        return render(request, "error.html", {"status": 404, "message": "There is no such page.", "back": back}, 404)
    material, page = pages[at]
    return render(request, "case_page.html", {
        "case": case, "material": material, "page": page, "back": back,
        "previous": pages[at - 1][1] if at > 0 else None, "next": pages[at + 1][1] if at + 1 < len(pages) else None,
        "service_name": tr(service.get("name"), lang) if service else case.service_id,
        "can_retake": cases.RETAKE in cases.TRANSITIONS.get(case.status, ())})


@router.get("/cases/{submission_id}/pages/{item_id}/image")
def page_image(submission_id: str, item_id: str, user: StaffUser, db: SessionDep, request: Request) -> Response:
    try:
        case = cases.get_case(db, user.actor, submission_id[:64])
        opened = case_pages.open_one(db, request.app.state.keys, user.actor, case, item_id[:64])
    except ApiError as exc:
        db.rollback()
        return Response(exc.detail, status_code=exc.status, media_type="text/plain", headers=NO_STORE)
    if not opened.data.startswith(IMAGE_MAGIC.get(opened.mime, b"\0no image type\0")):
        db.rollback()  # nothing was shown: no view to record
        return Response("the page is not the JPEG or PNG it claims to be", status_code=409,
                        media_type="text/plain", headers=NO_STORE)
    db.commit()
    return Response(opened.data, media_type=opened.mime, headers=NO_STORE)
