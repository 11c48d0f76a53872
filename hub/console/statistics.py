"""Statistics for the district's monthly report: cases by month, community and service, with the residents'
satisfaction, on one page and as CSV and Excel (issue 23).

Street offices report these upwards in spreadsheets; the export is exactly the table on the page (the
actor's scope applies), months are Beijing months, services are named as the catalog names them, and a
cell never starts like a formula.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import Response
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.clock import BEIJING
from contract.lang import tr
from hub import audit, scope
from hub.console import i18n
from hub.console.app import AnyUser, lang_of, render
from hub.console.pages_cases import catalog_services
from hub.db import SessionDep, read_first, utcnow
from hub.models import Case, OutboxItem, Terminal

router = APIRouter()
MONTHS = 12
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ("Month", "District", "Community", "Service", "Cases", "Ratings", "Average satisfaction")


@dataclass
class Row:
    month: str
    district: str
    community: str
    service: str
    cases: int = 0
    ratings: int = 0
    level_sum: int = 0

    @property
    def satisfaction(self) -> float | None:
        return round(self.level_sum / self.ratings, 2) if self.ratings else None


def _month(at: datetime) -> str:
    return at.astimezone(BEIJING).strftime("%Y-%m")


def monthly(db: Session, actor: audit.Actor, now: datetime | None = None, months: int = MONTHS) -> list[Row]:
    """Cases and ratings of the last ``months`` Beijing months, per month, community and service id."""
    since = (now or utcnow()) - timedelta(days=31 * months)
    rows: dict[tuple[str, str, str, str], Row] = {}

    def row(at: datetime, district: str, community: str, service: str) -> Row:
        key = (_month(at), district, community, service)
        return rows.setdefault(key, Row(*key))

    for at, district, community, service in db.execute(select(
            Case.received_at, Case.district, Case.community, Case.service_id).where(
            Case.received_at >= since, scope.condition(actor, Case.district, Case.community))):
        row(at, district, community, service).cases += 1
    for item, terminal in db.execute(select(OutboxItem, Terminal).join(Terminal, Terminal.id == OutboxItem.terminal_id)
                                     .where(OutboxItem.kind == "rating", OutboxItem.received_at >= since,
                                            scope.condition(actor, Terminal.district, Terminal.community))):
        level = (item.body or {}).get("level")
        if isinstance(level, int) and not isinstance(level, bool) and 1 <= level <= 5:
            r = row(item.received_at, terminal.district, terminal.community, str((item.body or {}).get("service_id") or "-"))
            r.ratings += 1
            r.level_sum += level
    return sorted(rows.values(), key=lambda r: (r.month, r.district, r.community, r.service), reverse=True)


def _table(db: Session, actor: audit.Actor, lang: str) -> tuple[list[str], list[list[object]]]:
    names = defaultdict(str, {sid: tr(s.get("name"), lang) for sid, s in catalog_services(db).items()})
    _ = i18n.translator(lang)
    body: list[list[object]] = [[r.month, r.district, r.community, names[r.service] or r.service, r.cases, r.ratings,
             r.satisfaction if r.satisfaction is not None else ""] for r in monthly(db, actor)]
    return [_(h) for h in HEADER], body


def _text(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs as a formula (community and service names are typed)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _download(body: bytes, media_type: str, extension: str) -> Response:
    name = f"statistics-{datetime.now(BEIJING):%Y%m}.{extension}"
    return Response(body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/statistics")
def statistics_page(request: Request, user: AnyUser, db: SessionDep) -> Response:
    read_first(db)  # only reads, a month of cases at a time (SQLite: no write turn)
    header, body = _table(db, user.actor, lang_of(request))
    db.commit()
    return render(request, "statistics.html", {"header": header, "rows": body})


@router.get("/statistics.csv")
def statistics_csv(request: Request, user: AnyUser, db: SessionDep) -> Response:
    read_first(db)  # only reads, a month of cases at a time (SQLite: no write turn)
    header, body = _table(db, user.actor, lang_of(request))
    db.commit()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_text(v) for v in row] for row in body])
    return _download(out.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8", "csv")


@router.get("/statistics.xlsx")
def statistics_xlsx(request: Request, user: AnyUser, db: SessionDep) -> Response:
    read_first(db)  # only reads, a month of cases at a time (SQLite: no write turn)
    header, body = _table(db, user.actor, lang_of(request))
    db.commit()
    wb = Workbook()
    ws = wb.active
    ws.title = i18n.translator(lang_of(request))("Statistics")[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in body:
        ws.append([_text(v) for v in row])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return _download(out.getvalue(), XLSX_TYPE, "xlsx")
