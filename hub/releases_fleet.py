"""Software releases meet the fleet (issue 20): the offer in a heartbeat, the terminals' reports, the
automatic halt, the package download (resumable), and each release's progress.

A terminal reports ``software`` (``contract.release.SoftwareStatus``) in every heartbeat; the hub keeps,
per terminal and version, the last state it reported, written only when the report changed. The offer goes
to a terminal the active rollout reaches, whose running version differs and which has not already failed
or rolled back that version. When a failure arrives the rollout's failure rate is checked: past
``HubConfig.release_halt_rate`` (once ``release_halt_min_reports`` terminals finished, or all it reaches
when fewer) the release is halted by the hub itself, audited as such.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Path, Request
from fastapi.responses import FileResponse
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from contract.release import ReleaseOffer, UpdateState
from hub import audit, releases
from hub.config import HubConfig
from hub.db import SessionDep, utcnow
from hub.deps import ADMIN, ADMIN_ERRORS, API, TERMINAL_ERRORS, AnyRoleDep, SignedDep, authenticate
from hub.errors import ApiError, error_responses
from hub.models import Terminal
from hub.publishing import iso
from hub.releases_models import SoftwareRelease, SoftwareReport, SoftwareRollout
from hub.schemas import SoftwareReleaseOut, SoftwareStatusIn

FAILED = (UpdateState.FAILED.value, UpdateState.ROLLED_BACK.value)
FINISHED = (UpdateState.COMMITTED.value, *FAILED)
PACKAGE_PATH = f"{API}/releases/{{version}}/package"
MAX_FAILURES_SHOWN = 50  # per release
ACTIVE_FRESH_S = 5.0  # how long a hub process trusts what it last read of the active release (see ActiveRelease)


def _subject(status: SoftwareStatusIn) -> tuple[str, str]:
    """Which version a status speaks of, and its state for that version: the offered one while there is one;
    else the running one, which an idle or committed terminal runs (committed, as far as the rollout goes)."""
    if status.offered:
        return status.offered, status.state
    if status.state in ("idle", UpdateState.COMMITTED.value):
        return status.running, UpdateState.COMMITTED.value
    return status.running, status.state


def after_heartbeat(session: Session, config: HubConfig, terminal: Terminal, status: SoftwareStatusIn | None,
                    previous: Any) -> dict[str, Any] | None:
    """Keep what the terminal reports of its software (when it changed) and return its offer, if any.

    ``previous`` is the ``software`` of its heartbeat before this one: an unchanged report writes nothing."""
    if status is None:
        return None
    if status.model_dump(mode="json") != previous:
        _record(session, config, terminal.id, status)
    return offer_for(session, terminal.id, status)


def _record(session: Session, config: HubConfig, terminal_id: str, status: SoftwareStatusIn) -> None:
    version, state = _subject(status)
    release = session.get(SoftwareRelease, version)
    if release is None:  # a version this hub never stored (a developer build): nothing to count it against
        return
    error = (status.last_error or "")[:500] if state in FAILED else ""
    now = utcnow()
    row = session.get(SoftwareReport, (terminal_id, version))
    if row is None:
        session.add(SoftwareReport(terminal_id=terminal_id, version=version, state=state, last_error=error,
                                   first_at=now, at=now))
    elif (row.state, row.last_error) != (state, error):
        row.state, row.last_error, row.at = state, error, now
    else:
        return
    session.flush()
    if state in FAILED and release.state == "active":
        _check_halt(session, config, release)


def _check_halt(session: Session, config: HubConfig, release: SoftwareRelease) -> None:
    counts = Counter(dict(session.execute(select(SoftwareReport.state, func.count()).where(
        SoftwareReport.version == release.version).group_by(SoftwareReport.state)).all()))
    failed = sum(counts[s] for s in FAILED)
    finished = failed + counts[UpdateState.COMMITTED.value]
    rollout = session.get(SoftwareRollout, release.rollout_id) if release.rollout_id else None
    reach = releases.reached(session, releases.Ring.of(rollout)) if rollout else finished
    needed = max(1, min(config.release_halt_min_reports, reach))
    if finished >= needed and failed / finished > config.release_halt_rate:
        releases.halt(session, audit.HUB_ACTOR, release.version,
                      f"automatic: {failed} of {finished} terminals failed or rolled back "
                      f"(over {config.release_halt_rate:.0%})")


@dataclass(frozen=True)
class Offered:
    """The release being rolled out, as every heartbeat's offer needs it."""

    version: str
    manifest: dict[str, Any]
    ring: releases.Ring
    force: bool


