"""Publishing: immutable versions, validation, targeting, staged rollout, canaries, pause, rollback, dry run."""

from __future__ import annotations

import pytest

from contract import crypto
from hub.publishing import parse_target_spec, rollout_bucket
from hub.testing import SimTerminal
from tests.hub.conftest import FORM_ID, Hub, form_version


def manifest_forms(sim: SimTerminal) -> dict[str, int] | None:
    r = sim.signed("GET", f"/api/v1/bundle?have={sim.bundle_version}")
    if r.status_code == 304:
        return None
    assert r.status_code == 200, r.text
    keys = {k["kid"]: crypto.b64d(k["public_key"]) for k in sim.enrolment["bundle_keys"]}
    manifest = crypto.verify_record(r.json(), keys)
    assert manifest["bundle_version"] > sim.bundle_version
    sim.bundle_version = manifest["bundle_version"]
    return {i["id"]: i["version"] for i in manifest["items"] if i["kind"] == "form"}


def test_target_spec_parsing() -> None:
    assert parse_target_spec("all")["all"] is True
    spec = parse_target_spec("district:历下区; community:燕山社区,甸柳社区; terminals:t-1")
    assert spec == {"all": False, "districts": ["历下区"], "communities": ["燕山社区", "甸柳社区"], "terminals": ["t-1"]}
    for bad in ("", "street:x", "community:", "nonsense"):
        with pytest.raises(ValueError):
            parse_target_spec(bad)


def test_rollout_buckets_are_stable_and_spread() -> None:
    buckets = [rollout_bucket("form", "f", f"t-{n}") for n in range(2000)]
    assert buckets == [rollout_bucket("form", "f", f"t-{n}") for n in range(2000)]
    share = sum(b < 50 for b in buckets) / len(buckets)
    assert 0.45 < share < 0.55
    assert buckets != [rollout_bucket("form", "g", f"t-{n}") for n in range(2000)]


def test_versions_are_immutable_and_identical_content_is_not_a_new_version(hub: Hub) -> None:
    v1 = hub.admin("POST", "/content", {"kind": "form", "content": form_version(1)})
    same = hub.admin("POST", "/content", {"kind": "form", "content": form_version(1)})
    assert (v1["version"], v1["created"]) == (1, True) and (same["version"], same["created"]) == (1, False)
    clash = hub.admin("POST", "/content", {"kind": "form", "content": form_version(1, description={"zh_CN": "改", "en_US": "changed"})},
                      status=409)
    assert clash["error"] == "version_exists"
    v2 = hub.admin("POST", "/content", {"kind": "form", "content": form_version(2)})
    assert v2["version"] == 2 and v2["sha256"] != v1["sha256"]
    body1 = hub.admin("GET", f"/content/form/{FORM_ID}/1")
    assert body1["title"]["en_US"] == "Residence certificate v1"


def test_invalid_content_is_refused_with_reasons_and_not_stored(hub: Hub) -> None:
    bad_form = form_version(1, pages=[])
    r = hub.admin("POST", "/content", {"kind": "form", "content": bad_form}, status=422)
    assert r["error"] == "invalid_content" and r["detail"]
    report = hub.admin("POST", "/content/validate", {"kind": "form", "content": bad_form})
    assert report["valid"] is False and report["errors"]
    assert hub.admin("POST", "/content/validate", {"kind": "form", "content": form_version(1)})["valid"] is True
    hub.admin("POST", "/content", {"kind": "settings", "content": {"mode": "production"}}, status=422)
    hub.admin("POST", "/content", {"kind": "settings", "content": {"ui": {"idle_timeout_s": 1}}}, status=422)
    hub.admin("POST", "/content", {"kind": "staff", "content": {"staff": [{"staff_id": "s1", "role": "god"}]}},
              status=422)
    hub.admin("POST", "/content", {"kind": "notices", "content": {"notices": "none"}}, status=422)
    deep: dict = {}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    hub.admin("POST", "/content", {"kind": "topics", "content": deep}, status=422)
    assert hub.count("content_versions") == 0 and hub.count("blobs") == 0


def test_targeting_by_district_community_and_terminal_list(hub: Hub) -> None:
    a = hub.terminal(community="燕山社区", district="历下区")
    b = hub.terminal(community="甸柳社区", district="历下区")
    c = hub.terminal(community="大观园社区", district="市中区")
    hub.publish("form", form_version(1), target={"communities": ["燕山社区"]})
    assert manifest_forms(a) == {FORM_ID: 1}
    assert manifest_forms(b) is None and manifest_forms(c) is None
    hub.publish("form", form_version(2), target={"districts": ["历下区"]})
    assert manifest_forms(a) == {FORM_ID: 2} and manifest_forms(b) == {FORM_ID: 2}
    assert manifest_forms(c) is None
    hub.publish("form", form_version(3), target={"terminals": [c.terminal_id]})
    assert manifest_forms(c) == {FORM_ID: 3}
    assert manifest_forms(a) is None  # still v2: the v3 release does not target it


