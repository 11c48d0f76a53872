"""Outbox intake (idempotent by item id), the case workflow, certificates and the status feed.

Submission payloads stay sealed in the database; they are opened only in
:func:`open_payload`, which the API calls for staff alone. Status changes take
the next value of a counter under a row lock, so the ``/statuses`` cursor never
skips a change committed late by another process.
"""

from __future__ import annotations

import functools
import json
import secrets
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from contract import crypto, idnumber, tracking
from contract.pages import PAGE_KIND
from hub import audit, case_pages, scope
from hub.db import utcnow
from hub.errors import ApiError
from hub.keys import PlatformKeys
from hub.models import Case, CaseNote, Certificate, Counter, OutboxItem, Terminal
from hub.publishing import iso
from hub.schemas import OutboxItemIn, SubmissionBody

ITEM_KINDS = ("submission", "queue_ticket", "rating", "audit", "readiness", "call_staff", "vote", "opinion",
              PAGE_KIND)
RETAKE = "needs_retake"  # staff ask the resident to photograph named materials again (issue 19)
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("accepted", "needs_info", RETAKE, "approved", "rejected"),
    "accepted": ("needs_info", RETAKE, "approved", "rejected"),
    "needs_info": ("accepted", RETAKE, "approved", "rejected"),
    RETAKE: ("accepted", "needs_info", RETAKE, "approved", "rejected"),
    "approved": ("ready_for_pickup",),
    "ready_for_pickup": (),
    "rejected": (),
}
_PERSONAL_KEYS = frozenset({"name", "id_number", "phone", "address", "birth_date", "payload", "pin"})
STATUS_PAGE = 500


def _clear_personal_data(obj: Any, depth: int = 0) -> str | None:
    """Why a non-submission body looks like it carries personal data in clear (None if it does not)."""
    if depth > 20:
        return "body nested too deeply"
    if isinstance(obj, dict):
        bad = _PERSONAL_KEYS.intersection(obj)
        if bad:
            return f"personal data key {sorted(bad)[0]!r} in clear"
        for value in obj.values():
            reason = _clear_personal_data(value, depth + 1)
            if reason:
                return reason
    elif isinstance(obj, list):
        for value in obj:
            reason = _clear_personal_data(value, depth + 1)
            if reason:
                return reason
    elif isinstance(obj, str) and idnumber.find_in_text(obj):
        return "an ID number in clear"
    return None


def _readiness_without_part_names(body: dict[str, Any]) -> dict[str, Any]:
    """A readiness report (terminal.diag.readiness) names its components with ``name`` (``idcard``, ``printer``):
    a device's name, not a person's, so those keys are left out of the personal-data check. So is the zip's
    file ``name`` of a diagnostics bundle queued by a terminal older than ``file_name`` (issue 24)."""
    if body.get("type") == "diagnostics_bundle" and isinstance(body.get("name"), str):
        body = {k: v for k, v in body.items() if k != "name"}
    parts = body.get("components")
    if not isinstance(parts, list):
        return body
    return {**body, "components": [{k: v for k, v in p.items() if k != "name"} if isinstance(p, dict) else p
                                   for p in parts]}


def _valid_timestamp(text: str) -> bool:
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _reject(item_id: str, reason: str) -> dict[str, str]:
    return {"id": item_id, "status": "rejected", "reason": reason[:500]}


