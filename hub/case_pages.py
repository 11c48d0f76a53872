"""Photographed pages of a case's materials (issue 19): taken in sealed, kept sealed, opened for staff alone.

A page is its own outbox item (``contract.pages.SealedPage.outbox_body``): a submission with its pages
would not fit one request. The hub checks its labels and that it is a sealed box, stores the sealed bytes
as they came (never opened on ingest), and opens one only when a member of staff of the case's community
looks at it, with an audit entry per view. A page may arrive before its submission (another batch, a
resend after a lost answer): it is kept and belongs to the case once the submission arrives, but only to
a case sent by the same terminal, so a terminal cannot slip pages into another terminal's case.
Both waits and totals are bounded, so a broken or hostile terminal cannot fill the database.
"""

from __future__ import annotations

import functools
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from contract import crypto, pages
from hub import audit
from hub.errors import ApiError
from hub.keys import PlatformKeys
from hub.models import Case, CasePage, Terminal
from hub.schemas import OutboxItemIn, PageBody

MAX_PAGES_PER_CASE = 100  # every material of a service, several pages each; a page is about 400 kB sealed
MAX_WAITING_PAGES = 200  # per terminal: pages whose submission has not arrived yet


def sealed_box(text: str) -> bytes:
    """The sealed bytes of a ``sealed_payload``; ValueError with the reason if it is not a sealed box."""
    try:
        sealed = crypto.b64d(text)
    except crypto.CryptoError:
        raise ValueError("sealed_payload is not base64") from None
    if not sealed.startswith(crypto.SEAL_MAGIC) or len(sealed) < 64:
        raise ValueError("sealed_payload is not a sealed box")
    return sealed


def page_row(item: OutboxItemIn, terminal: Terminal, now: datetime) -> dict[str, Any]:
    """The ``case_pages`` row of a page item; ValueError with a reason the terminal's technician can act on."""
    try:
        body = PageBody.model_validate(item.body)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"body.{'.'.join(str(p) for p in first['loc'])}: {first['msg']}") from None
    ref = pages.PageRef(body.submission_id, body.material, body.number)
    if item.id != ref.item_id:  # the id names the page, so a resend is a duplicate and a page is stored once
        raise ValueError("id is not the page's id (contract.pages.PageRef.item_id)")
    return {"item_id": item.id, "submission_id": ref.submission_id, "terminal_id": terminal.id,
            "material": ref.material, "number": ref.number, "sealed": sealed_box(body.sealed_payload),
            "created_at": item.created_at, "received_at": now}


def refusals(session: Session, terminal: Terminal, new_pages: dict[str, dict[str, Any]],
             batch_submissions: set[str]) -> dict[str, str]:
    """Why some of a batch's new pages cannot be kept (by item id): another terminal's case, or over a bound.

    ``batch_submissions`` are the submissions arriving in the same batch (from this terminal). Pages
    already stored are left alone: they are duplicates, whatever the bounds say now.
    """
    if not new_pages:
        return {}
    stored = set(session.scalars(select(CasePage.item_id).where(CasePage.item_id.in_(new_pages))))
    fresh = {i: p for i, p in new_pages.items() if i not in stored}
    wanted = {p["submission_id"] for p in fresh.values()}
    if not wanted:
        return {}
    owners: dict[str, str] = {sid: tid for sid, tid in session.execute(
        select(Case.submission_id, Case.terminal_id).where(Case.submission_id.in_(wanted)))}
    owners.update(dict.fromkeys(batch_submissions & wanted, terminal.id))
    counts: Counter[str] = Counter({sid: int(n) for sid, n in session.execute(
        select(CasePage.submission_id, func.count()).where(CasePage.submission_id.in_(wanted),
                                                           CasePage.terminal_id == terminal.id)
        .group_by(CasePage.submission_id))})
    waiting = None
    reasons: dict[str, str] = {}
    for item_id, page in fresh.items():
        sid = page["submission_id"]
        owner = owners.get(sid)
        if owner is not None and owner != terminal.id:
            reasons[item_id] = "the page's submission came from another terminal"
            continue
        if counts[sid] >= MAX_PAGES_PER_CASE:
            reasons[item_id] = f"a submission has at most {MAX_PAGES_PER_CASE} pages"
            continue
        if owner is None:
            if waiting is None:
                waiting = _waiting_pages(session, terminal)
            if waiting >= MAX_WAITING_PAGES:
                reasons[item_id] = (f"{MAX_WAITING_PAGES} pages already wait for their submissions: "
                                    "send each submission before its pages")
                continue
            waiting += 1
        counts[sid] += 1
    return reasons


def _waiting_pages(session: Session, terminal: Terminal) -> int:
    has_case = select(Case.submission_id).where(Case.submission_id == CasePage.submission_id).exists()
    return int(session.scalar(select(func.count()).select_from(CasePage)
                              .where(CasePage.terminal_id == terminal.id, ~has_case)) or 0)


@functools.cache
def _insert_statement(dialect: str) -> Any:
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = cast(Table, CasePage.__table__)
    return insert(table).on_conflict_do_nothing(index_elements=[table.c.item_id])


def store(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert pages whose outbox item was stored now (a page stored before is skipped by its key)."""
    if rows:
        conn = session.connection()
        conn.execute(_insert_statement(conn.dialect.name), rows)


# --- the case's side ------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    """A page as the case page lists it: which material, which page, how big sealed; never its content."""

    item_id: str
    material: str
    number: int
    size: int


def _of_case(case: Case) -> Any:
    return (CasePage.submission_id == case.submission_id) & (CasePage.terminal_id == case.terminal_id)


def pages_of(session: Session, case: Case) -> list[PageInfo]:
    """The case's pages by material and number (those its own terminal sent), without opening any."""
    rows = session.execute(select(CasePage.item_id, CasePage.material, CasePage.number, func.length(CasePage.sealed))
                           .where(_of_case(case)).order_by(CasePage.material, CasePage.number))
    return [PageInfo(item_id, material, number, int(size)) for item_id, material, number, size in rows]


def counts_of(session: Session, case: Case) -> dict[str, int]:
    return {material: int(n) for material, n in session.execute(
        select(CasePage.material, func.count()).where(_of_case(case))
        .group_by(CasePage.material).order_by(CasePage.material))}


def open_one(session: Session, keys: PlatformKeys, actor: audit.Actor, case: Case, item_id: str) -> pages.OpenedPage:
    """Open one page of ``case`` for a member of staff; every view is audited (which page, never what it shows)."""
    row = session.scalar(select(CasePage).where(_of_case(case), CasePage.item_id == item_id))
    if row is None:
        raise ApiError(404, "not_found", "no such page in this case")
    body = {"submission_id": row.submission_id, "material": row.material, "number": row.number,
            "sealed_payload": crypto.b64e(row.sealed)}
    try:
        opened = pages.open_page(keys.sealing, body)
    except crypto.CryptoError:
        raise ApiError(409, "page_unreadable", "the sealed page cannot be opened with this hub's key, or its "
                                               "labels do not match its sealed header") from None
    audit.record(session, actor, audit.AdminAction.CASE_PAGE_VIEWED, case.submission_id,
                 tracking_number=case.tracking_number, material=row.material, number=row.number)
    return opened
