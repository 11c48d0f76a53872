"""The SQLite store beyond the shared contract: durability settings, migrations, sealing, outbox rows."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from contract import crypto
from contract.clock import FakeClock
from kiosk.submission import CaseStatus
from sync.keys import Enrollment, KeyRing
from sync.store import Store
from sync.submissions import NotEnrolledError

from .helpers import SAMPLE_ID, SAMPLE_NAME, audit, identity, new_submission, receipt_factory


def _submit(store: Store, ident=None):
    ident = ident or identity()
    return store.submit(new_submission(ident), receipt_factory(ident, store.clock), audit(store.clock))


def _enroll(keys_dir: Path, sealing_pub: bytes, terminal_no: int = 17) -> None:
    KeyRing(keys_dir).save_enrollment(Enrollment(
        hub_url="http://127.0.0.1:1", terminal_id="t-17", terminal_no=terminal_no, district="历下区",
        community="示例社区", sealing_key=sealing_pub, bundle_keys={}, enrolled_at="2026-11-26T09:00:00+00:00"))


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock())
    yield s
    s.close()


def test_pragmas_and_schema_version(store: Store) -> None:
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("synchronous") == 2  # FULL
    assert store.pragma("foreign_keys") == 1
    assert store.pragma("busy_timeout") >= 1000
    assert store.schema_version == "0001"
    assert store.integrity_check() == "ok"


def test_fresh_database_needs_no_copy_and_reopen_does_not_migrate(tmp_path: Path) -> None:
    s = Store(tmp_path / "k.sqlite3")
    assert s.backup_path is None
    s.close()
    s = Store(tmp_path / "k.sqlite3")
    assert s.backup_path is None and s.schema_version == "0001"
    s.close()
    assert not list(tmp_path.glob("*.bak"))


def test_migration_copies_the_database_first(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    con = sqlite3.connect(path)  # a database from before the first migration, holding something
    con.execute("CREATE TABLE legacy (x TEXT)")
    con.execute("INSERT INTO legacy VALUES ('keep me')")
    con.commit()
    con.close()
    s = Store(path)
    try:
        assert s.backup_path is not None and s.backup_path.exists()
        copy = sqlite3.connect(s.backup_path)
        assert copy.execute("SELECT x FROM legacy").fetchall() == [("keep me",)]
        assert copy.execute("SELECT name FROM sqlite_master WHERE name='outbox'").fetchall() == []
        copy.close()
        assert s.schema_version == "0001"
    finally:
        s.close()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "k.sqlite3"
    Store(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="newer"):
        Store(path)


def test_submit_writes_one_outbox_item_per_kind_in_one_transaction(store: Store) -> None:
    stub = _submit(store)
    items = store.due_items()
    assert sorted(i.kind for i in items) == ["audit", "submission"]
    sub = next(i for i in items if i.kind == "submission")
    assert sub.id == stub.submission_id
    assert set(sub.body) == {"submission_id", "tracking_number", "service_id", "form_id", "form_version",
                             "language", "sealed_payload"}
    assert store.outbox_depth() == 2


def test_payload_is_sealed_to_pending_key_before_enrolment_and_opens(store: Store) -> None:
    _submit(store)
    sub = next(i for i in store.due_items() if i.kind == "submission")
    pending = store.keys.pending_sealing_key(create=False)
    assert pending is not None
    payload = json.loads(crypto.open_sealed(pending, crypto.b64d(sub.body["sealed_payload"])))
    assert payload["identity"]["name"] == SAMPLE_NAME and payload["identity"]["id_number"] == SAMPLE_ID
    assert payload["answers"]["when"] == "2026-01-02"


def test_production_refuses_to_submit_before_enrolment(tmp_path: Path) -> None:
    s = Store(tmp_path / "k.sqlite3", clock=FakeClock(), allow_local_seal=False)
    try:
        with pytest.raises(NotEnrolledError):
            _submit(s)
        assert s.outbox_depth() == 0 and s.jobs() == []
    finally:
        s.close()


def test_enrolment_reseals_pending_payloads_and_wipes_the_pending_key(tmp_path: Path) -> None:
    s = Store(tmp_path / "k.sqlite3", clock=FakeClock())
    try:
        _submit(s)
        _submit(s)
        platform = crypto.new_sealing_key()
        _enroll(s.keys.dir, crypto.public_bytes(platform))
        assert s.reseal_pending() == 2
        assert not (s.keys.dir / KeyRing.PENDING_SEAL_KEY).exists()
        subs = [i for i in s.due_items() if i.kind == "submission"]
        assert len(subs) == 2
        for item in subs:
            assert item.sealed_to == crypto.key_id(crypto.public_bytes(platform))
            opened = json.loads(crypto.open_sealed(platform, crypto.b64d(item.body["sealed_payload"])))
            assert opened["identity"]["id_number"] == SAMPLE_ID
        stub = _submit(s)  # after enrolment: sealed straight to the platform, numbered as terminal 17
        assert stub.tracking_number[6:10] == "0017"
        assert not (s.keys.dir / KeyRing.PENDING_SEAL_KEY).exists()
    finally:
        s.close()


def test_delivery_deletes_payload_keeps_stub_and_purges_after_retention(store: Store) -> None:
    stub = _submit(store)
    ids = [i.id for i in store.due_items()]
    assert store.mark_delivered(ids) == 2
    assert store.outbox_depth() == 0
    kept = store.find_by_tracking(stub.tracking_number)
    assert kept is not None and kept.status is CaseStatus.RECEIVED
    assert store.find_by_id_number(SAMPLE_ID) == [kept]
    store.clock.advance(10 * 86400)
    assert store.purge(30) == 0
    store.clock.advance(25 * 86400)
    assert store.purge(30) == 1
    assert store.find_by_tracking(stub.tracking_number) is None


def test_pending_stub_is_never_purged(store: Store) -> None:
    stub = _submit(store)
    store.clock.advance(400 * 86400)
    assert store.purge(30) == 0
    assert store.find_by_tracking(stub.tracking_number) is not None


def test_quarantine_sets_item_aside_with_reason(store: Store) -> None:
    a = store.enqueue("rating", {"score": 5})
    b = store.enqueue("queue_ticket", {"ticket": "A012"})
    store.quarantine(a, "422 invalid_body: score out of range")
    assert [i.id for i in store.due_items()] == [b]
    q = store.quarantined()
    assert [(x.id, x.reason) for x in q] == [(a, "422 invalid_body: score out of range")]
    assert store.outbox_depth() == 1
    assert store.requeue_quarantined(a) == 1 and store.outbox_depth() == 2


def test_unknown_kind_and_direct_submission_are_refused(store: Store) -> None:
    with pytest.raises(ValueError):
        store.enqueue("gossip", {})
    with pytest.raises(ValueError):
        store.enqueue("submission", {})


def test_retry_delays_items(store: Store) -> None:
    a = store.enqueue("vote", {"topic": "t1", "choice": "yes"})
    store.mark_retry({a: 30.0}, "timeout")
    assert store.due_items() == []
    store.clock.advance(31)
    assert [i.id for i in store.due_items()] == [a]
    assert store.due_items()[0].attempts == 1


def test_status_cache_lookup_for_other_terminals(store: Store) -> None:
    stub = _submit(store)
    n = store.apply_statuses([
        {"submission_id": stub.submission_id, "tracking_number": stub.tracking_number, "status": "approved",
         "updated_at": "2026-11-27T10:00:00+08:00",
         "certificate": {"number": "C1", "title": "证明", "body": "兹证明 欧阳测试 ...", "verify_url": "https://v/1"}},
        {"submission_id": "x-2", "tracking_number": "261126000300012", "status": "needs_info",
         "updated_at": "2026-11-27T10:00:00+08:00", "certificate": None},
        {"submission_id": "x-3", "tracking_number": "261126000300020", "status": "bogus", "updated_at": ""},
    ], cursor="c-2")
    assert n == 2
    assert store.get_state("status_cursor") == "c-2"
    mine = store.find_by_tracking(stub.tracking_number)
    assert mine.status is CaseStatus.APPROVED and mine.certificate_available
    assert store.certificate_for(stub.tracking_number) == {"number": "C1", "title": "证明", "verify_url": "https://v/1",
                                                           "body": "兹证明 欧阳测试 ..."}
    with store.engine.connect() as conn:
        raw = conn.exec_driver_sql("SELECT certificate FROM status_cache").scalars().all()
    assert raw and not any("欧阳测试" in (r or "") for r in raw)
    other = store.find_by_tracking("261126000300012")
    assert other is not None and other.status is CaseStatus.NEEDS_INFO
    assert store.find_by_tracking("261126000300020") is None


def test_concurrent_writers_share_the_file(tmp_path: Path) -> None:
    a = Store(tmp_path / "k.sqlite3", clock=FakeClock())
    b = Store(tmp_path / "k.sqlite3", clock=FakeClock())
    errors: list[BaseException] = []

    def work(s: Store) -> None:
        try:
            for _ in range(25):
                _submit(s)
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in (a, b, a)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert errors == []
        numbers = [s.tracking_number for s in a.find_by_id_number(SAMPLE_ID)]
        assert len(numbers) == 75 == len(set(numbers))
        assert a.integrity_check() == "ok"
    finally:
        a.close()
        b.close()


def test_sqlite3_finds_no_personal_data_in_clear(tmp_path: Path) -> None:
    from .test_store_pages import MATERIALS, submit_with_pages

    s = Store(tmp_path / "k.sqlite3", clock=FakeClock())
    try:
        for _ in range(5):
            _submit(s)
        submit_with_pages(s)  # photographed papers: sealed like the answers
    finally:
        s.close()
    assert shutil.which("sqlite3"), "the sqlite3 command-line shell is required (Debian package sqlite3)"
    dump = subprocess.run(["sqlite3", str(tmp_path / "k.sqlite3"), ".dump"], capture_output=True, check=True,
                          timeout=60).stdout.decode("utf-8")
    assert "INSERT INTO outbox" in dump and "INSERT INTO submissions" in dump  # the dump is real
    for secret in (SAMPLE_NAME, SAMPLE_ID, SAMPLE_ID[6:14], "13800138000", "测试路", "测试理由"):
        assert secret not in dump
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("k.sqlite3*"))
    for secret in (SAMPLE_NAME, SAMPLE_ID, "13800138000"):
        assert secret.encode("utf-8") not in raw
    pages = [page.data for m in MATERIALS for page in m.pages]
    assert pages
    for data in pages:  # no stretch of a page's bytes, raw or as the base64 a JSON body would hold
        for at in range(0, len(data) - 48, len(data) // 24 * 3):  # multiples of 3: base64 stays aligned
            assert data[at:at + 48] not in raw
            assert crypto.b64e(data[at:at + 48]).encode() not in raw and crypto.b64e(data[at:at + 48]) not in dump


def test_models_match_the_migrations(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from sync.models import metadata

    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []
