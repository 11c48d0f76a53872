"""The terminal side of the contract (docs/sync-protocol.md), against the real app and database."""

from __future__ import annotations

import json
import time

from contract import crypto
from tests.hub.conftest import FORM, FORM_ID, Hub


def test_enrolment_gives_identity_keys_and_binds_the_community(hub: Hub) -> None:
    sim = hub.terminal(community="燕山社区", district="历下区")
    e = sim.enrolment
    assert e["terminal_id"].startswith("t-") and e["terminal_no"] >= 1
    assert (e["district"], e["community"]) == ("历下区", "燕山社区")
    assert len(crypto.b64d(e["sealing_key"])) == 32
    keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in e["bundle_keys"]}
    assert all(crypto.key_id(pub) == kid for kid, pub in keys.items())
    assert len(e["otp_secret"]) >= 16
    assert sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).status_code == 200


def test_enrolment_token_is_one_time(hub: Hub) -> None:
    token = hub.admin("POST", "/enroll-tokens", {"community": "A"})["token"]
    pub = crypto.b64e(crypto.public_bytes(crypto.new_signing_key()))
    first = hub.client.post("/api/v1/enroll", json={"token": token, "public_key": pub})
    again = hub.client.post("/api/v1/enroll", json={"token": token, "public_key": pub})
    unknown = hub.client.post("/api/v1/enroll", json={"token": "kenr_nope", "public_key": pub})
    assert first.status_code == 200
    assert again.status_code == 401 and again.json()["error"] == "bad_token"
    assert unknown.status_code == 401
    assert hub.count("terminals") == 1


def test_enrolment_refuses_a_bad_public_key_and_keeps_the_token(hub: Hub) -> None:
    token = hub.admin("POST", "/enroll-tokens", {"community": "A"})["token"]
    bad = hub.client.post("/api/v1/enroll", json={"token": token, "public_key": "AAAA"})
    assert bad.status_code == 422 and bad.json()["error"] == "bad_public_key"
    pub = crypto.b64e(crypto.public_bytes(crypto.new_signing_key()))
    assert hub.client.post("/api/v1/enroll", json={"token": token, "public_key": pub}).status_code == 200


def test_outbox_is_idempotent_by_item_id(hub: Hub) -> None:
    sim = hub.terminal()
    item = sim.submission_item(1)
    first = sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()
    again = sim.signed("POST", "/api/v1/outbox", {"items": [item, item]}).json()
    assert first["results"] == [{"id": item["id"], "status": "accepted", "reason": ""}]
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate"]
    assert hub.count("cases") == 1 and hub.count("outbox_items") == 1


def test_a_resent_submission_under_a_new_item_id_is_a_duplicate(hub: Hub) -> None:
    sim = hub.terminal()
    item = sim.submission_item(1)
    again = {**item, "id": "another-item-id"}
    sim.signed("POST", "/api/v1/outbox", {"items": [item]})
    result = sim.signed("POST", "/api/v1/outbox", {"items": [again]}).json()["results"][0]
    assert result["status"] == "duplicate"
    assert hub.count("cases") == 1


def test_bad_items_are_rejected_one_by_one_and_not_stored(hub: Hub) -> None:
    sim = hub.terminal()
    good = sim.submission_item(1)
    bad_tracking = sim.submission_item(2)
    bad_tracking["body"]["tracking_number"] = "261126001700071"  # wrong check digit
    unsealed = sim.submission_item(3)
    unsealed["body"]["sealed_payload"] = crypto.b64e(json.dumps({"name": "张三"}).encode())
    wrong_type = sim.submission_item(4)
    wrong_type["body"]["form_version"] = "three"
    unknown_kind = {**sim.submission_item(5), "kind": "telepathy"}
    clear_audit = {"id": "a1", "kind": "audit", "created_at": "2026-11-26T10:00:00+00:00",
                   "body": {"event": "identify.card", "detail": {"id_number": "11010519491231002X"}}}
    bad_time = {"id": "r1", "kind": "rating", "created_at": "yesterday", "body": {"stars": 5}}
    results = sim.signed("POST", "/api/v1/outbox", {"items": [
        good, bad_tracking, unsealed, wrong_type, unknown_kind, clear_audit, bad_time]}).json()["results"]
    assert [r["status"] for r in results] == ["accepted"] + ["rejected"] * 6
    assert all(r["reason"] for r in results[1:])
    assert hub.count("cases") == 1 and hub.count("outbox_items") == 1


