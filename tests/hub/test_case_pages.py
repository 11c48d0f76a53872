"""Photographed pages at the hub (issue 19): stored sealed with their case, exactly once, a page before its
submission kept until it arrives, hostile bodies refused with a reason, and the retake request in the feed."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from contract import crypto
from contract.pages import EncodedPage, PageRef
from hub import case_pages
from hub.audit import Actor
from hub.db import make_engine, make_sessionmaker
from hub.keys import load_or_create
from hub.models import Case
from hub.testing import SimTerminal, make_enroll_token, run_hub
from tests.hub.conftest import Hub
from tests.hub.page_items import A4_200DPI, encoded_page, item_of, page_item, sealed


def _post(sim: SimTerminal, *items: dict[str, Any]) -> list[dict[str, str]]:
    response = sim.signed("POST", "/api/v1/outbox", {"items": list(items)})
    assert response.status_code == 200, response.text
    return list(response.json()["results"])


def _statuses(results: list[dict[str, str]]) -> list[str]:
    return [r["status"] for r in results]


def _sealed_rows(db_url: str) -> list[tuple[str, str, int, bytes]]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [(r[0], r[1], r[2], bytes(r[3])) for r in conn.execute(text(
                "SELECT submission_id, material, number, sealed FROM case_pages ORDER BY material, number"))]
    finally:
        engine.dispose()


def _case(hub: Hub, community: str = "燕山社区") -> tuple[SimTerminal, dict[str, Any]]:
    sim = hub.terminal(community=community)
    return sim, sim.submission_item(1, service_id="residence_certificate", form_id="residence_certificate")


def test_pages_are_stored_sealed_once_with_their_case(hub: Hub) -> None:
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    pages = [page_item(sim, sid, "hukou", 1), page_item(sim, sid, "hukou", 2), page_item(sim, sid, "lease", 1)]
    assert _statuses(_post(sim, sub, *pages)) == ["accepted"] * 4
    assert _statuses(_post(sim, *pages)) == ["duplicate"] * 3  # a resend after a lost answer
    assert _statuses(_post(sim, pages[0], pages[0])) == ["duplicate"] * 2
    assert hub.count("case_pages") == 3
    rows = _sealed_rows(hub.db_url)
    assert [(r[1], r[2]) for r in rows] == [("hukou", 1), ("hukou", 2), ("lease", 1)]
    for row in rows:  # kept exactly as the terminal sealed it: nothing of the picture in clear
        assert row[3].startswith(crypto.SEAL_MAGIC) and encoded_page(1).data[:64] not in row[3]
        assert crypto.b64e(row[3]) in {p["body"]["sealed_payload"] for p in pages}
    detail = hub.admin("GET", f"/cases/{sid}", role="staff")
    assert detail["pages"] == {"hukou": 2, "lease": 1}
    assert hub.admin("GET", f"/cases/{sid}")["pages"] == {"hukou": 2, "lease": 1}  # counts, not content


def test_a_page_before_its_submission_waits_and_joins_the_case(hub: Hub) -> None:
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    assert _statuses(_post(sim, page_item(sim, sid, "hukou", 1))) == ["accepted"]
    assert _statuses(_post(sim, sub)) == ["accepted"]
    assert hub.admin("GET", f"/cases/{sid}", role="staff")["pages"] == {"hukou": 1}


def test_a_page_for_another_terminals_case_is_refused_and_never_shown(hub: Hub) -> None:
    owner, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    intruder = hub.terminal(community="燕山社区")
    early = page_item(intruder, sid, "hukou", 2)
    assert _statuses(_post(intruder, early)) == ["accepted"]  # the case is not there yet: it waits
    _post(owner, sub)
    [late] = _post(intruder, page_item(intruder, sid, "hukou", 1))
    assert late["status"] == "rejected" and "another terminal" in late["reason"]
    assert hub.admin("GET", f"/cases/{sid}", role="staff")["pages"] == {}  # the early one never joins it


def test_a_page_at_its_budget_fits_and_a_larger_one_is_refused(hub: Hub) -> None:
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    _post(sim, sub)
    at_budget = EncodedPage(os.urandom(400_000), "image/jpeg", A4_200DPI, 2339, 60)
    item = page_item(sim, sid, "hukou", 1, at_budget)
    assert len(item["body"]["sealed_payload"]) < 560_000
    assert _statuses(_post(sim, item)) == ["accepted"]
    over = page_item(sim, sid, "hukou", 2, EncodedPage(os.urandom(420_001), "image/jpeg", 1, 1, 60))
    [refused] = _post(sim, over)
    assert refused["status"] == "rejected" and "sealed_payload" in refused["reason"]


def test_a_submission_larger_than_a_request_can_carry_is_refused(hub: Hub) -> None:
    sim, sub = _case(hub)
    sub["body"]["sealed_payload"] = "A" * 1_000_001
    [refused] = _post(sim, sub)
    assert refused["status"] == "rejected" and "1000000" in refused["reason"]


def test_hostile_page_bodies_are_refused_with_a_reason(hub: Hub) -> None:
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    _post(sim, sub)
    good = sealed(sim, PageRef(sid, "hukou", 1), encoded_page(1))
    cases: dict[str, dict[str, Any]] = {
        "number": item_of(sim, good, number=21),
        "number 0": item_of(sim, good, number=0),
        "material": item_of(sim, good, material="户口簿"),
        "material/": item_of(sim, good, material="../etc"),
        "submission_id": item_of(sim, good, submission_id="a b"),
        "not base64": item_of(sim, good, sealed_payload="%%%%"),
        "not a sealed box": item_of(sim, good, sealed_payload=crypto.b64e(b"\xff\xd8" + bytes(100))),
        "sealed_payload type": item_of(sim, good, sealed_payload=["x"]),
        "missing": {"id": good.ref.item_id, "kind": "page", "created_at": sim.now().isoformat(), "body": {}},
        "page's id": {**item_of(sim, good), "id": "pg-" + "0" * 40},
        "relabelled id": item_of(sim, good, number=2),  # the id still names page 1
    }
    for name, item in cases.items():
        [result] = _post(sim, item)
        assert result["status"] == "rejected" and result["reason"], (name, result)
    assert hub.count("case_pages") == 0


_JSON = st.recursive(st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.text(max_size=80),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                     max_leaves=12)


def test_any_drawn_page_body_is_refused_with_a_reason_never_a_fault(hub: Hub) -> None:
    """Bodies drawn around the page's fields (wrong types, nesting, odd numbers): each a ``rejected``, never a 5xx."""
    sim, sub = _case(hub)
    _post(sim, sub)
    fields = st.fixed_dictionaries({}, optional={"submission_id": _JSON | st.just(sub["body"]["submission_id"]),
                                                 "material": _JSON, "number": _JSON | st.integers(-5, 30),
                                                 "sealed_payload": _JSON | st.just(crypto.b64e(b"KSB1" + bytes(80)))})

    @settings(max_examples=60, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(body=fields, extra=st.dictionaries(st.text(max_size=10), _JSON, max_size=3))
    def post(body: dict[str, Any], extra: dict[str, Any]) -> None:
        item = {"id": "pg-" + uuid.uuid4().hex, "kind": "page", "created_at": sim.now().isoformat(),
                "body": {**extra, **body}}
        [result] = _post(sim, item)
        assert result["status"] == "rejected" and result["reason"], result

    post()
    assert hub.count("case_pages") == 0


def test_pages_per_case_and_pages_waiting_are_bounded(hub: Hub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_pages, "MAX_PAGES_PER_CASE", 3)
    monkeypatch.setattr(case_pages, "MAX_WAITING_PAGES", 2)
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    pages = [page_item(sim, sid, "hukou", n, encoded_page(1)) for n in (1, 2, 3, 4)]
    results = _post(sim, sub, *pages)
    assert _statuses(results) == ["accepted"] * 4 + ["rejected"] and "at most 3" in results[-1]["reason"]
    assert _statuses(_post(sim, pages[0])) == ["duplicate"]  # at the bound, a resend is still a duplicate
    waiting = [page_item(sim, str(uuid.uuid4()), "hukou", 1, encoded_page(1)) for _ in range(3)]
    results = _post(sim, *waiting)
    assert _statuses(results) == ["accepted", "accepted", "rejected"]
    assert "send each submission before its pages" in results[-1]["reason"]


def test_asking_for_a_retake_names_materials_and_reaches_the_terminal(hub: Hub) -> None:
    sim, sub = _case(hub)
    sid = sub["body"]["submission_id"]
    _post(sim, sub, page_item(sim, sid, "hukou", 1), page_item(sim, sid, "lease", 1))
    for body, error in (({"status": "needs_retake"}, "invalid_request"),
                        ({"status": "needs_retake", "materials": ["marriage"]}, "unknown_material"),
                        ({"status": "accepted", "materials": ["hukou"]}, "invalid_request")):
        assert hub.admin("POST", f"/cases/{sid}/status", body, role="staff", status=422)["error"] == error
    hub.admin("POST", f"/cases/{sid}/status", {"status": "needs_retake", "materials": ["material!"]}, role="staff",
              status=422)
    case = hub.admin("POST", f"/cases/{sid}/status", {"status": "needs_retake", "materials": ["lease"],
                                                      "note": "照片模糊"}, role="staff")
    assert case["status"] == "needs_retake" and case["retake_materials"] == ["lease"]
    [status] = sim.signed("GET", "/api/v1/statuses").json()["statuses"]
    assert status["status"] == "needs_retake" and status["retake_materials"] == ["lease"]
    changed = [e for e in hub.admin("GET", "/audit") if e["action"] == "case.status_changed"]
    assert changed[0]["detail"]["materials"] == ["lease"]
    hub.admin("POST", f"/cases/{sid}/status", {"status": "accepted"}, role="staff")
    [status] = sim.signed("GET", "/api/v1/statuses").json()["statuses"]
    assert status["status"] == "accepted" and status["retake_materials"] == []


@pytest.mark.postgres
def test_a_page_survives_a_real_hub_on_postgres_byte_for_byte(tmp_path: Path, pg_url: str) -> None:
    """Sealed at the terminal, through ``kiosk-hub serve`` on loopback into PostgreSQL, opened as it was taken."""
    page = encoded_page(7, A4_200DPI)
    with run_hub(tmp_path, db_url=pg_url) as (base_url, admin_token), \
            httpx.Client(base_url=base_url, timeout=60) as client:
        sim = SimTerminal(client)
        sim.enroll(make_enroll_token(base_url, admin_token, community="燕山社区"))
        sub = sim.submission_item(1)
        sid = sub["body"]["submission_id"]
        item = page_item(sim, sid, "hukou", 1, page)
        assert _statuses(_post(sim, sub)) == ["accepted"]
        assert _statuses(_post(sim, item)) == ["accepted"]
        assert _statuses(_post(sim, item)) == ["duplicate"]
    engine = make_engine(pg_url)
    try:
        with make_sessionmaker(engine)() as db:
            case = db.get(Case, sid)
            assert case is not None
            [info] = case_pages.pages_of(db, case)
            clerk = Actor("clerk", "staff", "历下区", "燕山社区")
            opened = case_pages.open_one(db, load_or_create(tmp_path / "hub"), clerk, case, info.item_id)
            assert opened.data == page.data and (opened.mime, opened.width) == (page.mime, page.width)
    finally:
        engine.dispose()