def intake(session: Session, terminal: Terminal, items: list[OutboxItemIn]) -> list[dict[str, str]]:
    """Store each new item once: items are checked one by one, then stored together (see :func:`_store`)."""
    results: list[dict[str, str]] = []
    now = utcnow()
    rows: list[dict[str, Any]] = []  # outbox rows to store, in order
    new_cases: dict[str, dict[str, Any]] = {}  # by item id
    new_pages: dict[str, dict[str, Any]] = {}  # by item id
    seen_items: set[str] = set()
    seen_submissions: set[str] = set()
    for item in items:
        if item.kind not in ITEM_KINDS:
            results.append(_reject(item.id, f"unknown kind {item.kind!r}"))
            continue
        if not _valid_timestamp(item.created_at):
            results.append(_reject(item.id, "created_at is not an ISO 8601 time"))
            continue
        if item.id in seen_items:
            results.append({"id": item.id, "status": "duplicate", "reason": ""})
            continue
        case: dict[str, Any] | None = None
        stored_body: dict[str, Any] | None = item.body
        if item.kind == "submission":
            try:
                sub = SubmissionBody.model_validate(item.body)
            except ValidationError as exc:
                first = exc.errors()[0]
                results.append(_reject(item.id, f"body.{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"))
                continue
            if not tracking.is_valid(sub.tracking_number):
                results.append(_reject(item.id, "tracking_number fails its check digit"))
                continue
            try:
                sealed = case_pages.sealed_box(sub.sealed_payload)
            except ValueError as exc:
                results.append(_reject(item.id, str(exc)))
                continue
            if sub.submission_id in seen_submissions:
                results.append({"id": item.id, "status": "duplicate", "reason": ""})
                continue
            seen_submissions.add(sub.submission_id)
            case = {"submission_id": sub.submission_id, "item_id": item.id, "terminal_id": terminal.id,
                    "district": terminal.district, "community": terminal.community,
                    "tracking_number": sub.tracking_number, "service_id": sub.service_id, "form_id": sub.form_id,
                    "form_version": sub.form_version, "language": sub.language, "sealed_payload": sealed,
                    "status": "received", "created_at": item.created_at, "received_at": now, "updated_at": now}
            stored_body = None
        elif item.kind == PAGE_KIND:
            try:
                new_pages[item.id] = case_pages.page_row(item, terminal, now)
            except ValueError as exc:
                results.append(_reject(item.id, str(exc)))
                continue
            stored_body = None
        else:
            reason = _clear_personal_data(_readiness_without_part_names(item.body) if item.kind == "readiness"
                                          else item.body)
            if reason:
                results.append(_reject(item.id, reason))
                continue
        seen_items.add(item.id)
        rows.append({"id": item.id, "terminal_id": terminal.id, "kind": item.kind, "created_at": item.created_at,
                     "received_at": now, "body": stored_body})
        if case is not None:
            new_cases[item.id] = case
        results.append({"id": item.id, "status": "accepted", "reason": ""})
    refused = case_pages.refusals(session, terminal, new_pages, seen_submissions)
    if refused:
        rows = [row for row in rows if row["id"] not in refused]
        results = [_reject(r["id"], refused[r["id"]]) if r["id"] in refused and r["status"] != "rejected" else r
                   for r in results]
    stored = _store(session, rows, new_cases)
    case_pages.store(session, [page for item_id, page in new_pages.items() if item_id in stored])
    for result in results:
        if result["status"] == "accepted" and result["id"] not in stored:
            result["status"] = "duplicate"
    return results


@functools.cache
def _store_statements(dialect: str) -> tuple[Any, Any]:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    items, cases = cast(Table, OutboxItem.__table__), cast(Table, Case.__table__)
    return (insert(items).on_conflict_do_nothing(index_elements=[items.c.id]).returning(items.c.id),
            insert(cases).on_conflict_do_nothing(index_elements=[cases.c.submission_id])
            .returning(cases.c.item_id))


def _store(session: Session, rows: list[dict[str, Any]], new_cases: dict[str, dict[str, Any]]) -> set[str]:
    """Insert the batch's items, then its cases, each in one statement that skips what is already stored.

    Exactly once by item id, and by submission id (a submission re-sent under a new item id): the
    unique keys decide, whichever process or request got there first, so there is no read before the
    write and no savepoint per item. An item whose case was already stored is taken back out.
    Returns the ids of the items stored now.
    """
    if not rows:
        return set()
    conn = session.connection()
    store_items, store_cases = _store_statements(conn.dialect.name)
    stored = set(conn.execute(store_items, rows).scalars())
    cases = [new_cases[i] for i in new_cases if i in stored]
    if cases:
        filed = set(conn.execute(store_cases, cases).scalars())
        unfiled = [case["item_id"] for case in cases if case["item_id"] not in filed]
        if unfiled:
            conn.execute(delete(OutboxItem).where(OutboxItem.id.in_(unfiled)))
            stored.difference_update(unfiled)
    return stored


