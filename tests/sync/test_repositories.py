"""The store's repositories: each satisfies the core's port, and one write transaction spans them all."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract.clock import FakeClock
from kiosk import ports
from sync.audit_log import LocalAuditLog
from sync.print_journal import PrintJobJournal
from sync.store import Store
from sync.submissions import Submissions

from .helpers import audit, identity, new_submission, receipt_factory


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock(), terminal_no=17)
    yield s
    s.close()


@pytest.mark.parametrize(("port", "repository"), [
    (ports.SubmissionStore, Submissions),
    (ports.PrintJournal, PrintJobJournal),
    (ports.AuditLog, LocalAuditLog),
])
def test_each_repository_has_its_ports_methods_with_the_same_parameters(port: type, repository: type) -> None:
    for name, member in vars(port).items():
        if name.startswith("_") or not callable(member):
            continue
        assert list(inspect.signature(getattr(repository, name)).parameters) == \
            list(inspect.signature(member).parameters), name


def test_a_write_that_raises_rolls_back_every_repository(store: Store) -> None:
    clock = store.clock
    with pytest.raises(RuntimeError), store.db.write() as conn:
        PrintJobJournal.add(conn, "ticket", None, b"{}", clock.now())
        store.audit_log.add(conn, audit(clock))
        store.state.put(conn, "probe", "set")
        raise RuntimeError("after the statements, before the commit")
    assert store.print_journal.jobs() == []
    assert store.audit_log.events() == []
    assert store.outbox.depth() == 0
    assert store.state.get("probe") is None


def test_the_facade_and_the_repositories_see_the_same_rows(store: Store) -> None:
    ident = identity()
    stub = store.submissions.submit(new_submission(ident), receipt_factory(ident, store.clock), audit(store.clock))
    assert store.find_by_tracking(stub.tracking_number) == stub
    assert store.outbox_depth() == store.outbox.depth() == 2  # the submission and its audit event
    assert store.receipt_job_for(stub.tracking_number) == store.print_journal.receipt_job_for(stub.tracking_number)
