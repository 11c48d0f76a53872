"""A corrupted database at start (header, a table's pages, the WAL) with sealed submissions pending.

Each test: an enrolled terminal on a real file system queues sealed submissions; its files are
copied while it runs (a power cut: committed transactions still in the WAL), then damaged;
the kiosk's start-up check finds it, moves it aside, salvages it and the submissions reach the
real hub (``hub.testing.run_hub``) exactly once, even those the hub already had. The hub's
database is the witness: the cases, the ``storage.recovered`` audit item and the fleet alert.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contract.clock import SystemClock
from sync import salvage
from sync.keys import KeyRing
from sync.recovery import check, open_checked
from sync.service import SyncService
from sync.store import Store
from ui.main import main as kiosk_main

from .helpers import identity, submit_many

pytestmark = pytest.mark.slow

FILES = ("kiosk.sqlite3", "kiosk.sqlite3-wal", "kiosk.sqlite3-shm")


def _power_cut_copy(t: Any, dest: Path, checkpoint: bool) -> None:
    """The data directory's database as a power cut would leave it (the WAL not folded in unless asked)."""
    if checkpoint:
        with t.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    dest.mkdir()
    for name in FILES:
        if (t.settings.data_dir / name).exists():
            shutil.copyfile(t.settings.data_dir / name, dest / name)


def _pages_of(db: Path, table: str, kind: str = "leaf") -> list[int]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno",
                                          (table, kind))]
    finally:
        con.close()


def _xor(path: Path, offset: int, length: int, step: int = 1) -> None:
    data = bytearray(path.read_bytes())
    for i in range(offset, offset + length, step):
        data[i] ^= 0x5A
    path.write_bytes(data)


def damage_header(image: Path) -> None:
    _xor(image / FILES[0], 0, 20)  # the magic and the page size


def damage_table_pages(image: Path) -> None:
    """The audit log's pages (not sealed, not promised to anyone): every 7th byte of two leaves flipped."""
    for page in _pages_of(image / FILES[0], "audit_log")[:2]:
        _xor(image / FILES[0], (page - 1) * 4096, 4096, 7)


def damage_wal(image: Path) -> None:
    """Bytes flipped inside an early WAL frame: SQLite would silently drop every later commit."""
    wal = image / FILES[1]
    page_size = struct.unpack(">I", wal.read_bytes()[8:12])[0]
    frame = salvage.wal_report(wal).frames // 4
    _xor(wal, salvage.WAL_HEADER + frame * (salvage.FRAME_HEADER + page_size) + salvage.FRAME_HEADER + 100, 64)


def damage_outbox_interior(image: Path) -> None:
    """The outbox's interior (root) page destroyed: no query reaches any queued item any more."""
    (page,) = _pages_of(image / FILES[0], "outbox", "internal")[:1]
    _xor(image / FILES[0], (page - 1) * 4096, 4096)


CASES: dict[str, tuple[bool, Callable[[Path], None]]] = {
    "header": (True, damage_header),
    "table_pages": (True, damage_table_pages),
    "outbox_interior": (True, damage_outbox_interior),
    "wal": (False, damage_wal),
}


def _hub_counts(real_hub: Any, ids: list[str]) -> dict[str, int]:
    marks = ",".join("?" * len(ids))
    return dict(real_hub.query(f"SELECT submission_id, count(*) FROM cases WHERE submission_id IN ({marks}) "
                               "GROUP BY submission_id", *ids))