# --- status feed ----------------------------------------------------------------------


def _next_seq(session: Session) -> int:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(insert(Counter).values(name="status", value=0).on_conflict_do_nothing())
    counter = session.scalar(select(Counter).where(Counter.name == "status").with_for_update())
    assert counter is not None
    counter.value += 1
    session.flush()
    return counter.value


def certificate_out(case: Case) -> dict[str, Any] | None:
    return dict(case.certificate) if case.certificate else None


def retake_of(case: Case) -> list[str]:
    """The materials to photograph again, while the case waits for them."""
    return [str(m) for m in case.retake or []] if case.status == RETAKE else []


def statuses_since(session: Session, terminal: Terminal, cursor: str | None) -> dict[str, Any]:
    """Status changes of the terminal's community after ``cursor`` (residents may ask at any of its terminals)."""
    if cursor in (None, ""):
        after = 0
    elif cursor.isdigit() and len(cursor) < 19:
        after = int(cursor)
    else:
        raise ApiError(400, "bad_cursor", "since must be a cursor this hub returned")
    rows = session.scalars(
        select(Case).where(Case.community == terminal.community, Case.status_seq.is_not(None),
                           Case.status_seq > after)
        .order_by(Case.status_seq).limit(STATUS_PAGE)).all()
    last = rows[-1].status_seq if rows else after
    return {"cursor": str(last), "statuses": [
        {"submission_id": c.submission_id, "tracking_number": c.tracking_number, "status": c.status,
         "updated_at": iso(c.updated_at), "certificate": certificate_out(c), "retake_materials": retake_of(c)}
        for c in rows]}


# --- staff workflow -------------------------------------------------------------------


def get_case(session: Session, actor: audit.Actor, submission_id: str) -> Case:
    case = session.get(Case, submission_id)
    if case is None or not scope.visible(actor, case.district, case.community,
                                         scope.street_of(session, actor, case.terminal_id)):
        raise ApiError(404, "not_found", "no such case")
    return case


def list_cases(session: Session, actor: audit.Actor, status: str | None = None, tracking_number: str | None = None,
               community: str | None = None, limit: int = 200, offset: int = 0) -> list[Case]:
    query = select(Case).where(scope.condition(actor, Case.district, Case.community))
    if status:
        query = query.where(Case.status == status)
    if community:
        query = query.where(Case.community == scope.community(session, actor, community))
    if tracking_number:
        query = query.where(Case.tracking_number == tracking.normalise(tracking_number))
    return list(session.scalars(query.order_by(Case.received_at.desc()).limit(limit).offset(offset)))


def open_payload(session: Session, keys: PlatformKeys, actor: audit.Actor, case: Case) -> dict[str, Any]:
    """Open the sealed answers and identity for a staff member; the opening itself is audited."""
    try:
        data = json.loads(crypto.open_sealed(keys.sealing, case.sealed_payload).decode("utf-8"))
    except (crypto.CryptoError, UnicodeDecodeError, json.JSONDecodeError):
        raise ApiError(409, "payload_unreadable", "the sealed payload cannot be opened with this hub's key") from None
    audit.record_once_a_day(session, actor, audit.AdminAction.CASE_OPENED, case.submission_id,
                            tracking_number=case.tracking_number)
    return data if isinstance(data, dict) else {"value": data}


