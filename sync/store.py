"""The terminal's local store: one SQLite file (:class:`sync.database.Database`) and a repository per table group.

Why a facade: the terminal core, the UI and the CLI reach the store as ``services.store`` and
use it as the real ``SubmissionStore``, ``PrintJournal`` and ``AuditLog`` (see
:mod:`kiosk.ports`) plus a few sync figures; :class:`Store` builds the repositories over one
shared :class:`~sync.database.Database` and forwards those calls. Code in ``sync/`` uses the
repositories themselves:

- ``store.outbox`` (:mod:`sync.outbox_items`): what waits for the hub, backoff, quarantine, re-sealing;
- ``store.submissions`` (:mod:`sync.submissions`): sealed submissions, stubs, tracking numbers;
- ``store.print_journal`` (:mod:`sync.print_journal`), ``store.audit_log`` (:mod:`sync.audit_log`);
- ``store.statuses`` (:mod:`sync.status_cache`): statuses and certificates pulled from the hub;
- ``store.state`` (:mod:`sync.sync_state`): small named values (cursor, last success);
- content bundles: :class:`sync.bundles.BundleManager` over ``store.db``.

A transaction that spans repositories goes through ``store.db.write()`` and the repositories'
``add``/``put``/``purge`` methods, which take the open connection. Durability, fault handling
and the schema are described in :mod:`sync.database` and :mod:`sync.schema`; personal data and
sealing before enrolment in :mod:`sync.submissions`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Engine

from contract.clock import Clock, SystemClock
from kiosk.audit import AuditRecord
from kiosk.ports import PrintJob, ReceiptFactory
from kiosk.storage_faults import StorageFault
from kiosk.submission import CaseStatus, NewSubmission, SubmissionStub
from sync.audit_log import LocalAuditLog
from sync.database import Database
from sync.keys import KeyRing
from sync.outbox_items import Outbox, QuarantinedItem, QueuedItem
from sync.print_journal import PrintJobJournal
from sync.status_cache import StatusCache
from sync.submissions import Submissions
from sync.sync_state import NamedState


class Store:
    """One SQLite database file and its repositories; thread-safe (one engine, a connection per call)."""

    def __init__(
        self,
        db_path: Path | str,
        *,
        clock: Clock | None = None,
        keys_dir: Path | str | None = None,
        terminal_no: int | None = None,
        allow_local_seal: bool = True,
    ) -> None:
        self.db = Database(db_path)
        self.clock = clock or SystemClock()
        self.keys = KeyRing(Path(keys_dir) if keys_dir is not None else self.db.path.parent / "keys")
        self.state = NamedState(self.db)
        self.outbox = Outbox(self.db, self.clock, self.keys)
        self.print_journal = PrintJobJournal(self.db, self.clock)
        self.audit_log = LocalAuditLog(self.db, self.clock)
        self.statuses = StatusCache(self.db, self.clock, self.keys)
        self.submissions = Submissions(self.db, self.clock, self.keys, self.audit_log,
                                       terminal_no=terminal_no, allow_local_seal=allow_local_seal)
        self.keys.person_secret()  # create it now, not in the middle of the first submission

    # --- the database ----------------------------------------------------------------------------

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def engine(self) -> Engine:
        return self.db.engine

    @property
    def schema_version(self) -> str:
        return self.db.schema_version

    @property
    def backup_path(self) -> Path | None:
        return self.db.backup_path

    @property
    def last_fault(self) -> StorageFault | None:
        return self.db.last_fault

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def integrity_check(self) -> str:
        return self.db.integrity_check()

    def pragma(self, name: str) -> Any:
        return self.db.pragma(name)

    def purge(self, retention_days: int) -> int:
        """Delete delivered stubs, finished print jobs and local audit rows older than the retention.

        One transaction across the three repositories; returns how many stubs went.
        """
        cutoff = self.clock.now() - timedelta(days=retention_days)
        with self.db.write() as conn:
            n = Submissions.purge(conn, cutoff)
            PrintJobJournal.purge(conn, cutoff)
            LocalAuditLog.purge(conn, cutoff)
        return n

    # --- SubmissionStore -----------------------------------------------------------------------------

    def submit(self, submission: NewSubmission, receipt_for: ReceiptFactory, audit: AuditRecord) -> SubmissionStub:
        return self.submissions.submit(submission, receipt_for, audit)

    def find_by_tracking(self, tracking_number: str) -> SubmissionStub | None:
        return self.submissions.find_by_tracking(tracking_number)

    def find_by_id_number(self, id_number: str) -> list[SubmissionStub]:
        return self.submissions.find_by_id_number(id_number)

    def set_status(self, tracking_number: str, status: CaseStatus, certificate: bool = False) -> None:
        self.submissions.set_status(tracking_number, status, certificate)

    def latest_record_at(self) -> datetime | None:
        return self.submissions.latest_record_at()

    def person_key(self, id_number: str) -> str:
        return self.submissions.person_key(id_number)

    def terminal_no(self) -> int:
        return self.submissions.terminal_no()

    # --- PrintJournal and AuditLog ----------------------------------------------------------------------

    def add_job(self, kind: str, tracking_number: str | None, document: bytes) -> int:
        return self.print_journal.add_job(kind, tracking_number, document)

    def mark(self, job_id: int, state: str, reason: str | None = None) -> None:
        self.print_journal.mark(job_id, state, reason)

    def jobs(self, *, tracking_number: str | None = None, state: str | None = None) -> list[PrintJob]:
        return self.print_journal.jobs(tracking_number=tracking_number, state=state)

    def receipt_job_for(self, tracking_number: str) -> PrintJob | None:
        return self.print_journal.receipt_job_for(tracking_number)

    def record(self, record: AuditRecord) -> None:
        self.audit_log.record(record)

    def audit_events(self, limit: int = 1000) -> list[tuple[str, str, dict[str, Any], str | None]]:
        return self.audit_log.events(limit)

    # --- outbox ------------------------------------------------------------------------------------------

    def enqueue(self, kind: str, body: dict[str, Any], item_id: str | None = None) -> str:
        return self.outbox.enqueue(kind, body, item_id)

    def due_items(self, limit: int = 100, now: float | None = None) -> list[QueuedItem]:
        return self.outbox.due_items(limit, now)

    def next_due_at(self) -> float | None:
        return self.outbox.next_due_at()

    def mark_delivered(self, ids: Iterable[str]) -> int:
        return self.outbox.mark_delivered(ids)

    def mark_retry(self, delays: dict[str, float], error: str) -> None:
        self.outbox.mark_retry(delays, error)

    def quarantine(self, item_id: str, reason: str) -> None:
        self.outbox.quarantine(item_id, reason)

    def requeue_quarantined(self, item_id: str | None = None) -> int:
        return self.outbox.requeue_quarantined(item_id)

    def outbox_item_state(self, item_id: str) -> tuple[str, str]:
        return self.outbox.item_state(item_id)

    def outbox_depth(self) -> int:
        return self.outbox.depth()

    def quarantined(self) -> list[QuarantinedItem]:
        return self.outbox.quarantined()

    def reseal_pending(self) -> int:
        return self.outbox.reseal_pending()

    # --- status cache and named state --------------------------------------------------------------------

    def apply_statuses(self, statuses: list[dict[str, Any]], cursor: str | None) -> int:
        return self.statuses.apply(statuses, cursor)

    def status_count(self) -> int:
        return self.statuses.count()

    def certificate_for(self, tracking_number: str) -> dict[str, Any] | None:
        return self.statuses.certificate_for(tracking_number)

    def set_state(self, key: str, value: str | None) -> None:
        self.state.set(key, value)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        return self.state.get(key, default)


def open_store(settings: Any, clock: Clock | None = None) -> Store:
    """The store for these settings: ``settings.db_path``, keys in ``data_dir/keys``."""
    return Store(
        settings.db_path,
        clock=clock,
        keys_dir=Path(settings.data_dir) / "keys",
        allow_local_seal=settings.mode == "demo",
    )
