"""Content versions, releases (targeting, staged rollout, pause, rollback) and per-terminal bundles.

What a terminal should run is computed, never stored per terminal: for each
piece of content, the newest release that is not rolled back and applies to the
terminal wins. A release applies when its target matches, and the terminal is a
named canary or falls under the rollout percentage by a stable hash of
``kind/content id/terminal id`` (so raising 10% to 50% only adds terminals). A
paused release only stays on the terminals that already received it.

Each terminal gets its own signed manifest; a new ``bundle_version`` is minted
only when the terminal's item list changes, so ``GET /bundle`` is a 304 almost
always and every hub process answers the same.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contract import crypto
from contract.pinyin import spelled
from contract.search_keys import with_keys
from hub import audit
from hub.db import utcnow
from hub.errors import ApiError
from hub.keys import PlatformKeys
from hub.models import Blob, Bundle, ContentVersion, Release, Terminal
from hub.validation import validate_content

KINDS = ("catalog", "form", "notices", "settings", "staff", "topics")
DEFAULT_IDS = {"catalog": "catalog", "notices": "notices", "settings": "settings", "staff": "staff",
               "topics": "topics"}
ItemKey = tuple[str, str]  # (kind, content id)


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt is not None else None


# --- targets --------------------------------------------------------------------------


def parse_target_spec(spec: str) -> dict[str, Any]:
    """``all`` | ``district:A,B`` | ``community:A,B`` | ``terminals:t-1,t-2``, clauses joined with ``;``."""
    target: dict[str, Any] = {"all": False, "districts": [], "communities": [], "terminals": []}
    names = {"district": "districts", "districts": "districts", "community": "communities",
             "communities": "communities", "terminal": "terminals", "terminals": "terminals"}
    for clause in (c.strip() for c in spec.split(";")):
        if not clause:
            continue
        if clause == "all":
            target["all"] = True
            continue
        key, sep, values = clause.partition(":")
        if not sep or key.strip() not in names:
            raise ValueError(f"bad target clause {clause!r}: use all, district:NAME, community:NAME or terminals:ID,ID")
        items = [v.strip() for v in values.split(",") if v.strip()]
        if not items:
            raise ValueError(f"target clause {clause!r} names nothing")
        target[names[key.strip()]].extend(items)
    if not (target["all"] or target["districts"] or target["communities"] or target["terminals"]):
        raise ValueError("the target names no terminals")
    return target


def target_matches(target: dict[str, Any], terminal: Terminal) -> bool:
    return bool(
        target.get("all")
        or terminal.district in target.get("districts", ())
        or terminal.community in target.get("communities", ())
        or terminal.id in target.get("terminals", ())
    )


def rollout_bucket(kind: str, content_id: str, terminal_id: str) -> int:
    """0-99, stable for a terminal and a piece of content across its versions."""
    digest = hashlib.sha256(f"{kind}/{content_id}/{terminal_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100


def release_applies(release: Release, terminal: Terminal, current: set[tuple[str, str, int]]) -> bool:
    """Whether ``terminal`` runs this release now: approved, started (a scheduled one waits for its
    time on the hub's clock), targeted, and inside the rollout (a paused one only where it already runs)."""
    if release.state in ("rolled_back", "pending") or not target_matches(release.target, terminal):
        return False
    if release.starts_at is not None and release.starts_at > utcnow():
        return False
    if release.state == "paused":
        return (release.kind, release.content_id, release.version) in current
    return terminal.id in release.canaries or rollout_bucket(
        release.kind, release.content_id, terminal.id) < release.rollout_percent


# --- content --------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    version: ContentVersion
    created: bool


# One rule for the id of every kind (the form engine's, which also refuses "-"): ids become file names on
# terminals and appear in console URLs and pages, so no dots, slashes, capitals or markup.
CONTENT_ID = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


def content_id_for(kind: str, content: dict[str, Any], given: str | None) -> str:
    if kind == "form":
        form_id = content.get("id")
        if not isinstance(form_id, str) or not form_id:
            raise ApiError(422, "invalid_content", "a form definition needs its id")
        if given and given != form_id:
            raise ApiError(422, "invalid_content", f"id {given!r} differs from the definition's id {form_id!r}")
        given = form_id
    content_id = given or DEFAULT_IDS[kind]
    if not CONTENT_ID.match(content_id):
        raise ApiError(422, "invalid_content", f"content id {content_id[:100]!r}: use lower-case letters, digits, "
                                               "_ and - (at most 64, starting with a letter)")
    return content_id


def latest_version(session: Session, kind: str, content_id: str) -> ContentVersion | None:
    return session.scalar(
        select(ContentVersion).where(ContentVersion.kind == kind, ContentVersion.content_id == content_id)
        .order_by(ContentVersion.version.desc()).limit(1))


def _title(kind: str, content: dict[str, Any]) -> str:
    title = content.get("title")
    if isinstance(title, dict):
        title = title.get("zh_CN") or title.get("en_US")
    return str(title)[:300] if isinstance(title, str) else ""


def publish_content(session: Session, actor: audit.Actor, kind: str, content: dict[str, Any],
                    content_id: str | None = None) -> Published:
    """Validate and store a new immutable version (or return the latest when identical)."""
    if kind not in KINDS:
        raise ApiError(422, "invalid_content", f"unknown content kind {kind!r}")
    errors = validate_content(kind, content)
    if errors:
        raise ApiError(422, "invalid_content", "; ".join(errors[:50]))
    cid = content_id_for(kind, content, content_id)
    latest = latest_version(session, kind, cid)
    body = with_keys(kind, dict(content), spelled)  # the terminal searches with these, without pypinyin
    if kind == "form":
        claimed = body.get("version")
        if latest is not None:
            old = session.get(Blob, latest.sha256)
            assert old is not None
            same = {k: v for k, v in body.items() if k != "version"} == {
                k: v for k, v in _loads(old.data).items() if k != "version"}
            if same and claimed in (None, latest.version):
                return Published(latest, created=False)
        version = (latest.version + 1) if latest else 1
        if isinstance(claimed, int) and not isinstance(claimed, bool):
            if claimed > 2**31 - 1:
                raise ApiError(422, "invalid_content", "version is too large")
            if claimed < version:
                raise ApiError(409, "version_exists",
                               f"{cid} version {claimed} exists; the next version is {version}")
            version = claimed
        body["version"] = version
    else:
        version = (latest.version + 1) if latest else 1
        if latest is not None:
            old = session.get(Blob, latest.sha256)
            if old is not None and _loads(old.data) == body:
                return Published(latest, created=False)
    data = crypto.canonical_json(body)
    sha = crypto.sha256_hex(data)
    if session.get(Blob, sha) is None:
        session.add(Blob(sha256=sha, data=data))
    row = ContentVersion(kind=kind, content_id=cid, version=version, sha256=sha, size=len(data),
                         title=_title(kind, body), created_at=utcnow(), created_by=actor.name)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise ApiError(409, "version_exists", f"{kind} {cid} version {version} was just published; retry") from None
    audit.record(session, actor, audit.AdminAction.CONTENT_PUBLISHED, f"{kind}/{cid}", version=version, sha256=sha)
    return Published(row, created=True)


def _loads(data: bytes) -> dict[str, Any]:
    return json.loads(data.decode("utf-8"))


def content_body(session: Session, kind: str, content_id: str, version: int) -> dict[str, Any] | None:
    row = session.scalar(select(ContentVersion).where(
        ContentVersion.kind == kind, ContentVersion.content_id == content_id, ContentVersion.version == version))
    if row is None:
        return None
    blob = session.get(Blob, row.sha256)
    return _loads(blob.data) if blob else None


# --- releases -------------------------------------------------------------------------


def live_releases(session: Session) -> list[tuple[Release, ContentVersion]]:
    """Every release not rolled back, newest first, with its content version."""
    rows = session.execute(
        select(Release, ContentVersion)
        .join(ContentVersion, (ContentVersion.kind == Release.kind) & (ContentVersion.content_id == Release.content_id)
              & (ContentVersion.version == Release.version))
        .where(Release.state != "rolled_back")
        .order_by(Release.id.desc())
    ).all()
    return [(r, c) for r, c in rows]


def manifest_item(cv: ContentVersion) -> dict[str, Any]:
    return {"kind": cv.kind, "id": cv.content_id, "version": cv.version, "sha256": cv.sha256, "size": cv.size}


def desired_items(terminal: Terminal, releases: Iterable[tuple[Release, ContentVersion]],
                  current: set[tuple[str, str, int]]) -> list[dict[str, Any]]:
    chosen: dict[ItemKey, dict[str, Any]] = {}
    for release, cv in releases:
        key = (release.kind, release.content_id)
        if key in chosen:
            continue
        if release_applies(release, terminal, current):
            chosen[key] = manifest_item(cv)
    return [chosen[k] for k in sorted(chosen)]


def items_of(manifest: dict[str, Any] | None) -> set[tuple[str, str, int]]:
    if not manifest:
        return set()
    return {(i["kind"], i["id"], i["version"]) for i in manifest.get("items", [])}


def latest_bundle(session: Session, terminal_id: str) -> Bundle | None:
    return session.scalar(select(Bundle).where(Bundle.terminal_id == terminal_id)
                          .order_by(Bundle.bundle_version.desc()).limit(1))


def latest_bundles(session: Session, terminal_ids: Collection[str] | None = None) -> dict[str, Bundle]:
    """Each terminal's newest bundle (of only ``terminal_ids`` when given: a page of the fleet)."""
    newest_query = select(Bundle.terminal_id, func.max(Bundle.bundle_version).label("v"))
    if terminal_ids is not None:
        newest_query = newest_query.where(Bundle.terminal_id.in_(terminal_ids))
    newest = newest_query.group_by(Bundle.terminal_id).subquery()
    rows = session.scalars(select(Bundle).join(
        newest, (Bundle.terminal_id == newest.c.terminal_id) & (Bundle.bundle_version == newest.c.v)))
    return {b.terminal_id: b for b in rows}


def bundle_for(session: Session, keys: PlatformKeys, terminal: Terminal, have: int) -> dict[str, Any] | None:
    """The manifest this terminal should run, or None when ``have`` is already it (304)."""
    last = latest_bundle(session, terminal.id)
    items = desired_items(terminal, live_releases(session), items_of(last.manifest if last else None))
    items_key = crypto.sha256_hex(crypto.canonical_json(items))
    if last is not None and last.items_key == items_key and have <= last.bundle_version:
        return None if have == last.bundle_version else last.manifest
    if last is None and not items:
        return None  # nothing published for this terminal yet
    version = max(last.bundle_version if last else 0, have) + 1
    record = {"bundle_version": version, "terminal_id": terminal.id, "created_at": iso(utcnow()), "items": items}
    manifest = crypto.sign_record(keys.signing, record, keys.kid)
    try:
        with session.begin_nested():
            session.add(Bundle(terminal_id=terminal.id, bundle_version=version, items_key=items_key,
                               manifest=manifest, created_at=utcnow()))
    except IntegrityError:  # another process minted it at the same moment: serve theirs
        again = latest_bundle(session, terminal.id)
        assert again is not None
        return None if have == again.bundle_version else again.manifest
    return manifest


def item_allowed(session: Session, terminal_id: str, sha256: str) -> bool:
    """A terminal may fetch only items named in one of its recent manifests."""
    recent = session.scalars(select(Bundle.manifest).where(Bundle.terminal_id == terminal_id)
                             .order_by(Bundle.bundle_version.desc()).limit(3))
    return any(sha256 == item["sha256"] for manifest in recent for item in manifest.get("items", []))


def make_release(session: Session, actor: audit.Actor, kind: str, content_id: str, version: int | None,
                 target: dict[str, Any], rollout_percent: int, canaries: list[str], *,
                 starts_at: datetime | None = None, needs_approval: bool = False) -> Release:
    """A release object, checked but not stored (what a dry run plans with). ``starts_at`` schedules it;
    ``needs_approval`` keeps it pending until a second person approves it."""
    if version is None:
        latest = latest_version(session, kind, content_id)
        if latest is None:
            raise ApiError(404, "not_found", f"no {kind} {content_id!r} has been published")
        version = latest.version
    elif session.scalar(select(ContentVersion.id).where(
            ContentVersion.kind == kind, ContentVersion.content_id == content_id,
            ContentVersion.version == version)) is None:
        raise ApiError(404, "not_found", f"{kind} {content_id!r} has no version {version}")
    now = utcnow()
    if starts_at is not None and starts_at <= now:
        starts_at = None  # a time already past means now
    return Release(id=0, kind=kind, content_id=content_id, version=version, target=target,
                   rollout_percent=rollout_percent, canaries=list(canaries),
                   state="pending" if needs_approval else "active",
                   created_at=now, created_by=actor.name, updated_at=now, starts_at=starts_at)


def create_release(session: Session, actor: audit.Actor, kind: str, content_id: str, version: int | None,
                   target: dict[str, Any], rollout_percent: int, canaries: list[str], *,
                   starts_at: datetime | None = None, needs_approval: bool = False) -> Release:
    release = make_release(session, actor, kind, content_id, version, target, rollout_percent, canaries,
                           starts_at=starts_at, needs_approval=needs_approval)
    release.id = None  # type: ignore[assignment]
    session.add(release)
    session.flush()
    audit.record(session, actor, audit.AdminAction.RELEASE_CREATED, f"{kind}/{content_id}", version=release.version,
                 release=release.id, target=target, rollout_percent=rollout_percent, canaries=list(canaries),
                 starts_at=iso(release.starts_at), state=release.state)
    return release


def approve_release(session: Session, actor: audit.Actor, release_id: int) -> Release:
    """A pending release goes live; the person who asked for it cannot approve it (the four-eyes rule)."""
    release = session.get(Release, release_id)
    if release is None:
        raise ApiError(404, "not_found", "no such release")
    if release.state != "pending":
        raise ApiError(409, "not_pending", "This release is not waiting for approval.")
    if release.created_by == actor.name:
        raise ApiError(403, "same_person", "A second administrator must approve a release you published.")
    release.state = "active"
    release.approved_by = actor.name
    release.updated_at = utcnow()
    audit.record(session, actor, audit.AdminAction.RELEASE_APPROVED, f"{release.kind}/{release.content_id}",
                 release=release.id, version=release.version)
    return release


def why_nothing(session: Session, release: Release) -> str:
    """Why a planned release changes no terminal: ``no_terminals``, ``no_match`` (the target names none
    that are enrolled), ``outside_rollout`` or ``already`` (every one it reaches runs this version)."""
    terminals = list(session.scalars(select(Terminal).where(Terminal.revoked_at.is_(None))))
    if not terminals:
        return "no_terminals"
    matching = [t for t in terminals if target_matches(release.target, t)]
    if not matching:
        return "no_match"
    if not any(release_applies(release, t, set()) for t in matching):
        return "outside_rollout"
    return "already"


def reach(session: Session, release: Release) -> int:
    """How many terminals run this release now (or, for a pending or scheduled one, would once it starts)."""
    current = {t: items_of(b.manifest) for t, b in latest_bundles(session).items()}
    planned = Release(kind=release.kind, content_id=release.content_id, version=release.version,
                      target=release.target, rollout_percent=release.rollout_percent, canaries=release.canaries,
                      state="active" if release.state == "pending" else release.state)
    terminals = session.scalars(select(Terminal).where(Terminal.revoked_at.is_(None)))
    return sum(release_applies(planned, t, current.get(t.id, set())) for t in terminals)


def update_release(session: Session, actor: audit.Actor, release_id: int, state: str | None,
                   rollout_percent: int | None) -> Release:
    release = session.get(Release, release_id)
    if release is None:
        raise ApiError(404, "not_found", "no such release")
    if release.state == "rolled_back":
        raise ApiError(409, "rolled_back", "a rolled-back release cannot change; publish a new release")
    if release.state == "pending" and state is not None:
        raise ApiError(409, "not_approved", "This release is waiting for a second administrator's approval.")
    if state is not None:
        release.state = state
    if rollout_percent is not None:
        release.rollout_percent = rollout_percent
    release.updated_at = utcnow()
    audit.record(session, actor, audit.AdminAction.RELEASE_UPDATED, f"{release.kind}/{release.content_id}",
                 release=release.id, state=release.state, rollout_percent=release.rollout_percent)
    return release


def rollback(session: Session, actor: audit.Actor, kind: str, content_id: str) -> Release:
    """Withdraw the newest live release of this content; terminals fall back to the one before."""
    release = session.scalar(select(Release).where(
        Release.kind == kind, Release.content_id == content_id, Release.state != "rolled_back")
        .order_by(Release.id.desc()).limit(1))
    if release is None:
        raise ApiError(404, "not_found", f"{kind} {content_id!r} has no live release to roll back")
    release.state = "rolled_back"
    release.updated_at = utcnow()
    audit.record(session, actor, audit.AdminAction.RELEASE_ROLLED_BACK, f"{kind}/{content_id}",
                 release=release.id, version=release.version)
    return release


def plan(session: Session, extra: Release | None = None) -> list[dict[str, Any]]:
    """Per terminal, what changes from its current bundle if ``extra`` (unsaved) were added."""
    releases = live_releases(session)
    if extra is not None:
        cv = session.scalar(select(ContentVersion).where(
            ContentVersion.kind == extra.kind, ContentVersion.content_id == extra.content_id,
            ContentVersion.version == extra.version))
        assert cv is not None
        releases = [(extra, cv), *releases]
    bundles = latest_bundles(session)
    changes: list[dict[str, Any]] = []
    terminals = session.scalars(select(Terminal).where(Terminal.revoked_at.is_(None)).order_by(Terminal.terminal_no))
    for terminal in terminals:
        last = bundles.get(terminal.id)
        current_items = items_of(last.manifest if last else None)
        current = {(k, i): v for k, i, v in current_items}
        wanted = {(i["kind"], i["id"]): i["version"] for i in desired_items(terminal, releases, current_items)}
        for key in sorted(set(current) | set(wanted)):
            if current.get(key) != wanted.get(key):
                changes.append({"terminal_id": terminal.id, "district": terminal.district,
                                "community": terminal.community, "kind": key[0], "id": key[1],
                                "current": current.get(key), "planned": wanted.get(key)})
    return changes


def changes_by(session: Session, release: Release) -> list[dict[str, Any]]:
    """What this (unsaved) release changes, apart from what other releases would change anyway (terminals
    that have not synced yet): the confirmation page lists only these."""
    anyway = {(c["terminal_id"], c["kind"], c["id"]): c["planned"] for c in plan(session)}
    return [c for c in plan(session, extra=release)
            if anyway.get((c["terminal_id"], c["kind"], c["id"]), c["current"]) != c["planned"]]


def release_out(r: Release) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "content_id": r.content_id, "version": r.version, "target": r.target,
            "rollout_percent": r.rollout_percent, "canaries": r.canaries, "state": r.state,
            "created_at": iso(r.created_at), "created_by": r.created_by, "updated_at": iso(r.updated_at)}


def version_out(cv: ContentVersion, created: bool = True) -> dict[str, Any]:
    return {"kind": cv.kind, "id": cv.content_id, "version": cv.version, "sha256": cv.sha256, "size": cv.size,
            "title": cv.title, "created_at": iso(cv.created_at), "created_by": cv.created_by, "created": created}
