"""Long: damage at random offsets of the database file or its WAL, many times (``make test-long``).

Each trial: a store with sealed submissions pending (WAL folded in or not), random bytes
flipped in random places, then the kiosk's start. Whatever the damage: the start never
fails, the rebuilt store is sound and takes new submissions, no outbox id is invented or
doubled, and every pending submission is either salvaged under its own id or counted in
the report (nothing disappears without the alert saying so). Damage the quick start-up check
cannot see (an index entry, a byte inside a value) is left to the quiet-hour full check and to
the hub, which refuses a damaged sealed payload (the item is then quarantined, not lost).
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from contract.clock import SystemClock
from contract.settings import Settings
from sync.recovery import check, open_checked
from sync.store import Store

from .helpers import submit_many

pytestmark = pytest.mark.long

TRIALS = 40


@pytest.mark.parametrize("seed", range(TRIALS))
def test_random_damage_never_loses_anything_silently(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    settings = Settings(data_dir=tmp_path / "kiosk", mode="demo")
    store = Store(settings.db_path, keys_dir=settings.data_dir / "keys", clock=SystemClock())
    ids = submit_many(store, rng.randint(5, 40))
    if rng.random() < 0.5:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    image = tmp_path / "image"
    image.mkdir()
    for suffix in ("", "-wal", "-shm"):
        src = Path(f"{settings.db_path}{suffix}")
        if src.exists():
            shutil.copyfile(src, image / src.name)
    store.close()
    targets = [p for p in (image / "kiosk.sqlite3", image / "kiosk.sqlite3-wal") if p.exists() and p.stat().st_size]
    for _ in range(rng.randint(1, 6)):
        target = rng.choice(targets)
        data = bytearray(target.read_bytes())
        at = rng.randrange(len(data))
        for i in range(at, min(len(data), at + rng.choice((1, 16, 512, 4096)))):
            data[i] ^= rng.randrange(1, 256)
        target.write_bytes(data)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.db_path}{suffix}").unlink(missing_ok=True)
        if (image / f"kiosk.sqlite3{suffix}").exists():
            shutil.copyfile(image / f"kiosk.sqlite3{suffix}", Path(f"{settings.db_path}{suffix}"))

    store, report = open_checked(settings, SystemClock())
    try:
        assert check(settings.db_path) is None
        if report is not None:  # rebuilt: sound through and through (else only what quick_check sees, by design)
            assert store.integrity_check() == "ok"
        queued = [i.id for i in store.due_items(limit=1000)] + [q.id for q in store.quarantined()]
        assert len(queued) == len(set(queued))
        submissions = {i.id for i in store.due_items(limit=1000) if i.kind == "submission"}
        assert submissions <= set(ids)  # nothing invented
        missing = set(ids) - submissions - {q.id for q in store.quarantined()}
        if missing:
            assert report is not None, "submissions gone without a recovery report"
            assert report.payloads_lost + report.rows_unreadable + (1 if report.error else 0) > 0
        submit_many(store, 1)  # the rebuilt terminal works
    finally:
        store.close()