def _retake_materials(session: Session, case: Case, to_status: str, materials: list[str]) -> list[str] | None:
    """The materials a retake names (each one the case has pages of); None for any other status."""
    if to_status != RETAKE:
        if materials:
            raise ApiError(422, "invalid_request", "materials are named only when asking for a retake")
        return None
    if not materials:
        raise ApiError(422, "invalid_request", "name the materials to photograph again")
    taken = case_pages.counts_of(session, case)
    missing = [m for m in materials if m not in taken]
    if missing:
        raise ApiError(422, "unknown_material", f"this case has no pages of {missing[0]!r}")
    return list(dict.fromkeys(materials))


def change_status(session: Session, actor: audit.Actor, submission_id: str, to_status: str, note: str,
                  certificate: dict[str, Any] | None, base_url: str, materials: list[str] | None = None) -> Case:
    case = get_case(session, actor, submission_id)
    if to_status not in TRANSITIONS[case.status]:
        allowed = ", ".join(TRANSITIONS[case.status]) or "nothing (final)"
        raise ApiError(409, "bad_transition", f"{case.status} can move to {allowed}, not {to_status}")
    if certificate is not None and to_status != "approved":
        raise ApiError(422, "invalid_request", "a certificate is recorded only when approving")
    retake = _retake_materials(session, case, to_status, materials or [])
    now = utcnow()
    if certificate is not None:
        if not base_url:
            raise ApiError(409, "public_url_unset", "this hub has no public URL, so a certificate's QR code cannot "
                                                    "be made; start it with --public-url (KIOSK_HUB_PUBLIC_URL)")
        number = certificate.get("number") or f"C{now:%Y%m%d}{secrets.token_hex(4).upper()}"
        code = secrets.token_urlsafe(12)
        verify_url = f"{base_url.rstrip('/')}/api/v1/verify/{number}?code={code}"
        try:
            with session.begin_nested():
                session.add(Certificate(number=number, submission_id=case.submission_id, verify_code=code,
                                        title=certificate["title"], body=certificate["body"], issued_at=now,
                                        issued_by=actor.name))
        except IntegrityError:
            raise ApiError(409, "certificate_exists", f"certificate number {number} is taken") from None
        case.certificate = {"number": number, "title": certificate["title"], "body": certificate["body"],
                            "verify_url": verify_url}
        audit.record(session, actor, audit.AdminAction.CERTIFICATE_ISSUED, case.submission_id, number=number)
    session.add(CaseNote(submission_id=case.submission_id, at=now, author=actor.name, from_status=case.status,
                         to_status=to_status, text=note))
    audit.record(session, actor, audit.AdminAction.CASE_STATUS_CHANGED, case.submission_id,
                 from_status=case.status, to_status=to_status, **({"materials": retake} if retake else {}))
    case.retake = retake
    case.status = to_status
    case.updated_at = now
    case.status_seq = _next_seq(session)
    return case


def notes_of(session: Session, submission_id: str) -> list[CaseNote]:
    return list(session.scalars(select(CaseNote).where(CaseNote.submission_id == submission_id)
                                .order_by(CaseNote.id)))


def verify_certificate(session: Session, number: str, code: str) -> tuple[Certificate, Case]:
    cert = session.get(Certificate, number)
    if cert is None or not secrets.compare_digest(cert.verify_code.encode(), code.encode()):
        raise ApiError(404, "not_found", "no certificate with this number and code")
    case = session.get(Case, cert.submission_id)
    assert case is not None
    return cert, case


def case_out(case: Case) -> dict[str, Any]:
    return {"submission_id": case.submission_id, "tracking_number": case.tracking_number,
            "terminal_id": case.terminal_id, "district": case.district, "community": case.community,
            "service_id": case.service_id, "form_id": case.form_id, "form_version": case.form_version,
            "language": case.language, "status": case.status, "created_at": case.created_at,
            "received_at": iso(case.received_at), "updated_at": iso(case.updated_at),
            "certificate": certificate_out(case), "retake_materials": retake_of(case)}
