"""The sync client against the contract hub: enrolment, outbox, bundles, statuses, heartbeat, thread."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

from contract import crypto
from kiosk.submission import CaseStatus
from sync.bundles import ActiveBundle
from sync.client import HubClient, InsecureHubUrl, check_hub_url
from sync.keys import KeyRing
from sync.outbox import backoff_delay
from sync.service import EnrollmentError

from .contract_hub import ContractHub
from .helpers import SAMPLE_ID, SAMPLE_NAME, audit, identity, new_submission, receipt_factory


def _submit(t: Any, ident=None):
    ident = ident or identity()
    return t.store.submit(new_submission(ident), receipt_factory(ident, t.store.clock), audit(t.store.clock))


@pytest.fixture
def term(contract_hub: ContractHub, terminal_factory):
    t = terminal_factory(contract_hub.url)
    t.enroll(contract_hub.url, contract_hub.new_token())
    return t


def test_hub_url_rules() -> None:
    assert check_hub_url("https://hub.example.cn/") == "https://hub.example.cn"
    assert check_hub_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    assert check_hub_url("http://[::1]:8080") == "http://[::1]:8080"
    for bad in ("http://hub.example.cn", "http://10.0.0.5:80", "ftp://127.0.0.1", "hub.example.cn",
                "https://user:pw@hub.example.cn"):
        with pytest.raises(InsecureHubUrl):
            check_hub_url(bad)


def test_backoff_grows_with_jitter_and_is_capped() -> None:
    lows = [backoff_delay(n, rng=lambda: 0.0) for n in range(1, 12)]
    highs = [backoff_delay(n, rng=lambda: 1.0) for n in range(1, 12)]
    assert lows[:4] == [1.0, 2.0, 4.0, 8.0] and highs[:4] == [2.0, 4.0, 8.0, 16.0]
    assert max(highs) == 900.0 and all(lo < hi for lo, hi in zip(lows, highs, strict=True))


def test_enrolment_pins_keys_and_makes_a_private_key(contract_hub: ContractHub, terminal_factory) -> None:
    t = terminal_factory(contract_hub.url)
    e = t.enroll(contract_hub.url, contract_hub.new_token(), bundle_key_fingerprint=contract_hub.bundle_key_fingerprint)
    assert e.terminal_id in contract_hub.state.terminals and e.terminal_no == 17
    key_file = t.store.keys.dir / KeyRing.TERMINAL_KEY
    assert key_file.stat().st_mode & 0o777 == 0o600 and t.store.keys.dir.stat().st_mode & 0o777 == 0o700
    assert crypto.public_bytes(t.store.keys.terminal_key()) == contract_hub.state.terminals[e.terminal_id].public_key
    assert list(e.bundle_keys) == [contract_hub.kid]


def test_a_wrong_fingerprint_is_refused_before_the_token_is_spent(contract_hub: ContractHub,
                                                                   terminal_factory) -> None:
    """Issue 16, finding 3: the hub's public keys are checked first; the token stays good for a second try."""
    t = terminal_factory(contract_hub.url)
    token = contract_hub.new_token()
    with pytest.raises(EnrollmentError, match="fingerprint"):
        t.enroll(contract_hub.url, token, bundle_key_fingerprint="SHA256:" + "0" * 64)
    assert token in contract_hub.state.tokens and not contract_hub.state.terminals
    assert t.store.keys.enrollment() is None
    e = t.enroll(contract_hub.url, token, bundle_key_fingerprint=contract_hub.bundle_key_fingerprint)
    assert e.terminal_id in contract_hub.state.terminals


def test_production_enrolment_never_trusts_the_first_answer(contract_hub: ContractHub, terminal_factory) -> None:
    t = terminal_factory(contract_hub.url)
    token = contract_hub.new_token()
    with pytest.raises(EnrollmentError, match="bundle_key_fingerprint"):
        t.enroll(contract_hub.url, token, trust_on_first_use=False)  # what `kiosk enroll` asks outside demo mode
    assert token in contract_hub.state.tokens and not contract_hub.state.terminals
    contract_hub.state.extra_bundle_key = crypto.new_signing_key()  # slipped in beside the hub's own key
    e = t.enroll(contract_hub.url, token, bundle_key_fingerprint=contract_hub.bundle_key_fingerprint)
    assert list(e.bundle_keys) == [contract_hub.kid]  # only the key the fingerprint names is pinned


def test_enrolment_refusals(contract_hub: ContractHub, terminal_factory) -> None:
    t = terminal_factory(contract_hub.url)
    with pytest.raises(EnrollmentError, match="token"):
        t.enroll(contract_hub.url, "no-such-token")
    with pytest.raises(EnrollmentError, match="fingerprint"):
        t.enroll(contract_hub.url, contract_hub.new_token(), bundle_key_fingerprint="SHA256:" + "0" * 64)
    assert t.store.keys.enrollment() is None
    contract_hub.stop()
    with pytest.raises(EnrollmentError, match="reached"):
        t.enroll(contract_hub.url, "x")


