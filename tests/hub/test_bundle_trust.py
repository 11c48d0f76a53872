"""Issue 16, finding 3 at the hub: its public bundle keys for the terminal's fingerprint check, and an alert
when a terminal reports a bundle version the hub never issued to it (a forged bundle it was made to run)."""

from __future__ import annotations

from contract import crypto
from tests.hub.conftest import FORM_ID, Hub, form_version
from tests.hub.test_fleet import codes, view


def test_public_bundle_keys_match_the_enrolment_answer(hub: Hub) -> None:
    published = hub.client.get("/api/v1/bundle-keys")
    assert published.status_code == 200
    sim = hub.terminal()
    assert published.json()["bundle_keys"] == sim.enrolment["bundle_keys"]
    active = published.json()["active_kid"]
    assert active in {k["kid"] for k in published.json()["bundle_keys"]}
    raw = crypto.b64d(next(k["public_key"] for k in published.json()["bundle_keys"] if k["kid"] == active))
    assert crypto.fingerprint(raw).startswith("SHA256:")


def test_a_bundle_version_the_hub_never_issued_raises_an_alert(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1))
    sim.bundle_version = sim.signed("GET", "/api/v1/bundle").json()["bundle_version"]
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(forms={FORM_ID: 1}))
    assert "bundle_unknown" not in codes(view(hub, sim.terminal_id))
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(forms={FORM_ID: 1}, bundle_version=500))
    entry = view(hub, sim.terminal_id)
    assert "bundle_unknown" in codes(entry) and entry["bundle_version"] == 500
    other = hub.terminal()  # a version issued to another terminal is not this one's
    other.signed("POST", "/api/v1/heartbeat", other.heartbeat_body(bundle_version=sim.bundle_version))
    assert "bundle_unknown" in codes(view(hub, other.terminal_id))
    fresh = hub.terminal()  # nothing yet: version 0 is the empty bundle every terminal starts with
    fresh.signed("POST", "/api/v1/heartbeat", fresh.heartbeat_body(bundle_version=0))
    assert "bundle_unknown" not in codes(view(hub, fresh.terminal_id))
