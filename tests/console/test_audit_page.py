"""The audit log as a record (issue 23, item 10): plain words, tracking numbers, filters, search, pages, exports,
sign-ins, and one "case opened" per person, case and day."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import openpyxl
import pytest

from contract import tracking
from contract.clock import BEIJING
from hub import audit
from hub.console.pages_audit import AuditFilter, selection
from hub.db import make_engine, make_sessionmaker
from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import DISTRICT, OTHER_COMMUNITY, ConsoleHub, SignedIn, sign_in

ROW = re.compile(r'<tr data-action="([a-z_.]+)">' + r'<td[^>]*>([^<]*)</td>' * 5 + r'<td><small>([^<]*)</small>')


def _rows(page: str) -> list[tuple[str, ...]]:
    return ROW.findall(page)


@pytest.fixture(scope="module")
def opened_case(console_hub: ConsoleHub) -> tuple[str, str]:
    """A case in the other community, opened three times by its member of staff, then accepted."""
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="audit")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], OTHER_COMMUNITY, DISTRICT))
        item = sim.submission_item(91, service_id="residence_certificate")
        assert sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]["status"] == "accepted"
    sid = item["body"]["submission_id"]
    with console_hub.client() as http:
        staff = sign_in(http, console_hub.tokens["other_staff"])
        for _view in range(3):
            assert staff.get(f"/console/cases/{sid}").status_code == 200
        assert staff.post(f"/console/cases/{sid}/status", {"status": "accepted"}).status_code == 303
        assert staff.get(f"/console/cases/{sid}?changed=accepted").status_code == 200
    return sid, item["body"]["tracking_number"]


def test_every_action_has_its_name_in_both_languages() -> None:
    for action in audit.AdminAction:
        assert set(audit.NAMES[action]) == {"zh_CN", "en_US"}, action
    assert audit.name_of("case.opened", "zh_CN") == "查看办件申请内容"
    assert audit.name_of("from.a.newer.hub", "en_US") == "from.a.newer.hub"


def test_events_read_in_words_and_cases_by_tracking_number(opened_case: tuple[str, str],
                                                          login: Callable[[str], SignedIn]) -> None:
    sid, number = opened_case
    admin = login("admin")
    page = admin.get(f"/console/audit?q={number}").text
    rows = _rows(page)
    assert [r[0] for r in rows] == ["case.status_changed", "case.opened"]  # opened once, however many views
    changed, opened = rows
    assert changed[4] == "变更办件状态" and changed[5] == tracking.pretty(number) and changed[6] == "已收到 → 已受理"
    assert opened[4] == "查看办件申请内容" and sid not in page
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", opened[1])
    admin.http.cookies.set("khub_lang", "en_US", domain="127.0.0.1", path="/console")
    english = _rows(admin.get(f"/console/audit?q={number}").text)
    assert english[0][4] == "Case status changed" and english[0][6] == "Received → Accepted"


def test_sign_ins_and_failed_sign_ins_are_recorded(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    with console_hub.client() as http:
        page = http.get("/console/login")
        pre = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert pre
        refused = http.post("/console/login", data={"token": "khub_wrong", "csrf": pre.group(1), "next": "/console/"})
        assert refused.status_code == 401
    admin = login("admin")
    failed = _rows(admin.get("/console/audit?action=console.sign_in_failed").text)
    assert failed and failed[0][4] == "登录失败" and failed[0][6] == "IP 地址: 127.0.0.1"
    signed_in = _rows(admin.get("/console/audit?action=console.signed_in").text)
    assert signed_in and signed_in[0][2].startswith("test-admin")


def _many_entries(hub: ConsoleHub, n: int) -> None:
    """``n`` entries of a CLI key rotation, written straight to the hub's database (more than a page of them)."""
    engine = make_engine(hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            for _n in range(n):
                audit.record(db, audit.CLI_ACTOR, audit.AdminAction.KEY_ROTATED, "platform")
            db.commit()
    finally:
        engine.dispose()


def test_filters_by_event_person_and_date_and_pages(console_hub: ConsoleHub, opened_case: tuple[str, str],
                                                   login: Callable[[str], SignedIn]) -> None:
    _many_entries(console_hub, 60)
    admin = login("admin")
    staff_name = next(a for a in re.findall(r"<option>([^<]+)</option>", admin.get("/console/audit").text)
                      if a.startswith("李强"))
    by_staff = _rows(admin.get("/console/audit", params={"actor": staff_name}).text)
    assert by_staff and {r[2] for r in by_staff} == {staff_name}
    opened = _rows(admin.get("/console/audit?action=case.opened").text)
    assert opened and {r[0] for r in opened} == {"case.opened"}
    yesterday = (datetime.now(BEIJING) - timedelta(days=1)).date().isoformat()
    today = datetime.now(BEIJING).date().isoformat()
    assert _rows(admin.get(f"/console/audit?until={yesterday}").text) == []
    assert _rows(admin.get(f"/console/audit?since={today}&until={today}").text)
    first = admin.get("/console/audit").text
    total = int(re.search(r'id="audit-count">\D*(\d+)', first).group(1))  # type: ignore[union-attr]
    assert len(_rows(first)) == min(total, 50)
    assert total > 50 and 'id="page-next"' in first
    second = _rows(admin.get("/console/audit?page=2").text)
    assert second and second[0] != _rows(first)[0]
    rotated = admin.get("/console/audit?action=key.rotated&page=2").text
    assert len(_rows(rotated)) == 10 and 'id="page-previous"' in rotated


def test_exports_hold_the_filtered_log(opened_case: tuple[str, str], login: Callable[[str], SignedIn]) -> None:
    _sid, number = opened_case
    admin = login("admin")
    as_csv = admin.get(f"/console/audit/export.csv?q={number}")
    assert as_csv.status_code == 200 and "attachment" in as_csv.headers["content-disposition"]
    assert as_csv.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert table[0][:4] == ["时间（北京时间）", "操作人", "角色", "事件"]
    assert [row[3] for row in table[1:]] == ["变更办件状态", "查看办件申请内容"]
    assert {row[4] for row in table[1:]} == {tracking.pretty(number)}
    as_xlsx = admin.get(f"/console/audit/export.xlsx?q={number}")
    assert as_xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(as_xlsx.content)).active
    assert sheet is not None
    assert [[v or "" for v in r] for r in sheet.iter_rows(values_only=True)] == table
    staff = login("staff")
    assert staff.get("/console/audit/export.csv").status_code == 403


def test_the_search_takes_underscores_and_percent_signs_as_typed(console_hub: ConsoleHub) -> None:
    """A form id is searched for as written: ``_`` and ``%`` are not LIKE's wildcards (they were dropped, so
    ``a_b`` found nothing)."""
    engine = make_engine(console_hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            for target in ("form/wild_card", "form/wildXcard", "form/100%_sure", "form/100x_sure"):
                audit.record(db, audit.CLI_ACTOR, audit.AdminAction.RELEASE_ROLLED_BACK, target)
            db.commit()
            for q, found in (("wild_card", ["form/wild_card"]), ("100%_", ["form/100%_sure"])):
                rows = db.scalars(selection(db, AuditFilter.read("", "", "", "", q)))
                assert [e.target for e in rows] == found, q
    finally:
        engine.dispose()