class ActiveRelease:
    """The active release and its rollout, read from the database at most every ``ACTIVE_FRESH_S`` seconds per
    process and engine instead of in every heartbeat (it changes a few times a month; heartbeats come hundreds
    a second).

    Invalidation: a change to a release or rollout row made through the ORM in this process (the admin API,
    the CLI, the automatic halt) forgets the copy at once; another worker process sees it within
    ``ACTIVE_FRESH_S``. A stale offer is harmless: the package download checks the release's state in the
    database (409 once halted), and a terminal asks again at its next heartbeat.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        # per database engine, (when, what): each entry is replaced whole, never torn
        self._reads: weakref.WeakKeyDictionary[Engine, tuple[float, Offered | None]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, session: Session) -> Offered | None:
        engine = session.get_bind().engine
        read = self._reads.get(engine)
        if read is not None and self.clock() - read[0] < ACTIVE_FRESH_S:
            return read[1]
        with self._lock:  # one thread of the process reads it; the others wait for its answer
            read = self._reads.get(engine)
            if read is None or self.clock() - read[0] >= ACTIVE_FRESH_S:
                read = (self.clock(), _active(session))
                self._reads[engine] = read
            return read[1]

    def forget(self, *_event: Any) -> None:
        self._reads.clear()


def _active(session: Session) -> Offered | None:
    release = session.scalar(select(SoftwareRelease).where(SoftwareRelease.state == "active")
                             .order_by(SoftwareRelease.updated_at.desc()).limit(1))
    rollout = session.get(SoftwareRollout, release.rollout_id) if release and release.rollout_id else None
    if release is None or rollout is None:
        return None
    return Offered(release.version, release.manifest, releases.Ring.of(rollout), rollout.force)


ACTIVE = ActiveRelease()
for _table in (SoftwareRelease, SoftwareRollout):
    for _change in ("after_insert", "after_update", "after_delete"):
        event.listen(_table, _change, ACTIVE.forget)


def offer_for(session: Session, terminal_id: str, status: SoftwareStatusIn) -> dict[str, Any] | None:
    active = ACTIVE.get(session)
    if active is None or active.version == status.running or not active.ring.reaches(terminal_id):
        return None
    report = session.get(SoftwareReport, (terminal_id, active.version))
    if report is not None and report.state in FAILED:  # it tried and put its version back: not again
        return None
    return ReleaseOffer(manifest=active.manifest, url=PACKAGE_PATH.format(version=active.version),
                        force=active.force).as_json()


def progress(session: Session) -> list[dict[str, Any]]:
    """Every release, newest first, with its rollout and how the terminals fare (a few queries in all)."""
    rows = list(session.scalars(select(SoftwareRelease).order_by(SoftwareRelease.uploaded_at.desc())))
    if not rows:
        return []
    counts: dict[str, Counter[str]] = {}
    for version, state, n in session.execute(select(SoftwareReport.version, SoftwareReport.state, func.count())
                                             .group_by(SoftwareReport.version, SoftwareReport.state)):
        counts.setdefault(version, Counter())[state] = n
    rollouts = {r.id: r for r in session.scalars(select(SoftwareRollout).where(
        SoftwareRollout.id.in_([r.rollout_id for r in rows if r.rollout_id])))}
    failures: dict[str, list[dict[str, Any]]] = {}
    for report, terminal in session.execute(
            select(SoftwareReport, Terminal).join(Terminal, Terminal.id == SoftwareReport.terminal_id)
            .where(SoftwareReport.state.in_(FAILED)).order_by(SoftwareReport.at.desc()).limit(1000)):
        shown = failures.setdefault(report.version, [])
        if len(shown) < MAX_FAILURES_SHOWN:
            shown.append({"terminal_id": terminal.id, "terminal_no": terminal.terminal_no,
                          "community": terminal.community, "state": report.state, "last_error": report.last_error,
                          "at": iso(report.at)})
    enrolled = list(session.scalars(select(Terminal.id).where(Terminal.revoked_at.is_(None))))
    out = []
    for r in rows:
        rollout = rollouts.get(r.rollout_id) if r.rollout_id else None
        ring = releases.Ring.of(rollout) if rollout else None
        c = counts.get(r.version, Counter())
        out.append({
            "version": r.version, "state": r.state, "halted_reason": r.halted_reason, "sha256": r.sha256,
            "size": r.size, "architecture": r.architecture, "notes": r.notes, "kid": r.kid,
            "uploaded_at": iso(r.uploaded_at), "uploaded_by": r.uploaded_by,
            "rollout": None if rollout is None else {
                "ring": rollout.ring, "percent": rollout.percent, "terminals": rollout.terminals,
                "force": rollout.force, "created_at": iso(rollout.created_at), "created_by": rollout.created_by},
            "targeted": sum(1 for tid in enrolled if ring.reaches(tid)) if ring else 0,
            "offered": sum(c.values()), "in_progress": sum(n for s, n in c.items() if s not in FINISHED),
            "committed": c[UpdateState.COMMITTED.value], "failed": c[UpdateState.FAILED.value],
            "rolled_back": c[UpdateState.ROLLED_BACK.value], "failures": failures.get(r.version, []),
        })
    return out


def register(app: Any) -> None:
    """The package download (terminals) and the release list (admin API); called once from ``create_app``."""

    @app.get(PACKAGE_PATH, tags=["terminal"], response_class=FileResponse,
             responses={**TERMINAL_ERRORS, **error_responses(404, 409, 416),
                        200: {"content": {"application/vnd.debian.binary-package": {}}, "description": "the .deb"},
                        206: {"description": "the rest of the .deb from the requested offset (Range: bytes=N-)"}})
    def package(version: Annotated[str, Path(max_length=40)], signed: SignedDep, session: SessionDep,
                request: Request) -> FileResponse:
        """A release's package, streamed; ``Range: bytes=N-`` resumes an interrupted download (206)."""
        authenticate(request, session, signed)
        release = session.get(SoftwareRelease, version)
        if release is None:
            raise ApiError(404, "not_found", "no such release")
        if release.state == "halted":
            raise ApiError(409, "release_halted", "this release was halted")
        session.commit()
        path = releases.package_path(request.app.state.config.data_dir, release.sha256)
        if not path.is_file():
            raise ApiError(404, "not_found", "the release's package is missing from the hub's data")
        return FileResponse(path, media_type="application/vnd.debian.binary-package",
                            filename=f"community-kiosk_{release.version}_{release.architecture}.deb",
                            headers={"Cache-Control": "private, max-age=31536000, immutable"})

    @app.get(f"{ADMIN}/software-releases", response_model=list[SoftwareReleaseOut], tags=["admin"],
             responses=ADMIN_ERRORS)
    def software_releases(actor: AnyRoleDep, session: SessionDep) -> list[dict[str, Any]]:
        """Terminal software releases, newest first: rollout, progress, and the terminals that failed."""
        return progress(session)
