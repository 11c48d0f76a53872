"""SIGKILL at random points while a kiosk process submits and syncs against the real hub.

Afterwards: the database passes ``PRAGMA integrity_check``, every submission whose
``submit()`` returned is on the hub exactly once, and the hub holds nothing the
terminal does not know. A quick run is in the normal suite; ``-m long`` runs 200+ trials.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from sync.store import Store

REPO = Path(__file__).resolve().parents[2]


def _journal_ids(journal: Path) -> list[str]:
    if not journal.exists():
        return []
    lines = journal.read_text().splitlines()
    return [line for line in lines if line and line != "ready"]


def _run_trials(real_hub: Any, terminal_factory: Any, tmp_path: Path, trials: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    t = terminal_factory(real_hub.url, name="killed")
    t.enroll(real_hub.url, real_hub.new_token())
    terminal_id = t.store.keys.enrollment().terminal_id
    t.close()
    data_dir = t.settings.data_dir
    journal = tmp_path / "journal.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    kills_after_ready = []
    for trial in range(trials):
        before = journal.read_text().count("ready") if journal.exists() else 0
        proc = subprocess.Popen([sys.executable, "-m", "tests.sync.kill_worker", str(data_dir), real_hub.url,
                                 str(journal), str(seed * 1000 + trial)], cwd=REPO, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and proc.poll() is None:
            if journal.exists() and journal.read_text().count("ready") > before:
                break
            time.sleep(0.01)
        assert proc.poll() is None, proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        delay = rng.uniform(0.0, 0.6)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        proc.stderr.close()
        kills_after_ready.append(delay)
        con = sqlite3.connect(data_dir / "kiosk.sqlite3")
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok", f"trial {trial}"
        finally:
            con.close()
    promised = _journal_ids(journal)
    store = Store(data_dir / "kiosk.sqlite3", keys_dir=data_dir / "keys")
    try:
        assert store.integrity_check() == "ok"
        from contract.settings import Settings, SyncSettings
        from sync.service import SyncService

        service = SyncService(Settings(data_dir=data_dir, sync=SyncSettings(hub_url=real_hub.url)), store)
        for _ in range(5):
            store.requeue_quarantined()
            report = service.run_once()
            if store.outbox_depth() == 0:
                break
            time.sleep(0.1)
        # items left waiting for a backoff: deliver them now regardless
        if store.outbox_depth():
            with store.db.write() as conn:
                conn.exec_driver_sql("UPDATE outbox SET next_attempt_at = 0")
            report = service.run_once()
        service.close()
        assert store.outbox_depth() == 0 and store.quarantined() == [], report.errors
        with store.engine.connect() as conn:
            local = {r[0] for r in conn.exec_driver_sql("SELECT submission_id FROM submissions")}
    finally:
        store.close()
    hub_rows = real_hub.query("SELECT submission_id, count(*) FROM cases WHERE terminal_id = ? GROUP BY submission_id",
                              terminal_id)
    on_hub = dict(hub_rows)
    assert set(promised) <= local, "a submission whose receipt was promised is missing locally"
    assert set(on_hub) == local, "the hub and the terminal disagree about which submissions exist"
    assert all(n == 1 for n in on_hub.values())
    numbers = real_hub.query("SELECT count(*), count(DISTINCT tracking_number) FROM cases WHERE terminal_id = ?",
                             terminal_id)
    assert numbers[0][0] == numbers[0][1]
    return {"trials": trials, "promised": len(promised), "local": len(local), "on_hub": len(on_hub)}


@pytest.mark.slow
def test_sigkill_quick(real_hub: Any, terminal_factory: Any, tmp_path: Path) -> None:
    figures = _run_trials(real_hub, terminal_factory, tmp_path, trials=10, seed=1)
    assert figures["promised"] > 0


@pytest.mark.long
def test_sigkill_long(real_hub: Any, terminal_factory: Any, tmp_path: Path) -> None:
    figures = _run_trials(real_hub, terminal_factory, tmp_path, trials=int(os.environ.get("KIOSK_KILL_TRIALS", "200")),
                          seed=2)
    print(f"SIGKILL figures: {figures}")
    assert figures["promised"] > 0