def test_demo_submission_made_before_enrolment_reaches_the_hub(contract_hub: ContractHub, terminal_factory) -> None:
    t = terminal_factory(contract_hub.url)
    stub = _submit(t)
    t.enroll(contract_hub.url, contract_hub.new_token())
    report = t.service.run_once()
    assert report.ok, report.errors
    assert report.queue_depth == 0 and report.bundle_current
    opened = contract_hub.open_submission(stub.submission_id)
    assert opened["identity"]["name"] == SAMPLE_NAME and opened["identity"]["id_number"] == SAMPLE_ID
    kept = t.store.find_by_tracking(stub.tracking_number)
    assert kept.status is CaseStatus.RECEIVED
    assert t.store.due_items() == []


def test_every_kind_goes_through_one_outbox_in_batches(term: Any, contract_hub: ContractHub) -> None:
    kinds = ["queue_ticket", "rating", "readiness", "call_staff", "vote", "opinion"]
    ids = [term.store.enqueue(kinds[i % len(kinds)], {"n": i}) for i in range(230)]
    report = term.service.run_once(heartbeat=False)
    assert report.ok and report.delivered == 231  # and the enrolment's audit event
    assert contract_hub.state.outbox_requests == 3  # 100 + 100 + 31
    assert set(ids) <= set(contract_hub.state.items)
    assert {contract_hub.state.items[i]["kind"] for i in ids} == set(kinds)


def test_rejected_item_is_quarantined_and_does_not_block(term: Any, contract_hub: ContractHub) -> None:
    contract_hub.state.reject_kinds.add("opinion")
    a = term.store.enqueue("rating", {"score": 5})
    bad = term.store.enqueue("opinion", {"text": "x"})
    c = term.store.enqueue("vote", {"choice": 1})
    report = term.service.run_once(heartbeat=False)
    assert report.delivered == 3 and report.quarantined == 1  # two items and the enrolment's audit event
    assert {a, c} <= set(contract_hub.state.items) and bad not in contract_hub.state.items
    q = term.store.quarantined()
    assert [x.id for x in q] == [bad] and "not accepted" in q[0].reason
    assert term.service.status()["quarantined"] == 1 and term.service.status()["queue_depth"] == 0


def test_whole_batch_4xx_is_bisected_to_the_culprit(term: Any, contract_hub: ContractHub) -> None:
    good = [term.store.enqueue("rating", {"n": i}) for i in range(5)]
    bad = term.store.enqueue("rating", {"n": 99}, item_id="not a valid id!")
    more = [term.store.enqueue("rating", {"n": i}) for i in range(5)]
    report = term.service.run_once(heartbeat=False)
    assert set(good + more) <= set(contract_hub.state.items)
    assert [x.id for x in term.store.quarantined()] == [bad] and report.quarantined == 1


def _publish_basic(hub: ContractHub, form_version: int = 1) -> int:
    return hub.publish({("catalog", "main"): (1, {"services": ["elderly-allowance"]}),
                        ("form", "elderly-allowance-form"): (form_version, {"fields": ["reason"], "v": form_version}),
                        ("notices", "lobby"): (1, {"items": ["春节安排"]})})


def test_bundle_is_fetched_verified_and_activated(term: Any, contract_hub: ContractHub) -> None:
    events: list[str] = []
    term.service.subscribe(lambda ev, data: events.append(ev))
    v = _publish_basic(contract_hub)
    report = term.service.run_once(heartbeat=False)
    assert report.ok and report.bundle_current and report.bundle_version == v
    active = term.service.bundles.active()
    assert active.version == v and active.json("catalog", "main") == {"services": ["elderly-allowance"]}
    assert active.versions() == {"elderly-allowance-form": 1}
    assert "bundle_staged" in events and "bundle_activated" in events
    assert term.service.run_once(heartbeat=False).bundle_current  # 304 now


def test_bundle_waits_for_a_pause_between_sessions(term: Any, contract_hub: ContractHub) -> None:
    _publish_basic(contract_hub, 1)
    term.service.run_once(heartbeat=False)
    session_view = term.service.bundles.active()
    in_session = True
    term.service.is_idle = lambda: not in_session
    v2 = _publish_basic(contract_hub, 2)
    report = term.service.run_once(heartbeat=False)
    assert not report.bundle_current and term.service.bundles.pending() == v2
    assert not term.service.run_once(heartbeat=False).bundle_current  # still staged: not current yet
    assert term.service.bundles.active().version == session_view.version
    assert session_view.json("form", "elderly-allowance-form")["v"] == 1  # the session keeps its form version
    in_session = False
    assert term.service.bundles.activate_if_idle(term.service.is_idle)
    assert term.service.bundles.active().json("form", "elderly-allowance-form")["v"] == 2
    assert session_view.json("form", "elderly-allowance-form")["v"] == 1


def _refused(term: Any, contract_hub: ContractHub, manifest: dict[str, Any]) -> str:
    before = term.service.bundles.active_version()
    contract_hub.state.forged_manifest = manifest
    report = term.service.run_once(heartbeat=False)
    assert not report.bundle_current and term.service.bundles.active_version() == before
    assert term.service.bundles.pending() is None
    return " ".join(report.errors)


def test_bad_bundles_are_refused_and_the_active_one_stays(term: Any, contract_hub: ContractHub) -> None:
    v1 = _publish_basic(contract_hub)
    term.service.run_once(heartbeat=False)
    tid = term.store.keys.enrollment().terminal_id
    _publish_basic(contract_hub, 2)
    good = contract_hub.manifest_for(tid)
    tampered = dict(good, bundle_version=good["bundle_version"] + 5)
    assert "signature" in _refused(term, contract_hub, tampered)
    unsigned = {k: v for k, v in good.items() if k not in ("sig", "kid")}
    assert "not signed" in _refused(term, contract_hub, unsigned)
    rogue = crypto.new_signing_key()
    assert "unknown signing key" in _refused(term, contract_hub, contract_hub.manifest_for(tid, key=rogue, kid="rogue"))
    assert "signature" in _refused(term, contract_hub, contract_hub.manifest_for(tid, key=rogue))
    assert "another terminal" in _refused(term, contract_hub, contract_hub.manifest_for("t-9999"))
    assert "not newer" in _refused(term, contract_hub, contract_hub.manifest_for(tid, version=v1))
    assert "bundle_version" in _refused(term, contract_hub, contract_hub.manifest_for(tid, version=0))
    huge = [dict(contract_hub.state.bundle_items[0], size=21 * 1024 * 1024)]
    assert "limit" in _refused(term, contract_hub, contract_hub.manifest_for(tid, items=huge))
    # an item whose bytes do not match its hash
    sha = contract_hub.state.bundle_items[1]["sha256"]
    real = contract_hub.state.blobs[sha]
    contract_hub.state.blobs[sha] = real.replace(b"fields", b"FIELDS")
    assert "hash" in _refused(term, contract_hub, contract_hub.manifest_for(tid))
    contract_hub.state.blobs[sha] = real
    assert term.service.bundles.active().version == v1
    assert [e[0] for e in term.store.audit_events()].count("bundle.refused") >= 8


def test_failed_activation_rolls_back(term: Any, contract_hub: ContractHub) -> None:
    v1 = _publish_basic(contract_hub)
    term.service.run_once(heartbeat=False)

    def validator(bundle: ActiveBundle) -> None:
        if bundle.json("form", "elderly-allowance-form")["v"] == 2:
            raise ValueError("form 2 does not load")

    term.service.bundles.validator = validator
    _publish_basic(contract_hub, 2)
    report = term.service.run_once(heartbeat=False)
    assert not report.bundle_current and any("failed to activate" in e for e in report.errors)
    assert term.service.bundles.active().version == v1
    assert term.service.bundles.active().json("form", "elderly-allowance-form")["v"] == 1
    assert "bundle.rolled_back" in [e[0] for e in term.store.audit_events()]
    v3 = _publish_basic(contract_hub, 3)  # a later fixed bundle still comes through
    assert term.service.run_once(heartbeat=False).bundle_current
    assert term.service.bundles.active_version() == v3


def test_statuses_are_pulled_incrementally_and_work_offline(term: Any, contract_hub: ContractHub) -> None:
    stub = _submit(term)
    term.service.run_once(heartbeat=False)
    contract_hub.add_status(stub.submission_id, stub.tracking_number, "approved",
                            {"number": "C-1", "title": "证明", "body": "兹证明", "verify_url": "https://v/C-1"})
    for i in range(700):
        contract_hub.add_status(f"other-{i}", f"26112600990{i:03d}"[:15], "accepted")
    report = term.service.run_once(heartbeat=False)
    assert report.statuses == 701 and term.store.get_state("status_cursor") == "701"
    contract_hub.stop()  # offline now
    got = term.store.find_by_tracking(stub.tracking_number)
    assert got.status is CaseStatus.APPROVED and got.certificate_available
    assert term.store.find_by_id_number(SAMPLE_ID)[0].status is CaseStatus.APPROVED
    assert term.service.run_once(heartbeat=False).ok is False  # the hub is down: reported, not raised


