"""The audit log as a record (issue 23, item 10): events in plain words, cases by tracking number, filters by
event, person and date, a search, pages, and the same selection exported to CSV or Excel. Admins only."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from openpyxl import Workbook
from sqlalchemy import Select, String, cast, func, or_, select
from sqlalchemy.orm import Session

from contract import tracking
from contract.clock import BEIJING
from hub import audit
from hub.console import i18n
from hub.console.app import AdminUser, lang_of, render
from hub.console.releases import describe_target
from hub.console.timefmt import format_dt
from hub.db import SessionDep
from hub.models import AuditEntry, Case

router = APIRouter()
PAGE_SIZE = 50
EXPORT_LIMIT = 100_000  # rows in one export: a year of a busy district's log
STATUS_KEYS = ("from_status", "to_status")
HIDDEN_KEYS = frozenset({"sha256", "tracking_number"})  # a content hash says nothing to people; the number is the subject
# the detail keys hub actions record, by their English names in the console's catalogue
DETAIL_LABELS = {
    "version": "Version", "release": "Release", "rollout_percent": "Rollout", "state": "State", "target": "Target",
    "canaries": "Canary terminals", "address": "IP address", "community": "Community", "district": "District",
    "terminal_no": "No.", "name": "Name", "role": "Role", "expires_at": "Expires", "number": "Number",
    "command": "Command", "kid": "Key", "material": "Material", "materials": "Materials to photograph again",
}


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked for: an event code, a person, a date range (Beijing days, inclusive), a search."""

    action: str = ""
    actor: str = ""
    since: date | None = None
    until: date | None = None
    q: str = ""

    @classmethod
    def read(cls, action: str, actor: str, since: str, until: str, q: str) -> AuditFilter:
        return cls(action if action in audit.AdminAction._value2member_map_ else "", actor[:200],
                   _day(since), _day(until), q.strip()[:100])

    def query(self) -> dict[str, str]:
        """The filter as URL parameters (for the pager and the export links)."""
        given = {"action": self.action, "actor": self.actor, "q": self.q,
                 "since": self.since.isoformat() if self.since else "",
                 "until": self.until.isoformat() if self.until else ""}
        return {k: v for k, v in given.items() if v}


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _case_ids(db: Session, text: str) -> list[str]:
    number = tracking.normalise(text)
    if not (number.isalnum() and tracking.is_valid(number)):
        return []
    return list(db.scalars(select(Case.submission_id).where(Case.tracking_number == number)))


def selection(db: Session, f: AuditFilter) -> Select[AuditEntry]:
    query = select(AuditEntry)
    if f.action:
        query = query.where(AuditEntry.action == f.action)
    if f.actor:
        query = query.where(AuditEntry.actor == f.actor)
    if f.since:
        query = query.where(AuditEntry.at >= datetime.combine(f.since, time.min, BEIJING))
    if f.until:
        query = query.where(AuditEntry.at < datetime.combine(f.until + timedelta(days=1), time.min, BEIJING))
    if f.q:
        # searched for as typed: form ids have underscores, which LIKE would otherwise take as wildcards
        like = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = [column.ilike(like, escape="\\") for column in
                 (AuditEntry.actor, AuditEntry.target, cast(AuditEntry.detail, String))]
        cases = _case_ids(db, f.q)
        if cases:
            found.append(AuditEntry.target.in_(cases))
        query = query.where(or_(*found))
    return query


def _value(key: str, value: Any, _: Callable[[str], str]) -> str:
    if key == "target" and isinstance(value, dict):
        return "; ".join(f"{_(label)} {names}".strip() for label, names in describe_target(value))
    if key in ("state", "role", "status"):
        return _(str(value))
    if key == "rollout_percent":
        return f"{value}%"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        return format_dt(value)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _detail(entry: AuditEntry, _: Callable[[str], str]) -> str:
    """The entry's detail in words: a status change as "from → to", known keys by their names, no hashes."""
    detail = {k: v for k, v in (entry.detail or {}).items() if k not in HIDDEN_KEYS and v not in (None, "", [], {})}
    words = []
    if all(k in detail for k in STATUS_KEYS):
        words.append(f"{_(detail.pop('from_status'))} → {_(detail.pop('to_status'))}")
    words += [f"{_(DETAIL_LABELS.get(k, k))}: {_value(k, v, _)}" for k, v in sorted(detail.items())]
    return "; ".join(words)


