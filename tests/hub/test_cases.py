"""Cases: workflow, staff notes, payloads opened only for staff, certificates and their verification."""

from __future__ import annotations

import pytest

from tests.hub.conftest import Hub


def submit(hub: Hub, community: str = "燕山社区", seq: int = 1) -> tuple[object, dict]:
    sim = hub.terminal(community=community)
    item = sim.submission_item(seq, service_id="residence_certificate", form_id="residence_certificate",
                               answers={"purpose": "school"}, identity={"name": "李四", "id_number": "x"})
    assert sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]["status"] == "accepted"
    return sim, item


def test_payload_is_opened_for_staff_only_and_the_opening_is_audited(hub: Hub) -> None:
    _sim, item = submit(hub)
    sid = item["body"]["submission_id"]
    as_admin = hub.admin("GET", f"/cases/{sid}")
    assert as_admin["payload"] is None and as_admin["status"] == "received"
    as_staff = hub.admin("GET", f"/cases/{sid}", role="staff")
    assert as_staff["payload"] == {"answers": {"purpose": "school"}, "identity": {"name": "李四", "id_number": "x"}}
    opened = [e for e in hub.admin("GET", "/audit") if e["action"] == "case.opened"]
    assert len(opened) == 1 and "李四" not in str(opened)
    listed = hub.admin("GET", "/cases", role="staff")
    assert [c["submission_id"] for c in listed] == [sid] and "李四" not in str(listed)


def test_workflow_transitions_and_notes(hub: Hub) -> None:
    _sim, item = submit(hub)
    sid = item["body"]["submission_id"]
    for status in ("accepted", "needs_info", "accepted", "approved", "ready_for_pickup"):
        hub.admin("POST", f"/cases/{sid}/status", {"status": status, "note": f"→ {status}"}, role="staff")
    detail = hub.admin("GET", f"/cases/{sid}", role="staff")
    assert [n["to_status"] for n in detail["notes"]] == ["accepted", "needs_info", "accepted", "approved",
                                                         "ready_for_pickup"]
    bad = hub.admin("POST", f"/cases/{sid}/status", {"status": "rejected"}, role="staff", status=409)
    assert bad["error"] == "bad_transition"
    hub.admin("POST", f"/cases/{sid}/status", {"status": "closed"}, role="staff", status=422)
    hub.admin("POST", "/cases/nope/status", {"status": "accepted"}, role="staff", status=404)


def test_approving_a_certificate_service_records_it_and_it_flows_back(hub: Hub) -> None:
    sim, item = submit(hub)
    sid = item["body"]["submission_id"]
    case = hub.admin("POST", f"/cases/{sid}/status", {
        "status": "approved", "note": "核实无误",
        "certificate": {"title": "居住证明", "body": "兹证明李四同志居住在燕山社区。"}}, role="staff")
    cert = case["certificate"]
    assert cert["number"].startswith("C") and cert["title"] == "居住证明"
    statuses = sim.signed("GET", "/api/v1/statuses").json()["statuses"]  # type: ignore[attr-defined]
    assert statuses[0]["status"] == "approved" and statuses[0]["certificate"] == cert
    verify_path = cert["verify_url"].split("://", 1)[1].split("/", 1)[1]
    verified = hub.client.get("/" + verify_path)
    assert verified.status_code == 200 and verified.json()["valid"] is True
    assert verified.json()["body"] == "兹证明李四同志居住在燕山社区。"
    html = hub.client.get("/" + verify_path, headers={"Accept": "text/html"})
    assert "居住证明" in html.text and html.headers["content-type"].startswith("text/html")
    wrong = hub.client.get(f"/api/v1/verify/{cert['number']}?code=guess")
    assert wrong.status_code == 404
    hub.admin("POST", f"/cases/{sid}/status", {"status": "ready_for_pickup",
                                               "certificate": {"title": "x", "body": "y"}}, role="staff", status=422)


def test_staff_scoped_to_a_community_see_only_its_cases(hub: Hub) -> None:
    _a, item_a = submit(hub, community="燕山社区", seq=1)
    _b, item_b = submit(hub, community="甸柳社区", seq=2)
    clerk = hub.admin("POST", "/tokens", {"name": "clerk", "role": "staff", "community": "甸柳社区"})["token"]
    headers = {"Authorization": f"Bearer {clerk}"}
    listed = hub.client.get("/api/v1/admin/cases", headers=headers).json()
    assert [c["submission_id"] for c in listed] == [item_b["body"]["submission_id"]]
    other = hub.client.get(f"/api/v1/admin/cases/{item_a['body']['submission_id']}", headers=headers)
    assert other.status_code == 404
    change = hub.client.post(f"/api/v1/admin/cases/{item_a['body']['submission_id']}/status",
                             json={"status": "accepted"}, headers=headers)
    assert change.status_code == 404


def test_search_by_tracking_number(hub: Hub) -> None:
    _sim, item = submit(hub)
    number = item["body"]["tracking_number"]
    pretty = f"{number[:6]} {number[6:10]} {number[10:14]} {number[14:]}"
    found = hub.admin("GET", f"/cases?tracking_number={pretty}", role="staff")
    assert [c["tracking_number"] for c in found] == [number]


@pytest.mark.parametrize("body", [{"status": 3}, {"status": "approved", "certificate": {"title": ""}},
                                  {"status": "approved", "extra": 1}, []])
def test_bad_status_bodies_are_422_and_change_nothing(hub: Hub, body: object) -> None:
    _sim, item = submit(hub)
    sid = item["body"]["submission_id"]
    r = hub.client.post(f"/api/v1/admin/cases/{sid}/status", json=body, headers=hub.auth("staff"))
    assert r.status_code == 422
    assert hub.admin("GET", f"/cases/{sid}", role="staff")["status"] == "received"
    assert hub.count("case_notes") == 0 and hub.count("certificates") == 0
