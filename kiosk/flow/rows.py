"""What the resident screens list, as plain dicts in the session's language (any UI can show them)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from contract import tracking
from contract.forms.address import district, districts
from contract.forms.model import filter_choices
from contract.lang import tr
from contract.notices import active
from contract.queue import BUSINESS_TYPES
from kiosk.community import RATING_REASONS, ticket_time


def format_time(value: datetime | None, lang: str) -> str:
    if value is None:
        return ""
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.day} {value:%b %Y %H:%M}"


def format_date(value: date, lang: str) -> str:
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"


def category_rows(catalog: Any, lang: str) -> list[dict[str, Any]]:
    counts: dict[str, int] = {}
    for s in catalog.services:
        counts[s.category] = counts.get(s.category, 0) + 1
    return [{"categoryId": c.id, "name": tr(c.name, lang), "iconKey": c.icon, "count": counts.get(c.id, 0)}
            for c in catalog.categories]


def category_name(catalog: Any, category_id: str, lang: str) -> str:
    return next((tr(c.name, lang) for c in catalog.categories if c.id == category_id), "")


def service_rows(services: Iterable[Any], lang: str) -> list[dict[str, Any]]:
    return [{"serviceId": s.id, "name": tr(s.name, lang), "summary": tr(s.summary, lang),
             "hasForm": bool(s.form_id), "categoryId": s.category} for s in services]


def service_detail(s: Any, lang: str) -> dict[str, Any]:
    """The guide screen of one service: who may apply, what to bring, where, when, what it costs."""
    if s is None:
        return {}
    g = s.guide
    return {
        "serviceId": s.id,
        "name": tr(s.name, lang),
        "summary": tr(s.summary, lang),
        "hasForm": bool(s.form_id),
        "needsReceipt": bool(s.needs_receipt),
        "who": tr(g.who, lang),
        "materials": [tr(m.name, lang) for m in g.materials],
        "where": tr(g.where, lang),
        "hours": tr(g.hours, lang),
        "timeLimit": tr(g.time_limit, lang),
        "fee": tr(g.fee, lang),
        "legalBasis": tr(g.legal_basis, lang),
    }


def notice_rows(notices: Iterable[Any], today: date, lang: str) -> list[dict[str, Any]]:
    """The notices in force today, newest rules of :func:`contract.notices.active`."""
    return [{"noticeId": n.id, "category": n.category, "title": tr(n.title, lang), "body": tr(n.body, lang),
             "date": format_date(n.valid_from, lang) if n.valid_from else ""}
            for n in active(notices, today)]


def receipt_detail(session: Any, lang: str) -> dict[str, Any]:
    """The receipt screen after a submission (the masked copy of what was printed)."""
    r, stub, printed = session.last_receipt, session.last_stub, session.last_print
    if r is None or stub is None:
        return {}
    return {
        "tracking": r.tracking_number,
        "trackingPretty": tracking.pretty(r.tracking_number),
        "service": r.service_name,
        "name": r.masked_name,
        "id": r.masked_id,
        "time": format_time(r.time, lang),
        "counter": r.counter,
        "nextSteps": list(r.next_steps),
        "qr": r.qr_payload,
        "printed": bool(printed and printed.ok),
        "printReason": (printed.reason or "") if printed else "",
        "printTries": int(getattr(session, "print_tries", 0)),
    }


def lookup_rows(stubs: Iterable[Any], service_name: Any, lang: str) -> list[dict[str, Any]]:
    """Progress rows; ``service_name(stub)`` names a stub's service (or None when the catalog lost it)."""
    rows = []
    for stub in stubs:
        service = service_name(stub.service_id)
        rows.append({
            "tracking": stub.tracking_number,
            "trackingPretty": tracking.pretty(stub.tracking_number),
            "service": tr(service.name, lang) if service else stub.service_id,
            "status": str(stub.status),
            "updated": format_time(stub.updated_at, lang),
            "certificate": bool(stub.certificate_available),
        })
    return rows


def choice_rows(form: Any, field_id: str, query: str, lang: str) -> list[dict[str, str]]:
    """Choices of a long list matching what was typed: Chinese, pinyin, initials or English."""
    if form is None:
        return []
    try:
        field = form.field(field_id)
    except KeyError:
        return []
    offered = {c.value for c in form.choices(field_id)}  # a choice_filter narrows the list
    found = [c for c in filter_choices(field, query[:40]) if c.value in offered]
    return [{"value": c.value, "label": tr(c.label, lang)} for c in found[:8]]


def policy_text(form: Any, field_id: str, lang: str) -> str:
    if form is None:
        return ""
    try:
        return tr(form.field(field_id).policy, lang)
    except KeyError:
        return ""


def district_rows(lang: str) -> list[dict[str, str]]:
    return [{"value": d.code, "label": tr(d.name, lang)} for d in districts()]


def street_rows(code: str, lang: str) -> list[dict[str, str]]:
    d = district(code)
    if d is None:
        return []
    return [{"value": s["zh_CN"], "label": tr(s, lang)} for s in d.streets]


def rating_reason_rows(lang: str) -> list[dict[str, str]]:
    return [{"value": k, "label": tr(v, lang)} for k, v in RATING_REASONS.items()]


def business_type_rows(lang: str) -> list[dict[str, str]]:
    return [{"code": b.code, "name": tr(b.name, lang)} for b in BUSINESS_TYPES]


def ticket_detail(ticket: Any, printed_ok: bool, lang: str) -> dict[str, Any]:
    return {"number": ticket.number, "business": ticket.business_type, "waiting": ticket.waiting,
            "estimate": ticket.estimate_min, "time": ticket_time(ticket, lang), "printed": bool(printed_ok)}


def print_state(outcome: Any, error: BaseException | None) -> str:
    """What the screen says after an A4 print: printed, or the reason it was not."""
    if error is not None or outcome is None:
        return "failed"
    return "printed" if outcome.ok else (outcome.reason or "failed")