def rows_of(db: Session, entries: list[AuditEntry], lang: str) -> list[dict[str, str]]:
    """The entries as people read them: Beijing time, the event's name, a case's tracking number, plain detail."""
    _ = i18n.translator(lang)
    case_targets = {e.target for e in entries if e.action in audit.CASE_ACTIONS}
    numbers = {sid: number for sid, number in db.execute(
        select(Case.submission_id, Case.tracking_number).where(Case.submission_id.in_(case_targets)))}
    return [{"at": format_dt(e.at), "actor": e.actor, "role": _(e.role), "action": e.action,
             "event": audit.name_of(e.action, lang),
             "target": tracking.pretty(numbers[e.target]) if e.target in numbers else e.target,
             "detail": _detail(e, _)} for e in entries]


@router.get("/audit")
def audit_page(request: Request, user: AdminUser, db: SessionDep, action: str = "", actor: str = "", since: str = "",
               until: str = "", q: str = "", page: int = 1) -> Response:
    """The hub's audit log (API, CLI and console actions alike), newest first, a page at a time."""
    f = AuditFilter.read(action, actor, since, until, q)
    query = selection(db, f)
    total = int(db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    entries = list(db.scalars(query.order_by(AuditEntry.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    lang = lang_of(request)
    rows = rows_of(db, entries, lang)
    actors = list(db.scalars(select(AuditEntry.actor).distinct().order_by(AuditEntry.actor).limit(500)))
    db.commit()
    events = sorted(((a.value, audit.name_of(a.value, lang)) for a in audit.AdminAction), key=lambda e: e[1])
    return render(request, "audit.html", {
        "rows": rows, "filter": f, "events": events, "actors": actors, "page": page, "pages": pages, "total": total,
        "first": (page - 1) * PAGE_SIZE + 1, "last": (page - 1) * PAGE_SIZE + len(rows),
        "query": urlencode(f.query())})


def _table(db: Session, f: AuditFilter, lang: str) -> tuple[list[str], list[list[str]]]:
    _ = i18n.translator(lang)
    entries = list(db.scalars(selection(db, f).order_by(AuditEntry.id.desc()).limit(EXPORT_LIMIT)))
    header = [_("Time (Beijing)"), _("By"), _("Role"), _("Event"), _("Subject"), _("Detail"), _("Code")]
    return header, [[_cell(r[k]) for k in ("at", "actor", "role", "event", "target", "detail", "action")]
                    for r in rows_of(db, entries, lang)]


def _cell(text: str) -> str:
    """A value a spreadsheet shows as text, never runs as a formula (names and targets are typed by people)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _download(body: bytes, media_type: str, extension: str) -> Response:
    name = f"audit-log-{datetime.now(BEIJING):%Y%m%d-%H%M}.{extension}"
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/audit/export.csv")
def audit_csv(request: Request, user: AdminUser, db: SessionDep, action: str = "", actor: str = "", since: str = "",
              until: str = "", q: str = "") -> Response:
    """The filtered log as CSV, UTF-8 with a byte order mark so Excel opens the Chinese as Chinese."""
    header, rows = _table(db, AuditFilter.read(action, actor, since, until, q), lang_of(request))
    db.commit()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return _download(out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "csv")


@router.get("/audit/export.xlsx")
def audit_xlsx(request: Request, user: AdminUser, db: SessionDep, action: str = "", actor: str = "", since: str = "",
               until: str = "", q: str = "") -> Response:
    lang = lang_of(request)
    header, rows = _table(db, AuditFilter.read(action, actor, since, until, q), lang)
    db.commit()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(i18n.translator(lang)("Audit log"))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return _download(out.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
