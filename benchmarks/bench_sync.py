"""Sync benchmarks: outbox drain against a bare one-by-one loop, and status lookups in a large cache.

1. Draining N queued submissions (10,000; quick: 1,000) from the real store to the real
   hub on loopback (``hub.testing.run_hub``), as a ratio to a bare ``requests.Session``
   loop posting the same payloads one by one (signed, one item per request) to the same
   hub in the same run. Target: ratio <= 0.5.
2. ``Store.find_by_tracking`` p50/p99 among 1,000,000 cached statuses (quick: 100,000),
   hits and misses mixed. Target: p99 <= 5 ms.

Run: ``python -c "from benchmarks.bench_sync import run; print(run(quick=True))"``.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import requests

from contract import crypto, tracking
from contract.clock import FakeClock, SystemClock
from contract.idnumber import make_valid
from hub.testing import make_enroll_token, run_hub
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.identity import CardType, Identity
from kiosk.receipt import Receipt
from kiosk.submission import NewSubmission
from sync.client import HubClient
from sync.outbox import OutboxSender
from sync.service import enroll
from sync.store import Store


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def _queue_submissions(store: Store, n: int) -> float:
    ident = Identity(CardType.RESIDENT, "基准测试", make_valid("37010219800101123"), address="济南市历下区基准路1号")
    started = time.perf_counter()
    for i in range(n):
        if isinstance(store.clock, FakeClock):
            store.clock.advance(10)
        sub = NewSubmission("elderly-allowance", "elderly-allowance-form", 3,
                            {"reason": "基准" * 20, "household": i % 7, "phone": "13800138000"}, ident, "zh_CN")
        store.submit(sub, lambda number: Receipt("中心", "办理回执", "高龄津贴", number, ident.masked_name,
                                                 ident.masked_id, store.clock.now()),
                     AuditRecord(AuditEvent.SUBMISSION_CREATED, store.clock.now(), {"service_id": "x"}))
    return time.perf_counter() - started


def _baseline_items(store: Store) -> list[dict[str, Any]]:
    """Every queued item (submissions and their audit events), under fresh ids: the hub would call
    the originals duplicates. Same kinds, same payload sizes as what the drain sends."""
    items: list[dict[str, Any]] = []
    for item in store.due_items(limit=1_000_000):
        body = dict(item.body)
        if item.kind == "submission":
            body["submission_id"] = str(uuid.uuid4())
        items.append({"id": str(uuid.uuid4()), "kind": item.kind, "created_at": item.created_at, "body": body})
    return items


def bench_drain(n: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp, \
            run_hub(Path(tmp), env={"KIOSK_HUB_TERMINAL_RATE": "100000000"}) as running:
        # a fake clock ten seconds a submission: tracking numbers allow 9,999 a terminal a day
        store = Store(Path(tmp) / "kiosk" / "kiosk.sqlite3", keys_dir=Path(tmp) / "kiosk" / "keys",
                      clock=FakeClock(SystemClock().now()))
        try:
            enrollment = enroll(store, running.base_url, make_enroll_token(running.base_url, running.admin_token),
                                trust_on_first_use=True)  # its own hub on loopback
            queue_s = _queue_submissions(store, n)
            client = HubClient(running.base_url, timeout_s=60, terminal_id=enrollment.terminal_id,
                               signing_key=store.keys.terminal_key())

            # baseline: a bare requests.Session posting the same payloads one by one, signed
            items = _baseline_items(store)
            key = store.keys.terminal_key()
            session = requests.Session()
            path = client.path("/outbox")
            started = time.perf_counter()
            for item in items:
                data = crypto.canonical_json({"items": [item]})
                headers = crypto.request_headers(key, enrollment.terminal_id, "POST", path, data, time.time())
                headers["Content-Type"] = "application/json"
                r = session.post(running.base_url + path, data=data, headers=headers, timeout=60)
                r.raise_for_status()
            baseline_s = time.perf_counter() - started
            session.close()

            depth = store.outbox_depth()
            started = time.perf_counter()
            result = OutboxSender(store.outbox, client).drain()
            drain_s = time.perf_counter() - started
            client.close()
            assert result.ok and store.outbox_depth() == 0, result.error
        finally:
            store.close()
    return {
        "submissions": n,
        "outbox_items_drained": depth,
        "queue_s": round(queue_s, 2),
        "submit_ms_each": round(1000 * queue_s / n, 2),
        "drain_s": round(drain_s, 2),
        "baseline_items_posted": len(items),
        "baseline_one_by_one_s": round(baseline_s, 2),
        "drain_ratio_vs_baseline": round(drain_s / baseline_s, 3),
        "drain_batches": result.batches,
        "target_ratio": 0.5,
    }


def bench_status_lookup(records: int, lookups: int = 20000) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "k.sqlite3", clock=SystemClock())
        try:
            day0 = date(2025, 1, 1)
            numbers: list[str] = []
            started = time.perf_counter()
            batch: list[dict[str, Any]] = []
            i = 0
            while i < records:
                day = day0 + timedelta(days=(i // 90000) % 700)
                term, seq = divmod(i % 90000, 9000)
                n = tracking.make(day, 100 + term + 10 * (i // (90000 * 700)), seq + 1)
                numbers.append(n)
                batch.append({"submission_id": f"s{i}", "tracking_number": n, "status": "accepted",
                              "updated_at": "2026-11-26T10:00:00+08:00", "certificate": None})
                i += 1
                if len(batch) == 20000:
                    store.apply_statuses(batch, str(i))
                    batch = []
            if batch:
                store.apply_statuses(batch, str(i))
            load_s = time.perf_counter() - started
            count = store.status_count()
            rng = random.Random(5)
            probes = [rng.choice(numbers) if rng.random() < 0.8 else tracking.make(date(2030, 1, 1), 9999, rng.randint(1, 9999))
                      for _ in range(lookups)]
            times: list[float] = []
            hits = 0
            for number in probes:
                t0 = time.perf_counter()
                found = store.find_by_tracking(number)
                times.append((time.perf_counter() - t0) * 1000)
                hits += found is not None
        finally:
            store.close()
    return {
        "cached_records": count,
        "load_s": round(load_s, 1),
        "lookups": lookups,
        "hit_rate": round(hits / lookups, 3),
        "lookup_p50_ms": round(statistics.median(times), 3),
        "lookup_p99_ms": round(_percentile(times, 99), 3),
        "lookup_max_ms": round(max(times), 3),
        "target_p99_ms": 5.0,
    }


def run(quick: bool) -> dict[str, Any]:
    drain = bench_drain(1000 if quick else 10000)
    lookup = bench_status_lookup(100_000 if quick else 1_000_000, lookups=5000 if quick else 20000)
    return {"quick": quick, **{f"drain.{k}": v for k, v in drain.items()},
            **{f"status.{k}": v for k, v in lookup.items()}}


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(quick="--quick" in sys.argv), indent=1, ensure_ascii=False))