def test_staged_rollout_canaries_pause_and_rollback(hub: Hub) -> None:
    sims = [hub.terminal() for _ in range(12)]
    hub.publish("form", form_version(1))
    for sim in sims:
        assert manifest_forms(sim) == {FORM_ID: 1}
    canary = sims[0]
    plan = hub.admin("POST", "/releases", {"kind": "form", "id": FORM_ID, "version": 1, "dry_run": True})
    assert plan["dry_run"] is True and plan["changes"] == []  # re-releasing v1 changes nothing
    hub.admin("POST", "/content", {"kind": "form", "content": form_version(2)})
    dry = hub.admin("POST", "/releases", {"kind": "form", "id": FORM_ID, "rollout_percent": 50,
                                          "canaries": [canary.terminal_id], "dry_run": True})
    expected = {s.terminal_id for s in sims if s is canary or rollout_bucket("form", FORM_ID, s.terminal_id) < 50}
    assert {c["terminal_id"] for c in dry["changes"]} == expected
    assert all((c["current"], c["planned"]) == (1, 2) for c in dry["changes"])
    assert hub.count("releases") == 1  # the dry run stored nothing
    release = hub.admin("POST", "/releases", {"kind": "form", "id": FORM_ID, "rollout_percent": 50,
                                              "canaries": [canary.terminal_id]})["release"]
    got = {s.terminal_id: manifest_forms(s) for s in sims}
    assert {t for t, forms in got.items() if forms == {FORM_ID: 2}} == expected
    assert all(forms is None for t, forms in got.items() if t not in expected)
    # pause, then widen to 100%: nobody new gets v2, those who have it keep it
    hub.admin("PATCH", f"/releases/{release['id']}", {"state": "paused", "rollout_percent": 100})
    assert all(manifest_forms(s) is None for s in sims)
    hub.admin("PATCH", f"/releases/{release['id']}", {"state": "active"})
    assert all(manifest_forms(s) == {FORM_ID: 2} for s in sims if s.terminal_id not in expected)
    # rollback: everyone returns to v1 in a newer bundle
    rolled = hub.admin("POST", "/rollback", {"kind": "form", "id": FORM_ID})
    assert rolled["state"] == "rolled_back" and rolled["version"] == 2
    assert all(manifest_forms(s) == {FORM_ID: 1} for s in sims)
    hub.admin("PATCH", f"/releases/{release['id']}", {"state": "active"}, status=409)
    hub.admin("POST", "/rollback", {"kind": "form", "id": FORM_ID})
    assert all(manifest_forms(s) == {} for s in sims)  # nothing left: an empty bundle
    hub.admin("POST", "/rollback", {"kind": "form", "id": FORM_ID}, status=404)


def test_every_kind_travels_in_the_bundle(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1))
    hub.publish("catalog", {"categories": [{"id": "c", "name": {"zh_CN": "证明", "en_US": "Certificates"}}],
                            "services": []})
    hub.publish("notices", {"notices": [{"id": "n1", "category": "activity", "title": {"zh_CN": "活动", "en_US": "Event"},
                                         "body": {"zh_CN": "周六", "en_US": "Saturday"}, "valid_from": "2026-01-01",
                                         "valid_to": "2026-12-31", "published": "2026-01-01"}]})
    hub.publish("settings", {"ui": {"idle_timeout_s": 90}})
    hub.publish("staff", {"staff": [{"staff_id": "s1", "role": "technician", "pin_hash": "scrypt$..."}]})
    hub.publish("topics", {"topics": [{"id": "t1", "title": {"zh_CN": "加装电梯"}}]})
    r = sim.signed("GET", "/api/v1/bundle")
    kinds = sorted(i["kind"] for i in r.json()["items"])
    assert kinds == ["catalog", "form", "notices", "settings", "staff", "topics"], r.text
    for item in r.json()["items"]:
        got = sim.signed("GET", f"/api/v1/items/{item['sha256']}")
        assert got.status_code == 200 and crypto.sha256_hex(got.content) == item["sha256"]
    assert hub.admin("GET", "/content/staff/staff/1", role="viewer", status=403)["error"] == "forbidden"


def test_a_terminal_that_claims_a_newer_bundle_gets_a_greater_version(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1))
    r = sim.signed("GET", "/api/v1/bundle?have=41")  # e.g. the hub's database was restored from a backup
    assert r.status_code == 200 and r.json()["bundle_version"] == 42


def test_audit_log_records_admin_actions(hub: Hub) -> None:
    hub.publish("form", form_version(1))
    actions = [e["action"] for e in hub.admin("GET", "/audit")]
    assert {"content.published", "release.created"} <= set(actions)