def _start_after(real_hub: Any, terminal_factory: Any, tmp_path: Path, checkpoint: bool,
                 damage: Callable[[Path], None]) -> tuple[Any, list[str], str, Path]:
    """An enrolled terminal, 3 submissions delivered, 9 more queued; the power-cut image damaged in place."""
    t = terminal_factory(real_hub.url)
    enrollment = t.enroll(real_hub.url, real_hub.new_token())
    ids = submit_many(t.store, 3)
    assert t.service.run_once().ok
    ids += submit_many(t.store, 9)
    image = tmp_path / "power-cut"
    _power_cut_copy(t, image, checkpoint)
    assert t.service.run_once().ok  # the hub now holds all 12: the image still has 9 queued (a lost answer)
    assert _hub_counts(real_hub, ids) == {i: 1 for i in ids}
    t.close()
    damage(image)
    for name in FILES:
        (t.settings.data_dir / name).unlink(missing_ok=True)
        if (image / name).exists():
            shutil.copyfile(image / name, t.settings.data_dir / name)
    return t, ids, enrollment.terminal_id, image


@pytest.mark.parametrize("case", sorted(CASES))
def test_corruption_at_start_loses_nothing_promised(case: str, real_hub: Any, terminal_factory: Any, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    checkpoint, damage = CASES[case]
    t, ids, terminal_id, _image = _start_after(real_hub, terminal_factory, tmp_path, checkpoint, damage)
    data = t.settings.data_dir
    damaged_bytes = {n: (data / n).read_bytes() for n in FILES if (data / n).exists()}
    assert check(data / FILES[0]) is not None

    # the CLI sees it and says so, and leaves the files alone
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    capsys.readouterr()
    assert kiosk_main(["sync", "status", "--json"]) == 1
    status = json.loads(capsys.readouterr().out)
    assert status["storage"]["state"] == "damaged" and "STO-CORRUPT" in status["last_error"]
    assert kiosk_main(["diag", "storage", "--json"]) == 1
    storage = json.loads(capsys.readouterr().out)["components"][0]
    assert storage["code"] == "STO-CORRUPT" and "restart the kiosk" in storage["detail"]
    assert {n: (data / n).read_bytes() for n in damaged_bytes} == damaged_bytes

    # the kiosk's start: told before it recovers, then a sound store
    told: list[Any] = []
    store, report = open_checked(t.settings, SystemClock(), told.append)
    try:
        assert told and told[0].code == "STO-CORRUPT" and report is not None
        assert check(data / FILES[0]) is None and store.integrity_check() == "ok"
        kept = data / report.moved_to
        assert {n: (kept / n).read_bytes() for n in damaged_bytes} == damaged_bytes  # moved aside, not changed
        assert json.loads((kept / "report.json").read_text())["outbox_recovered"] == report.outbox_recovered
        assert report.payloads_lost == 0 and report.outbox_damaged == 0 and report.error is None
        assert report.tables["outbox"]["unreadable"] == 0 and report.print_jobs_recovered == 12
        assert store.keys.enrollment() is not None and store.keys.enrollment().terminal_id == terminal_id
        assert (data / "keys" / KeyRing.TERMINAL_KEY).exists()

        service = SyncService(t.settings, store, clock=store.clock)
        try:
            first = service.run_once()
            assert first.ok, first.errors
            more = submit_many(store, 2)  # the rebuilt terminal takes new submissions with new numbers
            assert service.run_once().ok
        finally:
            service.close()
        assert store.outbox_depth() == 0
        numbers = [s.tracking_number for s in store.find_by_id_number(identity().id_number)]
        assert len(numbers) == len(set(numbers)) == 14
    finally:
        store.close()
    assert _hub_counts(real_hub, ids + more) == {i: 1 for i in ids + more}
    events = [json.loads(b) if isinstance(b, str) else b for (b,) in real_hub.query(
        "SELECT body FROM outbox_items WHERE kind = 'audit' AND terminal_id = ?", terminal_id)]
    recovered = [e for e in events if e.get("event") == "storage.recovered"]
    assert len(recovered) == 1 and recovered[0]["detail"]["outbox_recovered"] == report.outbox_recovered
    (heartbeat,) = real_hub.query("SELECT heartbeat FROM terminals WHERE id = ?", terminal_id)[0]
    hb = json.loads(heartbeat) if isinstance(heartbeat, str) else heartbeat
    assert hb["storage"]["state"] == "recovered" and hb["storage"]["code"] == "STO-RECOVERED"
    from hub.fleet import heartbeat_alerts

    assert "storage_recovered" in {a["code"] for a in heartbeat_alerts(hb)}


def test_a_destroyed_outbox_page_is_counted_as_lost_and_the_rest_delivered(
        real_hub: Any, terminal_factory: Any, tmp_path: Path) -> None:
    """What sat in a page that no longer reads is gone: the report counts it, exactly, for the alert."""
    def destroy(image: Path) -> None:
        leaves = _pages_of(image / FILES[0], "outbox")
        _xor(image / FILES[0], (leaves[len(leaves) // 2] - 1) * 4096, 4096)

    t, _ids, _terminal_id, _image = _start_after(real_hub, terminal_factory, tmp_path, True, destroy)
    store, report = open_checked(t.settings, SystemClock())
    try:
        assert report is not None and report.payloads_lost > 0
        assert report.tables["outbox"]["unreadable"] >= report.payloads_lost
        assert report.outbox_recovered + report.tables["outbox"]["unreadable"] >= 9 + 9  # submissions + their audits
        health = json.loads(store.get_state("storage_recovery") or "{}")
        assert health["payloads_lost"] == report.payloads_lost
    finally:
        store.close()


def test_a_rebuild_cut_short_is_done_again_at_the_next_start(tmp_path: Path) -> None:
    """Power lost while rebuilding: the damaged copy is there without its report, and a half-built file."""
    from contract.settings import Settings
    from sync.recovery import DAMAGE_FILE, REPORT_FILE, move_aside, unfinished

    settings = Settings(data_dir=tmp_path / "kiosk", mode="demo")
    store = Store(settings.db_path, keys_dir=settings.data_dir / "keys")
    ids = submit_many(store, 5)
    image = tmp_path / "power-cut"
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    image.mkdir()
    shutil.copyfile(settings.db_path, image / FILES[0])
    store.close()
    damage_table_pages(image)
    shutil.copyfile(image / FILES[0], settings.db_path)
    dest = move_aside(settings.db_path, SystemClock().now())  # what recover() does first...
    (dest / DAMAGE_FILE).write_text(json.dumps({"code": "STO-CORRUPT", "detail": "test"}))
    (settings.data_dir / "kiosk.sqlite3.rebuilding").write_bytes(b"half a database")  # ...then the power went
    assert unfinished(settings.db_path) == dest
    told: list[Any] = []
    store, report = open_checked(settings, SystemClock(), told.append)
    try:
        assert told and report is not None and report.outbox_recovered > 0 and (dest / REPORT_FILE).exists()
        assert unfinished(settings.db_path) is None
        assert {i.id for i in store.due_items(limit=100)} >= set(ids)
        assert not (settings.data_dir / "kiosk.sqlite3.rebuilding").exists()
    finally:
        store.close()


def test_statement_failures_are_classified(tmp_path: Path) -> None:
    from sqlalchemy.exc import IntegrityError

    from kiosk.storage_faults import Fault, as_fault, classify

    db = tmp_path / "x.sqlite3"
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
    con.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(db, timeout=0.05)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("INSERT INTO t VALUES (1)")
    assert classify(locked.value) == Fault.LOCKED
    con.execute("ROLLBACK")
    ro = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as readonly:
        ro.execute("INSERT INTO t VALUES (1)")
    assert classify(readonly.value) == Fault.READONLY
    (tmp_path / "junk.sqlite3").write_bytes(b"not a database at all" * 300)
    with pytest.raises(sqlite3.DatabaseError) as notadb:
        sqlite3.connect(tmp_path / "junk.sqlite3").execute("SELECT * FROM sqlite_master")
    fault = as_fault(notadb.value)
    assert fault is not None and fault.fault == Fault.CORRUPT and fault.code == "STO-CORRUPT"
    con.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.IntegrityError) as dup:
        con.execute("INSERT INTO t VALUES (1)")
    assert classify(dup.value) is None  # a programming error, not the storage
    assert classify(IntegrityError("x", {}, dup.value)) is None
    assert classify(OSError(28, "No space left on device")) == Fault.FULL
    for c in (con, other, ro):
        c.close()


def test_the_quiet_hour_full_check_finds_what_the_quick_one_cannot(tmp_path: Path) -> None:
    """An index out of step with its table passes ``quick_check``; the nightly full check finds it,
    the heartbeat says "damaged", and the next start rebuilds the database."""
    import re
    from datetime import datetime

    from contract.clock import BEIJING, FakeClock
    from contract.settings import Settings
    from sync.storage_health import assess

    settings = Settings(data_dir=tmp_path / "kiosk", mode="demo")
    clock = FakeClock(datetime(2026, 11, 26, 10, 0, tzinfo=BEIJING))  # the quiet hour is the terminal's local time
    store = Store(settings.db_path, keys_dir=settings.data_dir / "keys", clock=clock)
    ids = submit_many(store, 3)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    (page,) = _pages_of(settings.db_path, "ix_submissions_person_key")
    data = bytearray(settings.db_path.read_bytes())
    key = re.search(rb"[0-9a-f]{64}", bytes(data[(page - 1) * 4096:page * 4096]))
    assert key is not None
    at = (page - 1) * 4096 + key.end() - 1
    data[at] = ord("0") if data[at] != ord("0") else ord("1")  # one hex digit of one index key
    settings.db_path.write_bytes(data)
    assert check(settings.db_path) is None  # the start-up check cannot see it

    store = Store(settings.db_path, keys_dir=settings.data_dir / "keys", clock=clock)
    service = SyncService(settings, store, clock=clock)
    try:
        service.run_once(heartbeat=False)  # 10:00, not the quiet hour: nothing checked
        assert store.get_state("integrity_checked_on") is None
        clock.jump(17 * 3600)  # 03:00 the next night
        service.run_once(heartbeat=False)
        assert store.get_state("integrity_checked_on") == "2026-11-27"
        assert assess(settings.data_dir, store=store).state == "damaged"
        assert service.heartbeat_body()["storage"]["state"] == "damaged"
    finally:
        service.close()
        store.close()
    damage = check(settings.db_path)
    assert damage is not None and "full integrity check" in damage.detail
    store, report = open_checked(settings, clock)
    try:
        assert report is not None and report.error is None and store.integrity_check() == "ok"
        assert {i.id for i in store.due_items(limit=100)} >= set(ids)
    finally:
        store.close()
    assert check(settings.db_path) is None


def test_the_kiosk_start_shows_out_of_service_while_it_recovers(tmp_path: Path) -> None:
    """``build_services`` (what ``kiosk demo`` runs) checks the store first and calls the hook before recovering."""
    from contract.clock import FakeClock
    from contract.settings import load_settings
    from terminal.bootstrap import build_services
    from terminal.diag.checks import DiagContext, check_storage

    config = tmp_path / "kiosk.toml"
    config.write_text(f'mode = "demo"\ndata_dir = "{tmp_path / "kiosk"}"\n[idcard]\ndriver = "fake"\n'
                      '[printer]\ndriver = "fake"\n[scanner]\ndriver = "none"\n', encoding="utf-8")
    settings = load_settings(config)
    store = Store(settings.db_path, keys_dir=settings.data_dir / "keys")
    ids = submit_many(store, 4)
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    damage_header(settings.data_dir)
    shown: list[Any] = []
    services = build_services(settings, FakeClock(), on_recovering=shown.append)
    try:
        assert len(shown) == 1 and shown[0].code == "STO-CORRUPT"
        assert services.storage_recovery.outbox_recovered >= 4
        assert {i.id for i in services.store.due_items(limit=100)} >= set(ids)
        result = check_storage(DiagContext(settings=settings, store=services.store, clock_now=services.clock.now))
        assert result.code == "STO-RECOVERED" and "Next:" in result.detail and "salvaged" in result.detail
    finally:
        services.close()
