"""The terminal against the real hub (``hub.testing.run_hub``) on 127.0.0.1: the CLI surface, content,
and network faults injected between them. The hub's own database is the witness for "exactly once"."""

from __future__ import annotations

import json
import random
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from contract import crypto
from contract.clock import FakeClock, SystemClock
from kiosk.submission import CaseStatus
from sync.keys import KeyRing
from sync.store import Store
from ui.main import main as kiosk_main

from .helpers import identity, submit_many

pytestmark = pytest.mark.slow


_submit = submit_many


def _cases(real_hub: Any, ids: list[str]) -> dict[str, int]:
    marks = ",".join("?" * len(ids))
    rows = real_hub.query(f"SELECT submission_id, count(*) FROM cases WHERE submission_id IN ({marks}) "
                          "GROUP BY submission_id", *ids)
    return dict(rows)


def test_cli_enroll_sync_now_and_status(real_hub: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "kiosk"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.setenv("KIOSK_SYNC__TIMEOUT_S", "10")
    assert kiosk_main(["enroll", "--hub", "http://192.0.2.1:80", "--token", "x"]) == 2  # plain HTTP off loopback
    assert kiosk_main(["enroll", "--hub", real_hub.url, "--token", "not-a-token"]) == 1
    assert kiosk_main(["enroll", "--hub", real_hub.url, "--token", real_hub.new_token(),
                       "--fingerprint", "SHA256:" + "ab" * 32]) == 1
    assert not (data / "keys" / KeyRing.ENROLLMENT).exists()
    assert kiosk_main(["enroll", "--hub", real_hub.url, "--token", real_hub.new_token()]) == 0
    store = Store(data / "kiosk.sqlite3", keys_dir=data / "keys")
    try:
        ids = _submit(store, 3)
        store.enqueue("rating", {"score": 5, "service_id": "elderly-allowance"})
    finally:
        store.close()
    capsys.readouterr()
    assert kiosk_main(["sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["queue_depth"] == 3 + 3 + 1 + 1 and status["quarantined"] == 0  # + audit events
    assert kiosk_main(["sync", "now"]) == 0
    assert _cases(real_hub, ids) == {i: 1 for i in ids}
    assert kiosk_main(["sync", "now"]) == 0  # nothing left, bundle current: still 0
    capsys.readouterr()
    assert kiosk_main(["sync", "status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {k: status[k] for k in ("queue_depth", "quarantined", "bundle_version")} == \
        {"queue_depth": 0, "quarantined": 0, "bundle_version": 0}
    assert status["last_success"] is not None
    assert kiosk_main(["sync", "status"]) == 0
    assert "queue_depth: 0" in capsys.readouterr().out


def test_sync_now_fails_when_the_hub_is_unreachable(tmp_path: Path, real_hub: Any, proxy_factory: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    proxy = proxy_factory(real_hub.port)
    data = tmp_path / "kiosk"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.setenv("KIOSK_SYNC__HUB_URL", proxy.url)
    monkeypatch.setenv("KIOSK_SYNC__TIMEOUT_S", "2")
    assert kiosk_main(["enroll", "--hub", proxy.url, "--token", real_hub.new_token()]) == 0
    store = Store(data / "kiosk.sqlite3", keys_dir=data / "keys")
    ids = _submit(store, 2)
    store.close()
    proxy.stop()
    started = time.monotonic()
    assert kiosk_main(["sync", "now"]) == 1
    assert time.monotonic() - started < 20
    store = Store(data / "kiosk.sqlite3", keys_dir=data / "keys")
    try:
        assert store.outbox_depth() >= 2 and store.get_state("last_error")
        assert store.quarantined() == []
    finally:
        store.close()
    assert _cases(real_hub, ids) == {}


def test_published_content_becomes_the_active_bundle(real_hub: Any, terminal_factory: Any) -> None:
    t = terminal_factory(real_hub.url)
    t.enroll(real_hub.url, real_hub.new_token())
    before = t.service.run_once()
    assert before.ok, before.errors
    topics = {"topics": [{"id": "park-benches", "title": {"zh_CN": "公园长椅", "en_US": "Park benches"}}]}
    real_hub.publish("topics", topics, content_id="lobby-topics")
    report = t.service.run_once()
    assert report.ok, report.errors
    assert report.bundle_current and report.bundle_version > before.bundle_version
    active = t.service.bundles.active()
    assert active is not None and active.json("topics", "lobby-topics") == topics
    again = t.service.run_once()
    assert again.bundle_current and again.bundle_version == report.bundle_version


def test_wrong_signature_quarantines_nothing_and_keeps_everything(real_hub: Any, terminal_factory: Any) -> None:
    t = terminal_factory(real_hub.url)
    t.enroll(real_hub.url, real_hub.new_token())
    ids = _submit(t.store, 2)
    (t.store.keys.dir / KeyRing.TERMINAL_KEY).write_bytes(crypto.signing_key_to_bytes(crypto.new_signing_key()))
    t.store.keys._signing = None
    report = t.service.run_once()
    assert not report.ok and any("bad_signature" in e for e in report.errors)
    assert t.store.quarantined() == [] and t.store.outbox_depth() >= 2
    assert _cases(real_hub, ids) == {}


@pytest.mark.parametrize("skew_s", [1000.0, -1000.0])
def test_clock_skew_is_corrected_from_the_hub_clock(real_hub: Any, terminal_factory: Any, skew_s: float) -> None:
    clock = FakeClock(SystemClock().now() + timedelta(seconds=skew_s))
    t = terminal_factory(real_hub.url, clock=clock)
    t.enroll(real_hub.url, real_hub.new_token())
    ids = _submit(t.store, 2)
    report = t.service.run_once()
    assert report.ok, report.errors
    assert _cases(real_hub, ids) == {i: 1 for i in ids}
    assert abs(t.service.client().clock_offset + skew_s) < 5


@pytest.mark.parametrize("fault", ["reset", "reset_after", "http500", "http503", "http429", "slow", "slow_after",
                                   "truncate", "garble"])
def test_each_fault_is_transient_and_nothing_is_lost_or_doubled(real_hub: Any, terminal_factory: Any,
                                                               proxy_factory: Any, fault: str) -> None:
    proxy = proxy_factory(real_hub.port, slow_s=2.5)
    t = terminal_factory(proxy.url, timeout_s=1.0, clock=FakeClock(SystemClock().now()))
    t.enroll(proxy.url, real_hub.new_token())
    ids = _submit(t.store, 3)
    proxy.plan.extend([fault])  # the first outbox POST meets the fault
    report = t.service.run_once(heartbeat=False)
    assert not report.ok and t.store.quarantined() == []
    assert t.store.outbox_depth() >= 3 or fault in ("reset_after", "slow_after", "truncate", "garble")
    due = {i.id for i in t.store.due_items()}
    assert not due & set(ids)  # every item that met the fault waits for its backoff
    t.store.clock.advance(3600)
    report = t.service.run_once(heartbeat=False)
    assert report.ok, (fault, report.errors)
    assert t.store.outbox_depth() == 0
    assert _cases(real_hub, ids) == {i: 1 for i in ids}
    for _ in ids:
        assert t.store.find_by_tracking(t.store.find_by_id_number(identity().id_number)[0].tracking_number)
    assert all(s.status is CaseStatus.RECEIVED for s in t.store.find_by_id_number(identity().id_number))


def test_random_faults_soak_delivers_everything_exactly_once(real_hub: Any, terminal_factory: Any,
                                                              proxy_factory: Any) -> None:
    rng = random.Random(20261126)
    proxy = proxy_factory(real_hub.port, slow_s=0.8)
    t = terminal_factory(proxy.url, timeout_s=0.4, clock=FakeClock(SystemClock().now()))
    t.enroll(proxy.url, real_hub.new_token())
    ids: list[str] = []
    for round_no in range(40):
        ids += _submit(t.store, rng.randint(0, 6))
        if rng.random() < 0.3:
            t.store.enqueue("queue_ticket", {"ticket": f"A{round_no:03d}"})
        proxy.random_plan(6, rng, p_fault=0.5)
        t.service.run_once(heartbeat=rng.random() < 0.3)
        t.store.clock.advance(rng.choice([0, 5, 60, 1000]))
    proxy.plan.clear()
    t.store.clock.advance(3600)
    t.service.client().timeout_s = 10  # the last round meets no fault: do not let a busy machine fail it
    final = t.service.run_once()
    assert final.ok, final.errors
    assert t.store.outbox_depth() == 0 and t.store.quarantined() == []
    assert _cases(real_hub, ids) == {i: 1 for i in ids}
    faults = [f for f in proxy.seen if f != "ok"]
    assert len(faults) >= 20  # the soak did meet faults
    numbers = real_hub.query("SELECT tracking_number, count(*) FROM cases WHERE terminal_id = ? "
                             "GROUP BY tracking_number HAVING count(*) > 1", t.store.keys.enrollment().terminal_id)
    assert numbers == []