def test_non_submission_items_are_stored_by_kind(hub: Hub) -> None:
    sim = hub.terminal()
    items = [{"id": f"i{n}", "kind": kind, "created_at": "2026-11-26T10:00:00Z", "body": {"n": n}}
             for n, kind in enumerate(["queue_ticket", "rating", "audit", "readiness", "call_staff", "vote"])]
    results = sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"]
    assert {r["status"] for r in results} == {"accepted"}
    assert hub.count("outbox_items") == 6


def test_signature_failures_are_401_and_store_nothing(hub: Hub) -> None:
    sim = hub.terminal()
    body = {"items": [sim.submission_item(1)]}
    data = json.dumps(body).encode()
    path = "/api/v1/outbox"

    def post(headers: dict[str, str], content: bytes = data) -> tuple[int, str]:
        r = hub.client.post(path, content=content, headers={**headers, "Content-Type": "application/json"})
        return r.status_code, r.json().get("error", "")

    good = crypto.request_headers(sim.key, sim.terminal_id, "POST", path, data, time.time())
    forged = crypto.request_headers(crypto.new_signing_key(), sim.terminal_id, "POST", path, data, time.time())
    stale = crypto.request_headers(sim.key, sim.terminal_id, "POST", path, data, time.time() - 400)
    future = crypto.request_headers(sim.key, sim.terminal_id, "POST", path, data, time.time() + 400)
    other_path = crypto.request_headers(sim.key, sim.terminal_id, "POST", "/api/v1/heartbeat", data, time.time())
    unknown = {**good, "X-Kiosk-Terminal": "t-000000000000"}
    missing = {k: v for k, v in good.items() if k != "X-Kiosk-Signature"}
    assert post(forged) == (401, "bad_signature")
    assert post(stale) == (401, "stale_request")
    assert post(future) == (401, "stale_request")
    assert post(other_path) == (401, "bad_signature")
    assert post(unknown) == (401, "unknown_terminal")
    assert post(missing) == (401, "missing_signature")
    assert post(good, data.replace(b"zh_CN", b"en_US")) == (401, "bad_signature")  # body tampered
    assert hub.count("cases") == 0
    assert post(good)[0] == 200
    assert post(good) == (401, "replayed_request")
    assert hub.count("cases") == 1


def test_revoked_terminal_gets_403(hub: Hub) -> None:
    sim = hub.terminal()
    hub.admin("POST", f"/terminals/{sim.terminal_id}/revoke")
    r = sim.signed("POST", "/api/v1/outbox", {"items": [sim.submission_item(1)]})
    assert r.status_code == 403 and r.json()["error"] == "terminal_revoked"
    assert sim.signed("GET", "/api/v1/bundle").status_code == 403
    assert hub.count("cases") == 0


def test_oversized_malformed_and_wrongly_typed_bodies(hub: Hub) -> None:
    sim = hub.terminal()
    big = {"items": [sim.submission_item(1)]}
    big["items"][0]["body"]["sealed_payload"] = "A" * (1024 * 1024 + 10)
    too_big = sim.signed("POST", "/api/v1/outbox", big)
    assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"
    malformed = sim.signed("POST", "/api/v1/outbox", raw=b'{"items": [')
    assert malformed.status_code == 400 and malformed.json()["error"] == "malformed_json"
    wrong = sim.signed("POST", "/api/v1/outbox", {"items": "all of them"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "invalid_request"
    too_many = sim.signed("POST", "/api/v1/outbox", {"items": [sim.submission_item(i) for i in range(101)]})
    assert too_many.status_code == 422
    beat = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(outbox_depth="lots"))
    assert beat.status_code == 422
    assert hub.count("cases") == 0 and hub.count("outbox_items") == 0
    assert hub.count("terminal_history") == 0


def test_rate_limit_is_429_with_retry_after(tmp_path) -> None:
    from tests.hub.conftest import make_hub

    for hub in make_hub(tmp_path, terminal_rate_per_min=5):
        sim = hub.terminal()
        codes = [sim.signed("GET", "/api/v1/statuses").status_code for _ in range(7)]
        assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
        last = sim.signed("GET", "/api/v1/statuses")
        assert last.json()["error"] == "rate_limited" and int(last.headers["Retry-After"]) >= 1


def test_heartbeat_delivers_commands_once(hub: Hub) -> None:
    sim = hub.terminal()
    cmd = hub.admin("POST", f"/terminals/{sim.terminal_id}/commands", {"name": "sync_now"})
    first = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).json()
    second = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).json()
    assert first["commands"] == [{"id": cmd["id"], "name": "sync_now"}]
    assert second["commands"] == [] and second["server_time"].endswith("Z")


def test_bundle_is_signed_per_terminal_304_when_current_and_items_fetch_by_hash(hub: Hub) -> None:
    sim = hub.terminal()
    assert sim.signed("GET", "/api/v1/bundle?have=0").status_code == 304  # nothing published yet
    hub.publish("form", FORM)
    r = sim.signed("GET", "/api/v1/bundle?have=0")
    assert r.status_code == 200
    keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in sim.enrolment["bundle_keys"]}
    manifest = crypto.verify_record(r.json(), keys)
    assert manifest["terminal_id"] == sim.terminal_id and manifest["bundle_version"] == 1
    [item] = manifest["items"]
    assert (item["kind"], item["id"], item["version"]) == ("form", FORM_ID, 1)
    body = sim.signed("GET", f"/api/v1/items/{item['sha256']}")
    assert body.status_code == 200 and crypto.sha256_hex(body.content) == item["sha256"]
    assert len(body.content) == item["size"] and json.loads(body.content)["version"] == 1
    assert sim.signed("GET", "/api/v1/bundle?have=1").status_code == 304
    assert sim.signed("GET", "/api/v1/bundle?have=0").json() == r.json()  # same manifest, not a new version
    other = hub.terminal()
    assert sim.signed("GET", "/api/v1/items/" + "0" * 64).status_code == 404
    assert other.signed("GET", f"/api/v1/items/{item['sha256']}").status_code == 404  # not in its bundle yet


def test_statuses_flow_incrementally_for_the_community(hub: Hub) -> None:
    sim = hub.terminal(community="A")
    neighbour = hub.terminal(community="A")
    elsewhere = hub.terminal(community="B")
    items = [sim.submission_item(i) for i in (1, 2)]
    sim.signed("POST", "/api/v1/outbox", {"items": items})
    empty = sim.signed("GET", "/api/v1/statuses").json()
    assert empty["statuses"] == []
    sid = items[0]["body"]["submission_id"]
    hub.admin("POST", f"/cases/{sid}/status", {"status": "accepted", "note": "ok"}, role="staff")
    page = sim.signed("GET", f"/api/v1/statuses?since={empty['cursor']}").json()
    assert [(s["submission_id"], s["status"]) for s in page["statuses"]] == [(sid, "accepted")]
    assert sim.signed("GET", f"/api/v1/statuses?since={page['cursor']}").json()["statuses"] == []
    assert len(neighbour.signed("GET", "/api/v1/statuses").json()["statuses"]) == 1
    assert elsewhere.signed("GET", "/api/v1/statuses").json()["statuses"] == []
    bad = sim.signed("GET", "/api/v1/statuses?since=abc")
    assert bad.status_code == 400 and bad.json()["error"] == "bad_cursor"
