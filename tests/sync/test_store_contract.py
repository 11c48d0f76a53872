"""One contract, two implementations: kiosk.memstore.MemoryStore (the fake) and sync.store.Store (real).

Every test here runs against both, so the fake the UI tests use cannot drift from the real store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract import tracking
from contract.clock import FakeClock
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.memstore import MemoryStore
from kiosk.receipt_codec import receipt_from_json
from kiosk.submission import CaseStatus
from sync.store import Store

from .helpers import OTHER_ID, SAMPLE_ID, audit, identity, new_submission, receipt_factory


def _audit_events(store: Any) -> list[str]:
    if isinstance(store, MemoryStore):
        return [r.event.value for r in store.audit]
    return [e[0] for e in store.audit_events()]


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    clock = FakeClock()
    if request.param == "memory":
        yield MemoryStore(clock, terminal_no=17)
    else:
        s = Store(tmp_path / "kiosk.sqlite3", clock=clock, terminal_no=17)
        yield s
        s.close()


def _clock(store: Any) -> FakeClock:
    return store._clock if isinstance(store, MemoryStore) else store.clock


def _submit(store: Any, ident=None):
    ident = ident or identity()
    clock = _clock(store)
    return store.submit(new_submission(ident), receipt_factory(ident, clock), audit(clock))


def test_submit_returns_pending_stub_with_valid_tracking_number(store: Any) -> None:
    stub = _submit(store)
    assert stub.status is CaseStatus.PENDING
    assert tracking.is_valid(stub.tracking_number)
    assert stub.tracking_number == tracking.make(_clock(store).now().date(), 17, 1)
    assert stub.service_id == "elderly-allowance" and stub.form_version == 3


def test_sequence_counts_per_day_and_restarts_next_day(store: Any) -> None:
    numbers = [_submit(store).tracking_number for _ in range(3)]
    assert [n[10:14] for n in numbers] == ["0001", "0002", "0003"]
    _clock(store).advance(86400)
    nxt = _submit(store).tracking_number
    assert nxt[10:14] == "0001" and nxt[:6] != numbers[0][:6]


def test_find_by_tracking_normalises_and_misses(store: Any) -> None:
    stub = _submit(store)
    assert store.find_by_tracking(tracking.pretty(stub.tracking_number)) == stub
    assert store.find_by_tracking(stub.tracking_number) == stub
    assert store.find_by_tracking(tracking.make(_clock(store).now().date(), 17, 99)) is None


def test_find_by_id_number_is_per_person(store: Any) -> None:
    a1 = _submit(store)
    b = _submit(store, identity("李四", OTHER_ID))
    a2 = _submit(store)
    mine = store.find_by_id_number(SAMPLE_ID.lower())
    assert [s.tracking_number for s in mine] == [a1.tracking_number, a2.tracking_number]
    assert [s.tracking_number for s in store.find_by_id_number(OTHER_ID)] == [b.tracking_number]
    assert store.find_by_id_number("110101199003070000") == []


def test_receipt_is_journalled_as_a_queued_job(store: Any) -> None:
    ident = identity()
    clock = _clock(store)
    made = []

    def factory(number: str):
        made.append(receipt_factory(ident, clock)(number))
        return made[-1]

    stub = store.submit(new_submission(ident), factory, audit(clock))
    job = store.receipt_job_for(stub.tracking_number)
    assert job is not None and job.kind == "receipt" and job.state == "queued" and job.attempts == 0
    assert receipt_from_json(job.document) == made[0]
    assert "欧阳测试".encode() not in job.document and SAMPLE_ID.encode() not in job.document


def test_submission_audit_is_recorded(store: Any) -> None:
    _submit(store)
    assert _audit_events(store) == ["submission.created"]


def test_failed_receipt_factory_leaves_no_trace(store: Any) -> None:
    def broken(number: str):
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        store.submit(new_submission(), broken, audit(_clock(store)))
    assert store.find_by_id_number(SAMPLE_ID) == []
    assert store.jobs() == []
    assert _audit_events(store) == []


def test_print_journal_add_mark_and_filter(store: Any) -> None:
    stub = _submit(store)
    ticket = store.add_job("ticket", None, b'{"ticket":"A012"}')
    store.mark(ticket, "failed", "paper_out")
    store.mark(ticket, "printed")
    jobs = store.jobs()
    assert [j.kind for j in jobs] == ["receipt", "ticket"]
    t = next(j for j in jobs if j.job_id == ticket)
    assert (t.state, t.reason, t.attempts) == ("printed", None, 2)
    assert [j.job_id for j in store.jobs(state="queued")] == [store.receipt_job_for(stub.tracking_number).job_id]
    assert [j.kind for j in store.jobs(tracking_number=stub.tracking_number)] == ["receipt"]
    assert store.receipt_job_for("000000000000000") is None


def test_reprint_journals_a_second_receipt_job(store: Any) -> None:
    stub = _submit(store)
    first = store.receipt_job_for(stub.tracking_number)
    again = store.add_job("receipt", stub.tracking_number, first.document)
    assert store.receipt_job_for(stub.tracking_number).job_id == again != first.job_id


def test_audit_log_records(store: Any) -> None:
    clock = _clock(store)
    store.record(AuditRecord(AuditEvent.APP_STARTED, clock.now()))
    store.record(AuditRecord(AuditEvent.TECH_ENTRY, clock.now(), {"method": "otp"}, staff_id="s-1"))
    assert _audit_events(store) == ["app.started", "tech.entry"]


def test_set_status_updates_stub(store: Any) -> None:
    stub = _submit(store)
    _clock(store).advance(60)
    store.set_status(stub.tracking_number, CaseStatus.APPROVED, certificate=True)
    got = store.find_by_tracking(stub.tracking_number)
    assert got.status is CaseStatus.APPROVED and got.certificate_available
    assert got.updated_at > stub.updated_at
