"""The fleet view: heartbeats, versions reported versus expected, health and alerts."""

from __future__ import annotations

from datetime import datetime

from tests.hub.conftest import FORM_ID, Hub, form_version


def view(hub: Hub, terminal_id: str) -> dict:
    return hub.admin("GET", f"/terminals/{terminal_id}", role="viewer")


def codes(entry: dict) -> set[str]:
    return {a["code"] for a in entry["alerts"]}


def test_a_never_seen_terminal_is_offline(hub: Hub) -> None:
    sim = hub.terminal()
    entry = view(hub, sim.terminal_id)
    assert entry["online"] is False and codes(entry) == {"offline"}


def test_healthy_heartbeat_shows_versions_and_no_alerts(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1))
    manifest = sim.signed("GET", "/api/v1/bundle").json()
    sim.bundle_version = manifest["bundle_version"]
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(forms={FORM_ID: 1}, outbox_depth=3))
    entry = view(hub, sim.terminal_id)
    assert entry["online"] and entry["alerts"] == []
    assert entry["forms"] == {FORM_ID: 1} == entry["expected_forms"]
    assert entry["bundle_version"] == entry["expected_bundle_version"] == 1
    assert entry["outbox_depth"] == 3 and entry["app_version"] == "0.1.0"


def test_alerts_for_paper_reader_sync_and_lagging_versions(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1))
    hub.publish("form", form_version(2))
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(
        forms={FORM_ID: 1}, printer={"online": True, "paper": "out", "cover_open": False},
        devices={"idcard": {"status": "fail", "detail": "no answer on /dev/ttyUSB0"},
                 "scanner": {"status": "ok", "detail": ""}},
        last_sync="2026-11-26T08:00:00+00:00", last_error="2026-11-26T09:00:00+00:00 POST /outbox: timed out",
        quarantined=2))
    entry = view(hub, sim.terminal_id)
    assert codes(entry) == {"paper_out", "reader_offline", "sync_failing", "outbox_quarantined", "version_lagging"}
    lag = next(a for a in entry["alerts"] if a["code"] == "version_lagging")
    assert f"{FORM_ID} 1→2" in lag["detail"]
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(
        forms={FORM_ID: 2}, printer={"online": True, "paper": "near_end", "cover_open": False},
        last_error="2026-11-26T09:00:00+00:00 POST /outbox: timed out"))
    assert codes(view(hub, sim.terminal_id)) == {"paper_low"}  # the old error predates the last success
    history = hub.admin("GET", f"/terminals/{sim.terminal_id}/history")
    assert [h["alerts"] for h in history][:2] == [["paper_low"], sorted(
        ["outbox_quarantined", "paper_out", "reader_offline", "sync_failing"])]


def test_call_staff_raises_an_alert(hub: Hub) -> None:
    sim = hub.terminal()
    sim.signed("POST", "/api/v1/outbox", {"items": [
        {"id": "cs-1", "kind": "call_staff", "created_at": "2026-11-26T10:00:00Z", "body": {"reason": "help"}}]})
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body())
    assert "call_staff" in codes(view(hub, sim.terminal_id))


def test_filters_and_revocation(hub: Hub) -> None:
    a = hub.terminal(community="燕山社区")
    b = hub.terminal(community="甸柳社区", district="历下区")
    assert [t["terminal_id"] for t in hub.admin("GET", "/terminals?community=燕山社区")] == [a.terminal_id]
    assert len(hub.admin("GET", "/terminals?district=历下区")) == 2
    hub.admin("POST", f"/terminals/{b.terminal_id}/revoke")
    assert codes(view(hub, b.terminal_id)) == {"revoked"} and view(hub, b.terminal_id)["revoked"] is True
    hub.admin("GET", "/terminals/t-nope", status=404)


def test_technician_code_matches_the_terminal_secret(hub: Hub) -> None:
    import time

    from contract.totp import match_totp

    sim = hub.terminal()
    code = hub.admin("POST", f"/terminals/{sim.terminal_id}/technician-code")
    assert match_totp(sim.enrolment["otp_secret"], code["code"], time.time()) is not None
    assert [e["action"] for e in hub.admin("GET", "/audit")][0] == "terminal.technician_code_issued"
    assert code["code"] not in str(hub.admin("GET", "/audit"))
    # "valid until" is when the terminal stops taking the code (its +-1 step window), never seconds away
    until = datetime.fromisoformat(code["valid_until"]).timestamp()
    assert until - time.time() >= 29
    assert match_totp(sim.enrolment["otp_secret"], code["code"], until - 1) is not None
    assert match_totp(sim.enrolment["otp_secret"], code["code"], until + 1) is None


def test_admin_bodies_over_8_mib_are_413(hub: Hub) -> None:
    big = {"kind": "topics", "content": {"topics": [], "pad": "x" * (8 * 1024 * 1024 + 1)}}
    r = hub.client.post("/api/v1/admin/content", json=big, headers=hub.auth("admin"))
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    assert hub.count("content_versions") == 0


def test_staff_cards_are_signed_with_the_platform_key(hub: Hub) -> None:
    from contract import crypto

    sim = hub.terminal()
    card = hub.admin("POST", "/staff-cards", {"staff_id": "s-007", "role": "technician", "issued": "2026-11-26"})
    keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in sim.enrolment["bundle_keys"]}
    record = crypto.verify_record(card, keys)
    assert record == {"v": 1, "staff_id": "s-007", "role": "technician", "issued": "2026-11-26", "kid": card["kid"]}
