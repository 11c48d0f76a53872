"""Terminal software releases in the console (issue 20): each release's progress and failures for everyone
who may see the fleet; rollout, pause and halt buttons for admins (CSRF-checked, audited as the CLI's are).

Uploading is not here: a package is ~130 MB and comes with a manifest signed offline, so it is stored with
``kiosk-hub releases upload`` on the hub's machine.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from hub import releases, releases_fleet
from hub.console.app import PREFIX, AdminUser, AnyUser, Csrf, render, see_other
from hub.db import SessionDep
from hub.errors import ApiError

router = APIRouter()
PAGE = f"{PREFIX}/software"


@router.get("/software")
def software_page(request: Request, user: AnyUser, db: SessionDep, done: str = "") -> Response:
    rows = releases_fleet.progress(db)
    db.commit()
    return render(request, "software.html", {"releases": rows, "rings": releases.RINGS, "done": done[:20]})


def _error(request: Request, exc: ApiError) -> Response:
    return render(request, "error.html", {"status": exc.status, "message": exc.detail, "back": PAGE}, exc.status)


def _act(request: Request, db: Session, done: str, action: Callable[[], object]) -> Response:
    """One admin action on a release: committed and back to the page saying so, or the refusal shown."""
    try:
        action()
        db.commit()
    except ApiError as exc:
        db.rollback()
        return _error(request, exc)
    return see_other(f"{PAGE}?done={done}")


@router.post("/software/{version}/rollout", dependencies=[Csrf])
def rollout(request: Request, version: str, user: AdminUser, db: SessionDep,
            ring: Annotated[str, Form(max_length=16)],
            percent: Annotated[int, Form(ge=0, le=100)] = 0,
            terminals: Annotated[str, Form(max_length=41_000)] = "",
            force: Annotated[str, Form(max_length=10)] = "") -> Response:
    names = tuple(t.strip() for t in terminals.replace("，", ",").replace("\n", ",").split(",") if t.strip())
    return _act(request, db, "rollout", lambda: releases.rollout(db, user.actor, version[:40],
                                                                 releases.Ring(ring, percent, names), force=bool(force)))


@router.post("/software/{version}/pause", dependencies=[Csrf])
def pause(request: Request, version: str, user: AdminUser, db: SessionDep) -> Response:
    return _act(request, db, "pause", lambda: releases.pause(db, user.actor, version[:40]))


@router.post("/software/{version}/halt", dependencies=[Csrf])
def halt(request: Request, version: str, user: AdminUser, db: SessionDep,
         reason: Annotated[str, Form(max_length=300)] = "") -> Response:
    return _act(request, db, "halt", lambda: releases.halt(db, user.actor, version[:40], reason))