def test_heartbeat_fields_and_commands(term: Any, contract_hub: ContractHub) -> None:
    _publish_basic(contract_hub)
    term.service.status_provider = lambda: {"devices": {"idcard": {"status": "ok", "detail": ""}},
                                            "printer": {"online": True, "paper": "low", "cover_open": False}}
    commands: list[dict[str, Any]] = []
    term.service.subscribe(lambda ev, data: commands.append(data) if ev == "command" else None)
    contract_hub.state.commands = [{"id": "c1", "name": "upload_diagnostics"}, {"id": "c2", "name": "sync_now"}]
    term.service.run_once()
    hb = contract_hub.state.heartbeats[-1]
    for key in ("at", "app_version", "schema_version", "bundle_version", "forms", "devices", "printer",
                "outbox_depth", "quarantined", "last_sync", "last_error", "disk_free_mb", "uptime_s"):
        assert key in hb, key
    assert hb["schema_version"] == 1 and hb["bundle_version"] == 1 and hb["forms"] == {"elderly-allowance-form": 1}
    assert hb["printer"]["paper"] == "low" and hb["devices"]["idcard"]["status"] == "ok"
    assert [c["name"] for c in commands] == ["upload_diagnostics", "sync_now"]
    contract_hub.state.commands = [{"id": "c1", "name": "upload_diagnostics"}]  # repeated: not acted on twice
    term.service.run_once()
    assert len(commands) == 2


def test_background_thread_and_sync_now(term: Any, contract_hub: ContractHub) -> None:
    term.settings.sync.interval_s = 60
    term.settings.sync.heartbeat_s = 60
    done = threading.Event()
    term.service.subscribe(lambda ev, data: done.set() if ev == "round_done" and data["delivered"] else None)
    term.service.start()
    try:
        time.sleep(0.3)
        assert term.service._thread.is_alive()
        stub = _submit(term)  # the UI thread is never blocked by sync: submit is local
        term.service.sync_now()
        deadline = time.monotonic() + 10
        while stub.submission_id not in contract_hub.state.items and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stub.submission_id in contract_hub.state.items
        assert done.wait(5)
    finally:
        term.service.stop()
    assert term.service._thread is None


def test_requests_are_signed_and_replay_is_refused(term: Any, contract_hub: ContractHub) -> None:
    client: HubClient = term.service.client()
    assert client.get_bundle(0) is None
    path = client.path("/bundle", {"have": 0})
    headers = crypto.request_headers(term.store.keys.terminal_key(), client.terminal_id, "GET", path, b"", time.time())
    import requests

    first = requests.get(client.url_for(path), headers=headers, timeout=5)
    again = requests.get(client.url_for(path), headers=headers, timeout=5)
    assert first.status_code == 304 and again.status_code == 401 and again.json()["error"] == "replayed_request"


def test_sync_status_keys(term: Any) -> None:
    status = term.service.status()
    assert {"queue_depth", "quarantined", "last_success", "last_error", "bundle_version"} <= set(status)
    json.dumps(status)


def test_wrong_hub_path_quarantines_nothing(contract_hub: ContractHub, terminal_factory) -> None:
    t = terminal_factory(contract_hub.url)
    t.enroll(contract_hub.url, contract_hub.new_token())
    t.settings.sync.hub_url = contract_hub.url + "/wrong-prefix"  # every endpoint answers 404
    ids = [t.store.enqueue("rating", {"n": i}) for i in range(5)]
    report = t.service.run_once(heartbeat=False)
    assert not report.ok and t.store.quarantined() == []
    assert t.store.outbox_depth() >= 5 and not set(ids) & set(contract_hub.state.items)


def test_no_personal_data_in_clear_after_a_full_sync(term: Any, contract_hub: ContractHub) -> None:
    import shutil
    import subprocess

    stubs = [_submit(term) for _ in range(3)]
    term.service.run_once()
    contract_hub.add_status(stubs[0].submission_id, stubs[0].tracking_number, "approved",
                            {"number": "C-9", "title": "证明", "body": f"兹证明 {SAMPLE_NAME} 身份证 {SAMPLE_ID}",
                             "verify_url": "https://v/C-9"})
    _submit(term)  # one still queued (sealed) at the time of the dump
    term.service.run_once(heartbeat=False)
    _submit(term)
    term.store.close()
    assert shutil.which("sqlite3")
    db = term.settings.db_path
    dump = subprocess.run(["sqlite3", str(db), ".dump"], capture_output=True, check=True, timeout=60).stdout
    assert b"INSERT INTO status_cache" in dump and b"INSERT INTO outbox" in dump
    for secret in (SAMPLE_NAME, SAMPLE_ID, "13800138000", "测试路"):
        assert secret.encode() not in dump
        for f in db.parent.glob(db.name + "*"):
            assert secret.encode() not in f.read_bytes(), f
