"""A full disk for real: a tmpfs of 400 KB as the data directory of an enrolled terminal.

Submissions until the disk is full: every one that was accepted has its sealed payload and
its journalled receipt, the one that failed has neither (no receipt without a durable
record) and fails as ``STO-FULL``, the heartbeat says so and a call for staff still reaches
the hub; then space is freed (the tmpfs grown) and one sync delivers everything exactly once.
Needs root (``mount``); skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.storage_faults import Fault, StorageFault
from kiosk.submission import CaseStatus
from sync.storage_health import assess

from .conftest import Terminal
from .helpers import identity, submit_many

pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "small"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k,mode=700", "tmpfs", str(mnt)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True, check=False)


def test_submissions_until_full_then_space_then_sync(small_disk: Path, real_hub: Any) -> None:
    t = Terminal(small_disk / "kiosk", real_hub.url)
    try:
        terminal_id = t.enroll(real_hub.url, real_hub.new_token()).terminal_id
        ids: list[str] = []
        states: list[str] = []
        failure: StorageFault | None = None
        for _ in range(200):
            states.append(assess(t.settings.data_dir, store=t.store).state)
            try:
                ids += submit_many(t.store, 1)
            except StorageFault as exc:
                failure = exc
                break
        assert failure is not None and failure.fault == Fault.FULL and failure.code == "STO-FULL"
        assert ids and states[0] == "ok" and states[-1] == "low"  # the warning came before the failure
        assert assess(t.settings.data_dir, store=t.store).state == "full"

        # nothing half-stored: each accepted submission has its stub, payload and receipt; the failed one none
        stubs = t.store.find_by_id_number(identity().id_number)
        assert sorted(s.submission_id for s in stubs) == sorted(ids)
        receipts = [j for j in t.store.jobs() if j.kind == "receipt"]
        assert sorted(j.tracking_number for j in receipts) == sorted(s.tracking_number for s in stubs)
        queued = {i.id for i in t.store.due_items(limit=1000)}
        assert set(ids) <= queued

        # staff are called even though nothing can be queued, and the hub sees the full disk
        assert t.service.deliver_now("call_staff", {"at": t.store.clock.now().isoformat(), "screen": "review"})
        t.service.run_once()
        calls = real_hub.query("SELECT count(*) FROM outbox_items WHERE kind = 'call_staff' AND terminal_id = ?",
                               terminal_id)
        assert calls == [(1,)]
        (heartbeat,) = real_hub.query("SELECT heartbeat FROM terminals WHERE id = ?", terminal_id)[0]
        hb = json.loads(heartbeat) if isinstance(heartbeat, str) else heartbeat
        assert hb["storage"]["state"] == "full" and hb["storage"]["code"] == "STO-FULL"

        # space comes back: the next submission goes through and one round delivers everything once
        subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True, capture_output=True)
        ids += submit_many(t.store, 1)
        report = t.service.run_once()
        assert report.ok, report.errors
        assert t.store.outbox_depth() == 0
        assert assess(t.settings.data_dir, store=t.store).state == "ok"
        assert all(s.status is CaseStatus.RECEIVED for s in t.store.find_by_id_number(identity().id_number))
    finally:
        t.close()
    marks = ",".join("?" * len(ids))
    rows = real_hub.query(f"SELECT submission_id, count(*) FROM cases WHERE submission_id IN ({marks}) "
                          "GROUP BY submission_id", *ids)
    assert dict(rows) == {i: 1 for i in ids}
