"""Storage benchmarks (issue 22): the start-up check and the recovery of a damaged 1 GB database.

A terminal's database is filled to about 1 GB (quick: about 100 MB) the way a busy one
looks after months: a large status cache, bundle blobs, a long audit log, print jobs and
20,000 (quick: 2,000) sealed submissions still queued. Then:

1. ``sync.recovery.check`` on the sound file (the cost of every start), as a ratio to one
   sequential read of the file in the same run (the floor for anything that reads it all).
2. Pages of the status cache and of the outbox destroyed, then ``sync.recovery.recover``:
   the time, as a ratio to a plain file copy of the database in the same run, and what was
   salvaged and lost per table.

Run: ``python -m benchmarks --only storage`` (``--quick`` for the 100 MB variant).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from benchmarks.bench_sync import _queue_submissions
from contract.clock import SystemClock
from sync.recovery import check, recover
from sync.store import Store


def _fill(store: Store, target_mb: int, queued: int) -> None:
    """Rows straight into the tables (the store's own code made one real sealed submission to copy)."""

    _queue_submissions(store, 1)
    con = sqlite3.connect(store.path, isolation_level=None)
    try:
        con.execute("PRAGMA synchronous=OFF")
        (body,) = con.execute("SELECT body FROM outbox WHERE kind = 'submission'").fetchone()
        (doc,) = con.execute("SELECT document FROM print_jobs").fetchone()
        now = store.clock.now().isoformat()
        con.execute("BEGIN")
        con.executemany("INSERT INTO outbox (id, kind, created_at, body, sealed_to, state, attempts, next_attempt_at) "
                        "VALUES (?, 'submission', ?, ?, NULL, 'queued', 0, 0)",
                        [(str(uuid.uuid4()), now, body) for _ in range(queued)])
        con.executemany("INSERT INTO print_jobs (kind, tracking_number, state, created_at, attempts, document) "
                        "VALUES ('receipt', NULL, 'done', ?, 1, ?)", [(now, doc)] * queued)
        con.executemany("INSERT INTO audit_log (event, at, detail, staff_id) VALUES ('status.lookup', ?, ?, NULL)",
                        [(now, json.dumps({"found": True, "n": k})) for k in range(queued * 10)])
        con.execute("COMMIT")
        blob = os.urandom(1 << 20)
        i = 0
        while store.path.stat().st_size < target_mb * 2**20 * 0.6:
            con.execute("BEGIN")
            con.executemany("INSERT INTO blobs (sha256, size, data) VALUES (?, ?, ?)",
                            [(f"{i * 20 + k:064x}", len(blob), blob) for k in range(20)])
            con.execute("COMMIT")
            i += 1
        n = 0
        while store.path.stat().st_size < target_mb * 2**20:
            con.execute("BEGIN")
            con.executemany("INSERT INTO status_cache (tracking_number, submission_id, status, updated_at, certificate) "
                            "VALUES (?, ?, 'received', ?, NULL)",
                            [(f"{n + k:015d}", str(uuid.uuid4()), now) for k in range(100_000)])
            con.execute("COMMIT")
            n += 100_000
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _destroy(db: Path, table: str, count: int) -> None:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        pages = [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,))]
        (page_size,) = con.execute("PRAGMA page_size").fetchone()
    finally:
        con.close()
    step = max(1, len(pages) // count)
    with db.open("r+b") as f:
        for page in pages[step // 2::step][:count]:
            f.seek((page - 1) * page_size)
            f.write(os.urandom(page_size))


def run(quick: bool = False) -> dict[str, Any]:
    target_mb, queued = (100, 2_000) if quick else (1024, 20_000)
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as tmp:
        data = Path(tmp)
        store = Store(data / "kiosk.sqlite3", keys_dir=data / "keys", clock=SystemClock())
        t0 = time.perf_counter()
        _fill(store, target_mb, queued)
        fill_s = time.perf_counter() - t0
        store.close()
        db = data / "kiosk.sqlite3"
        size_mb = db.stat().st_size / 2**20

        t0 = time.perf_counter()
        with db.open("rb") as f:
            while f.read(1 << 20):
                pass
        read_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        assert check(db) is None
        check_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        shutil.copyfile(db, data / "copy.sqlite3")
        copy_s = time.perf_counter() - t0
        (data / "copy.sqlite3").unlink()

        _destroy(db, "status_cache", 20)
        _destroy(db, "outbox", 5)
        damage = check(db)
        assert damage is not None
        report = recover(db, damage, keys_dir=data / "keys")
        return {
            "db_mb": round(size_mb),
            "fill_s": round(fill_s, 1),
            "start_check_s": round(check_s, 2),
            "start_check_vs_sequential_read": round(check_s / read_s, 2),
            "recovery_s": round(report.seconds, 1),
            "recovery_vs_file_copy": round(report.seconds / copy_s, 1),
            "outbox_recovered": report.outbox_recovered,
            "outbox_queued_before": queued + 1,
            "outbox_lost": queued + 1 - report.outbox_recovered,
            "payloads_lost": report.payloads_lost,
            "rows_unreadable": report.rows_unreadable,
            "tables": report.tables,
            "error": report.error,
        }
