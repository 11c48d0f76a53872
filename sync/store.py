"""The terminal's local store: SQLAlchemy 2 on SQLite, the real ``SubmissionStore``,
``PrintJournal`` and ``AuditLog`` (see :mod:`kiosk.ports`), plus the outbox, status cache,
bundle tables and sync state the sync client works on.

Durability
----------
The database runs in WAL mode with ``synchronous=FULL``. In WAL mode ``NORMAL`` only
syncs at checkpoints, so a power cut can lose the last committed transactions: a
resident would hold a printed receipt for a submission the terminal no longer has.
``FULL`` fsyncs the WAL at every commit, so once ``submit()`` returns (and the receipt
prints) the submission survives a power cut. Terminals commit a few transactions a
minute, so the cost (one fsync per commit) is invisible; the outbox drain commits once
per batch of up to 100 items, not once per item. ``foreign_keys`` is on (SQLite's
default is off) and a ``busy_timeout`` lets the UI thread and the sync thread (or the
``kiosk sync`` CLI) share the file; every write transaction is ``BEGIN IMMEDIATE`` so
writers queue on the lock instead of failing on a read-to-write upgrade.
``secure_delete`` zeroes freed pages so a delivered payload's sealed bytes do not
linger in free pages.

Personal data
-------------
Submission payloads (answers and identity) are sealed with :func:`contract.crypto.seal`
before they reach SQLite. People are found again through an HMAC of the ID number with
a per-terminal secret (``data_dir/keys/person.key``). After the hub acknowledges a
submission, its outbox item (the sealed payload) is deleted and only the stub stays.

Sealing before enrolment
------------------------
An enrolled terminal seals to the platform's key pinned at enrolment. A terminal not yet
enrolled (the demo, or a first boot offline) seals to a *pending* X25519 key pair in
``data_dir/keys/pending-seal.key``. The data is then only as safe as that key file, so
this is allowed only when ``allow_local_seal`` is true (``mode = "demo"``); a production
terminal refuses submissions until it is enrolled (:class:`NotEnrolledError`). After
enrolment, :meth:`Store.reseal_pending` (run by ``kiosk enroll`` and at the start of every
sync round) opens every payload still sealed to the pending key and seals it to the
platform key, in one transaction; only when no row is sealed to the pending key any more
is the key file wiped, while holding the database write lock. The sealing key is chosen
inside each ``submit`` transaction (under the same lock) from a fresh read of the
enrolment file, so a submission racing an enrolment in another process is either
re-sealed by that enrolment or sealed to the platform key directly: nothing is ever
sealed to a key that has been deleted, and nothing queued in demo mode is lost.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import logging
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path
from typing import Any, Self, cast

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.exc import DBAPIError

from contract import crypto, idnumber, tracking
from contract.clock import Clock, SystemClock
from kiosk.audit import AuditRecord
from kiosk.ports import PrintJob, ReceiptFactory
from kiosk.storage_faults import StorageFault, as_fault
from kiosk.submission import CaseStatus, NewSubmission, SubmissionStub
from sync.keys import KeyRing
from sync.models import (
    AuditRow,
    DaySequence,
    OutboxItem,
    PrintJobRow,
    StatusRecord,
    Submission,
    SyncState,
)

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 15000
RETRY_HORIZON_S = 86400.0  # no backoff or Retry-After waits this long: a later due time means the clock went back
OUTBOX_KINDS = frozenset({"submission", "queue_ticket", "rating", "audit", "readiness", "call_staff", "vote", "opinion"})

_outbox = cast(Table, OutboxItem.__table__)
_subs = cast(Table, Submission.__table__)
_status = cast(Table, StatusRecord.__table__)
_jobs = cast(Table, PrintJobRow.__table__)
_audit = cast(Table, AuditRow.__table__)
_seq = cast(Table, DaySequence.__table__)
_state = cast(Table, SyncState.__table__)


class StoreError(Exception):
    """The database cannot be opened or used as asked."""


class NotEnrolledError(StoreError):
    """A production terminal must be enrolled before it takes submissions (nothing to seal to)."""


def plain_json(value: Any) -> Any:
    """Dataclasses, enums and dates to JSON-ready values (for sealing and outbox bodies)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return plain_json(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_json(v) for v in value]
    if isinstance(value, bytes):
        return crypto.b64e(value)
    return value


def _iso(dt: datetime) -> str:
    return dt.isoformat()


def _dt(text_value: str) -> datetime:
    return datetime.fromisoformat(text_value)


@dataclasses.dataclass(frozen=True)
class QueuedItem:
    """An outbox item ready to go on the wire (``wire()`` is what ``POST /outbox`` carries)."""

    seq: int
    id: str
    kind: str
    created_at: str
    body: dict[str, Any]
    attempts: int
    sealed_to: str | None

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "created_at": self.created_at, "body": self.body}


@dataclasses.dataclass(frozen=True)
class QuarantinedItem:
    id: str
    kind: str
    created_at: str
    reason: str
    attempts: int


class Store:
    """One SQLite database file; thread-safe (one engine, a connection per call)."""

    def __init__(
        self,
        db_path: Path | str,
        *,
        clock: Clock | None = None,
        keys_dir: Path | str | None = None,
        terminal_no: int | None = None,
        allow_local_seal: bool = True,
    ) -> None:
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.clock = clock or SystemClock()
        self.keys = KeyRing(Path(keys_dir) if keys_dir is not None else self.path.parent / "keys")
        self._terminal_no = terminal_no
        self.allow_local_seal = allow_local_seal
        self._local = threading.local()
        self._lookup_lock = threading.Lock()
        self._lookup_conns: list[sqlite3.Connection] = []
        self.backup_path: Path | None = None
        self.last_fault: StorageFault | None = None
        self.engine: Engine = create_engine(f"sqlite+pysqlite:///{self.path}")
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._write_engine = self.engine.execution_options(immediate=True)
        try:
            with self._classified():
                self.schema_version = self._migrate()
        except Exception:
            self.engine.dispose()
            raise
        self.keys.person_secret()  # create it now, not in the middle of the first submission

    # --- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        with self._lookup_lock:
            conns, self._lookup_conns = self._lookup_conns, []
        for conn in conns:
            conn.close()
        self._local = threading.local()
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[Connection]:
        with self._classified(), self._write_engine.begin() as conn:
            yield conn
        self.last_fault = None  # a write went through: whatever failed before is over

    @contextlib.contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._classified(), self.engine.connect() as conn:
            yield conn

    @contextlib.contextmanager
    def _classified(self) -> Iterator[None]:
        """A statement that fails because of the storage raises :class:`StorageFault` (kept in ``last_fault``)."""
        try:
            yield
        except (DBAPIError, sqlite3.Error, OSError) as exc:
            fault = as_fault(exc)
            if fault is None:
                raise
            self.last_fault = fault
            log.error("storage fault %s (%s)", fault.code, fault.fault)
            raise fault from exc

    def _migrate(self) -> str:
        """Apply pending Alembic migrations, after copying the database if it holds data.

        The common case, a database already at head, is answered without importing
        Alembic (about half a second of a cold start): the head revision is read from
        the migration files and the current one from ``alembic_version``.
        """
        head = _head_revision()
        if head is not None and self.path.exists():
            try:
                raw = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
                try:
                    row = raw.execute("SELECT version_num FROM alembic_version").fetchone()
                finally:
                    raw.close()
            except sqlite3.Error:
                row = None
            if row is not None and row[0] == head:
                return head
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        script = ScriptDirectory.from_config(cfg)
        head = script.get_current_head()
        assert head is not None
        existed = self.path.exists() and self.path.stat().st_size > 0
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            conn.rollback()
        if current == head:
            return head
        if current is not None and current not in {s.revision for s in script.walk_revisions()}:
            raise StoreError(f"database schema {current} is newer than this software (head {head})")
        if existed:
            stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
            self.backup_path = self.path.with_name(f"{self.path.name}.pre-{current or 'base'}-to-{head}.{stamp}.bak")
            self._copy_to(self.backup_path)
            log.info("database copied to %s before migrating %s -> %s", self.backup_path, current, head)
        with self._write_engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        return head

    def _copy_to(self, target: Path) -> None:
        """A consistent copy through SQLite's backup API (includes what is still in the WAL)."""
        src = sqlite3.connect(self.path)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()

    def integrity_check(self) -> str:
        with self._read() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def pragma(self, name: str) -> Any:
        if not name.isidentifier():
            raise ValueError(name)
        with self._read() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    # --- keys and identity -------------------------------------------------------------------------

    def person_key(self, id_number: str) -> str:
        return hmac.new(self.keys.person_secret(), idnumber.normalise(id_number).encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def terminal_no(self) -> int:
        if self._terminal_no is not None:
            return self._terminal_no
        enrollment = self.keys.enrollment()
        return enrollment.terminal_no if enrollment else 0

    def _sealing_target(self) -> tuple[bytes, str]:
        enrollment = self.keys.enrollment()
        if enrollment is not None:
            return enrollment.sealing_key, crypto.key_id(enrollment.sealing_key)
        if not self.allow_local_seal:
            raise NotEnrolledError("this terminal is not enrolled; run `kiosk enroll --hub URL --token TOKEN`")
        pending = self.keys.pending_sealing_key()
        assert pending is not None
        pub = crypto.public_bytes(pending)
        return pub, crypto.key_id(pub)

    # --- SubmissionStore ------------------------------------------------------------------------------

    def submit(self, submission: NewSubmission, receipt_for: ReceiptFactory, audit: AuditRecord) -> SubmissionStub:
        from kiosk.receipt_codec import receipt_to_json

        with self._write() as conn:
            now = self.clock.now()
            terminal_no = self.terminal_no()
            day = now.strftime("%y%m%d")
            seq = conn.execute(
                text(
                    "INSERT INTO day_sequence (day, terminal_no, last) VALUES (:d, :t, 1) "
                    "ON CONFLICT (day, terminal_no) DO UPDATE SET last = last + 1 RETURNING last"
                ),
                {"d": day, "t": terminal_no},
            ).scalar_one()
            number = tracking.make(now.date(), terminal_no, seq)
            receipt = receipt_for(number)
            recipient, kid = self._sealing_target()
            plaintext = crypto.canonical_json(
                {"answers": plain_json(submission.answers), "identity": plain_json(submission.identity)}
            )
            body = {
                "submission_id": submission.submission_id,
                "tracking_number": number,
                "service_id": submission.service_id,
                "form_id": submission.form_id,
                "form_version": submission.form_version,
                "language": submission.language,
                "sealed_payload": crypto.b64e(crypto.seal(recipient, plaintext)),
            }
            item_id = submission.submission_id
            self._enqueue(conn, "submission", body, item_id, now, sealed_to=kid)
            conn.execute(
                insert(_subs).values(
                    submission_id=submission.submission_id,
                    tracking_number=number,
                    service_id=submission.service_id,
                    form_id=submission.form_id,
                    form_version=submission.form_version,
                    status=CaseStatus.PENDING.value,
                    created_at=_iso(now),
                    updated_at=_iso(now),
                    created_ts=now.timestamp(),
                    certificate_available=0,
                    person_key=self.person_key(submission.identity.id_number),
                    outbox_id=item_id,
                )
            )
            self._record(conn, audit)
            self._add_job(conn, "receipt", number, receipt_to_json(receipt), now)
        return SubmissionStub(
            submission_id=submission.submission_id,
            tracking_number=number,
            service_id=submission.service_id,
            form_id=submission.form_id,
            form_version=submission.form_version,
            status=CaseStatus.PENDING,
            created_at=now,
            updated_at=now,
        )

    def set_status(self, tracking_number: str, status: CaseStatus, certificate: bool = False) -> None:
        with self._write() as conn:
            res = conn.execute(
                update(_subs)
                .where(_subs.c.tracking_number == tracking.normalise(tracking_number))
                .values(status=status.value, updated_at=_iso(self.clock.now()), certificate_available=int(certificate))
            )
            if res.rowcount == 0:
                raise KeyError(tracking_number)

    @staticmethod
    def _stub(row: Any) -> SubmissionStub:
        return SubmissionStub(
            submission_id=row.submission_id,
            tracking_number=row.tracking_number,
            service_id=row.service_id,
            form_id=row.form_id,
            form_version=row.form_version,
            status=CaseStatus(row.status),
            created_at=_dt(row.created_at),
            updated_at=_dt(row.updated_at),
            certificate_available=bool(row.certificate_available),
        )

    def _lookup_connection(self) -> sqlite3.Connection:
        """A per-thread, query-only SQLite connection for the resident's status lookup.

        The lookup is the one hot read (a resident waits on it, against up to a million
        cached statuses), so it skips the pool and statement machinery: two primary-key /
        unique-index probes on a raw connection take tens of microseconds.
        """
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lookup_lock:
                self._lookup_conns.append(conn)
        return conn

    def find_by_tracking(self, tracking_number: str) -> SubmissionStub | None:
        number = tracking.normalise(tracking_number)
        conn = self._lookup_connection()
        row = conn.execute(
            "SELECT submission_id, tracking_number, service_id, form_id, form_version, status, created_at, "
            "updated_at, certificate_available FROM submissions WHERE tracking_number = ?", (number,)
        ).fetchone()
        if row is not None:
            return SubmissionStub(row[0], row[1], row[2], row[3], row[4], CaseStatus(row[5]), _dt(row[6]),
                                  _dt(row[7]), bool(row[8]))
        cached = conn.execute(
            "SELECT submission_id, tracking_number, status, updated_at, certificate IS NOT NULL "
            "FROM status_cache WHERE tracking_number = ?", (number,)
        ).fetchone()
        if cached is None:
            return None
        return SubmissionStub(
            submission_id=cached[0],
            tracking_number=cached[1],
            service_id="",
            form_id="",
            form_version=0,
            status=CaseStatus(cached[2]),
            created_at=_dt(cached[3]),
            updated_at=_dt(cached[3]),
            certificate_available=bool(cached[4]),
        )

    def latest_record_at(self) -> datetime | None:
        """When the newest submission here was made: a wall clock earlier than this went back."""
        with self._read() as conn:
            ts = conn.execute(select(func.max(_subs.c.created_ts))).scalar()
        return datetime.fromtimestamp(ts).astimezone() if ts is not None else None

    def find_by_id_number(self, id_number: str) -> list[SubmissionStub]:
        key = self.person_key(id_number)
        with self._read() as conn:
            rows = conn.execute(
                select(_subs).where(_subs.c.person_key == key).order_by(_subs.c.created_ts, _subs.c.tracking_number)
            ).all()
        return [self._stub(r) for r in rows]

    def certificate_for(self, tracking_number: str) -> dict[str, Any] | None:
        """The certificate cached from the hub: ``number``, ``title``, ``verify_url`` and ``body``.

        The body may name the resident, so it is kept encrypted at rest (ChaCha20-Poly1305
        under ``data_dir/keys/cache.key``, bound to the tracking number); the caller must
        check the resident's identity before showing or printing it (the UI does:
        ``find_by_id_number`` first). ``body`` is None if it cannot be opened.
        """
        number = tracking.normalise(tracking_number)
        with self._read() as conn:
            value = conn.execute(select(_status.c.certificate).where(_status.c.tracking_number == number)).scalar()
        if not value:
            return None
        data = json.loads(value)
        sealed = data.pop("body_sealed", None)
        data["body"] = self._open_cached(number, sealed) if sealed else None
        return data

    def _seal_cached(self, number: str, text_value: str) -> str:
        nonce = os.urandom(12)
        return crypto.b64e(nonce + ChaCha20Poly1305(self.keys.cache_key()).encrypt(
            nonce, text_value.encode("utf-8"), number.encode("ascii")))

    def _open_cached(self, number: str, sealed: str) -> str | None:
        try:
            raw = crypto.b64d(sealed)
            return ChaCha20Poly1305(self.keys.cache_key()).decrypt(raw[:12], raw[12:], number.encode("ascii")).decode()
        except (crypto.CryptoError, InvalidTag, ValueError, UnicodeError):
            return None

    # --- PrintJournal ---------------------------------------------------------------------------------

    def _add_job(self, conn: Connection, kind: str, tracking_number: str | None, document: bytes,
                 now: datetime) -> int:
        return int(
            conn.execute(
                insert(_jobs)
                .values(kind=kind, tracking_number=tracking_number, state="queued", reason=None,
                        created_at=_iso(now), attempts=0, document=document)
                .returning(_jobs.c.job_id)
            ).scalar_one()
        )

    def add_job(self, kind: str, tracking_number: str | None, document: bytes) -> int:
        with self._write() as conn:
            return self._add_job(conn, kind, tracking_number, document, self.clock.now())

    def mark(self, job_id: int, state: str, reason: str | None = None) -> None:
        with self._write() as conn:
            res = conn.execute(
                update(_jobs).where(_jobs.c.job_id == job_id).values(state=state, reason=reason,
                                                                    attempts=_jobs.c.attempts + 1)
            )
            if res.rowcount == 0:
                raise KeyError(job_id)

    @staticmethod
    def _job(row: Any) -> PrintJob:
        return PrintJob(row.job_id, row.kind, row.tracking_number, row.state, row.reason, _dt(row.created_at),
                        row.attempts, bytes(row.document))

    def jobs(self, *, tracking_number: str | None = None, state: str | None = None) -> list[PrintJob]:
        q = select(_jobs).order_by(_jobs.c.job_id)
        if tracking_number is not None:
            q = q.where(_jobs.c.tracking_number == tracking_number)
        if state is not None:
            q = q.where(_jobs.c.state == state)
        with self._read() as conn:
            return [self._job(r) for r in conn.execute(q).all()]

    def receipt_job_for(self, tracking_number: str) -> PrintJob | None:
        with self._read() as conn:
            row = conn.execute(
                select(_jobs)
                .where(_jobs.c.tracking_number == tracking_number, _jobs.c.kind == "receipt")
                .order_by(_jobs.c.job_id.desc())
                .limit(1)
            ).first()
        return self._job(row) if row is not None else None

    # --- AuditLog ---------------------------------------------------------------------------------------

    def _record(self, conn: Connection, record: AuditRecord) -> None:
        body = {
            "event": record.event.value,
            "at": _iso(record.at),
            "detail": plain_json(record.detail),
            "staff_id": record.staff_id,
        }
        conn.execute(
            insert(_audit).values(event=body["event"], at=body["at"], detail=json.dumps(body["detail"],
                                  ensure_ascii=False, sort_keys=True), staff_id=record.staff_id)
        )
        self._enqueue(conn, "audit", body, str(uuid.uuid4()), self.clock.now())

    def record(self, record: AuditRecord) -> None:
        with self._write() as conn:
            self._record(conn, record)

    def audit_events(self, limit: int = 1000) -> list[tuple[str, str, dict[str, Any], str | None]]:
        """The local audit log, oldest first: (event, at, detail, staff_id)."""
        with self._read() as conn:
            rows = conn.execute(select(_audit).order_by(_audit.c.id).limit(limit)).all()
        return [(r.event, r.at, json.loads(r.detail), r.staff_id) for r in rows]

    # --- outbox -----------------------------------------------------------------------------------------

    def _enqueue(self, conn: Connection, kind: str, body: dict[str, Any], item_id: str, now: datetime,
                 sealed_to: str | None = None) -> None:
        if kind not in OUTBOX_KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        conn.execute(
            insert(_outbox).values(
                id=item_id, kind=kind, created_at=_iso(now),
                body=json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                sealed_to=sealed_to, state="queued", attempts=0, next_attempt_at=0.0,
            )
        )

    def enqueue(self, kind: str, body: dict[str, Any], item_id: str | None = None) -> str:
        """Queue a queue ticket, rating, readiness report... for delivery; returns its idempotency key.

        Bodies must not carry personal data (they are stored as they are); submissions go
        through :meth:`submit`, which seals.
        """
        if kind == "submission":
            raise ValueError("submissions go through submit(), which seals the payload")
        plain = plain_json(body)
        if idnumber.find_in_text(json.dumps(plain, ensure_ascii=False)):  # the hub refuses it too
            raise ValueError(f"a {kind} body quotes an ID number; it would be stored and sent in clear")
        item_id = item_id or str(uuid.uuid4())
        with self._write() as conn:
            self._enqueue(conn, kind, plain, item_id, self.clock.now())
        return item_id

    def due_items(self, limit: int = 100, now: float | None = None) -> list[QueuedItem]:
        """Queued items whose backoff has passed, oldest first."""
        now = self.clock.now().timestamp() if now is None else now
        with self._read() as conn:
            rows = conn.execute(
                select(_outbox.c.seq, _outbox.c.id, _outbox.c.kind, _outbox.c.created_at, _outbox.c.body,
                       _outbox.c.attempts, _outbox.c.sealed_to)
                .where(_outbox.c.state == "queued",
                       # a wait longer than any backoff was set by a clock that has since gone back: due now
                       (_outbox.c.next_attempt_at <= now) | (_outbox.c.next_attempt_at > now + RETRY_HORIZON_S))
                .order_by(_outbox.c.seq)
                .limit(limit)
            ).all()
        items = []
        for r in rows:
            try:
                body = json.loads(r.body)
            except ValueError:  # damaged on disk: set aside where the technician sees it, the rest goes on
                self.quarantine(r.id, "damaged in storage: the item's body no longer reads")
                continue
            items.append(QueuedItem(r.seq, r.id, r.kind, r.created_at, body, r.attempts, r.sealed_to))
        return items

    def next_due_at(self) -> float | None:
        with self._read() as conn:
            value = conn.execute(
                select(func.min(_outbox.c.next_attempt_at)).where(_outbox.c.state == "queued")
            ).scalar()
        now = self.clock.now().timestamp()
        return now if value is not None and value > now + RETRY_HORIZON_S else value

    def mark_delivered(self, ids: Iterable[str]) -> int:
        """The hub holds these: delete their payloads, keep the stubs (status ``received``)."""
        ids = list(ids)
        if not ids:
            return 0
        now = _iso(self.clock.now())
        with self._write() as conn:
            conn.execute(
                update(_subs)
                .where(_subs.c.outbox_id.in_(ids), _subs.c.status == CaseStatus.PENDING.value)
                .values(status=CaseStatus.RECEIVED.value, updated_at=now)
            )
            res = conn.execute(delete(_outbox).where(_outbox.c.id.in_(ids)))
            return int(res.rowcount)

    def mark_retry(self, delays: dict[str, float], error: str) -> None:
        """Transient failure: each item waits its own delay (seconds) before the next attempt."""
        if not delays:
            return
        now = self.clock.now().timestamp()
        with self._write() as conn:
            for item_id, delay in delays.items():
                conn.execute(
                    update(_outbox).where(_outbox.c.id == item_id).values(
                        attempts=_outbox.c.attempts + 1, next_attempt_at=now + delay, last_error=error[:500]
                    )
                )

    def quarantine(self, item_id: str, reason: str) -> None:
        """Permanent failure: set aside with the reason; items behind it go on."""
        with self._write() as conn:
            conn.execute(
                update(_outbox).where(_outbox.c.id == item_id).values(
                    state="quarantined", reason=reason[:1000], attempts=_outbox.c.attempts + 1
                )
            )

    def requeue_quarantined(self, item_id: str | None = None) -> int:
        """A technician's retry of quarantined items (all, or one)."""
        q = update(_outbox).where(_outbox.c.state == "quarantined")
        if item_id is not None:
            q = q.where(_outbox.c.id == item_id)
        with self._write() as conn:
            return int(conn.execute(q.values(state="queued", next_attempt_at=0.0, reason=None)).rowcount)

    def outbox_item_state(self, item_id: str) -> tuple[str, str]:
        """``(state, reason)`` of one outbox item: ``queued``, ``quarantined`` (with the hub's reason) or
        ``delivered`` (delivered items are deleted, so an unknown id counts as delivered)."""
        with self._read() as conn:
            row = conn.execute(select(_outbox.c.state, _outbox.c.reason).where(_outbox.c.id == item_id)).first()
        if row is None:
            return "delivered", ""
        return str(row.state), str(row.reason or "")

    def outbox_depth(self) -> int:
        """Items still to deliver (queued, not quarantined)."""
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(_outbox)
                                    .where(_outbox.c.state == "queued")).scalar_one())

    def quarantined(self) -> list[QuarantinedItem]:
        with self._read() as conn:
            rows = conn.execute(
                select(_outbox.c.id, _outbox.c.kind, _outbox.c.created_at, _outbox.c.reason, _outbox.c.attempts)
                .where(_outbox.c.state == "quarantined").order_by(_outbox.c.seq)
            ).all()
        return [QuarantinedItem(r.id, r.kind, r.created_at, r.reason or "", r.attempts) for r in rows]

    def reseal_pending(self) -> int:
        """Re-seal payloads sealed before enrolment to the platform key; wipe the pending key after.

        Returns how many payloads were re-sealed. A no-op before enrolment.
        """
        pending = self.keys.pending_sealing_key(create=False)
        if pending is None:
            return 0
        pending_kid = crypto.key_id(crypto.public_bytes(pending))
        count = 0
        with self._write() as conn:
            enrollment = self.keys.enrollment()
            if enrollment is None:
                return 0
            target_kid = crypto.key_id(enrollment.sealing_key)
            rows = conn.execute(select(_outbox.c.id, _outbox.c.body).where(_outbox.c.sealed_to == pending_kid)).all()
            for row in rows:
                body = json.loads(row.body)
                plaintext = crypto.open_sealed(pending, crypto.b64d(body["sealed_payload"]))
                body["sealed_payload"] = crypto.b64e(crypto.seal(enrollment.sealing_key, plaintext))
                conn.execute(
                    update(_outbox).where(_outbox.c.id == row.id).values(
                        body=json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")),
                        sealed_to=target_kid,
                    )
                )
                count += 1
        with self._write() as conn:  # holding the write lock: no submit can seal to the pending key now
            left = conn.execute(select(func.count()).select_from(_outbox)
                                .where(_outbox.c.sealed_to == pending_kid)).scalar_one()
            if left == 0 and self.keys.enrollment() is not None:
                self.keys.forget_pending_sealing_key()
        return count

    def purge(self, retention_days: int) -> int:
        """Delete delivered stubs, finished print jobs and local audit rows older than the retention."""
        cutoff_dt = self.clock.now() - timedelta(days=retention_days)
        with self._write() as conn:
            n = conn.execute(
                delete(_subs).where(_subs.c.created_ts < cutoff_dt.timestamp(), _subs.c.outbox_id.is_(None),
                                    _subs.c.status != CaseStatus.PENDING.value)
            ).rowcount
            conn.execute(delete(_jobs).where(_jobs.c.created_at < _iso(cutoff_dt), _jobs.c.state != "queued"))
            conn.execute(delete(_audit).where(_audit.c.at < _iso(cutoff_dt)))
        return int(n)

    # --- status cache -------------------------------------------------------------------------------------

    def apply_statuses(self, statuses: list[dict[str, Any]], cursor: str | None) -> int:
        """Upsert statuses pulled from the hub and advance the cursor, in one transaction."""
        valid = {s.value for s in CaseStatus}
        rows = []
        for s in statuses:
            if s.get("status") not in valid or not s.get("tracking_number") or not s.get("submission_id"):
                continue
            cert = s.get("certificate")
            cert_json = None
            number = tracking.normalise(str(s["tracking_number"]))
            if isinstance(cert, dict):  # the body may name the resident: encrypted at rest
                summary: dict[str, Any] = {k: cert.get(k) for k in ("number", "title", "verify_url")}
                if isinstance(cert.get("body"), str) and number.isascii():
                    summary["body_sealed"] = self._seal_cached(number, cert["body"])
                cert_json = json.dumps(summary, ensure_ascii=False)
            updated = str(s.get("updated_at") or "")
            try:
                datetime.fromisoformat(updated)
            except ValueError:
                updated = ""
            rows.append({"tracking_number": number,
                         "submission_id": str(s["submission_id"]), "status": s["status"],
                         "updated_at": updated or _iso(self.clock.now()),
                         "certificate": cert_json})
        with self._write() as conn:
            if rows:
                conn.execute(
                    text(
                        "INSERT INTO status_cache (tracking_number, submission_id, status, updated_at, certificate) "
                        "VALUES (:tracking_number, :submission_id, :status, :updated_at, :certificate) "
                        "ON CONFLICT (tracking_number) DO UPDATE SET submission_id=excluded.submission_id, "
                        "status=excluded.status, updated_at=excluded.updated_at, certificate=excluded.certificate"
                    ),
                    rows,
                )
                now = _iso(self.clock.now())
                conn.execute(  # executemany: one statement, many rows (statuses arrive by the thousand)
                    text("UPDATE submissions SET status = :status, updated_at = :updated_at, "
                         "certificate_available = :cert WHERE submission_id = :submission_id"),
                    [{"status": r["status"], "updated_at": r["updated_at"] or now,
                      "cert": int(r["certificate"] is not None), "submission_id": r["submission_id"]} for r in rows],
                )
            if cursor is not None:
                self._set_state(conn, "status_cursor", cursor)
        return len(rows)

    def status_count(self) -> int:
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(_status)).scalar_one())

    # --- small named state ----------------------------------------------------------------------------------

    def _set_state(self, conn: Connection, key: str, value: str) -> None:
        conn.execute(
            text("INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value=:v"),
            {"k": key, "v": value},
        )

    def set_state(self, key: str, value: str | None) -> None:
        with self._write() as conn:
            if value is None:
                conn.execute(delete(_state).where(_state.c.key == key))
            else:
                self._set_state(conn, key, value)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            value = conn.execute(select(_state.c.value).where(_state.c.key == key)).scalar()
        return default if value is None else value


def _head_revision() -> str | None:
    """The newest revision in sync/migrations/versions, from the files' text (no Alembic import).

    None when the files cannot be read plainly (then Alembic decides).
    """
    import re

    revisions: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        rev = re.search(r'^revision(?:: str)?\s*=\s*["\']([^"\']+)["\']', text, re.MULTILINE)
        down = re.search(r'^down_revision(?:[^=]*)=\s*(None|["\']([^"\']+)["\'])', text, re.MULTILINE)
        if rev is None:
            continue
        if down is None:
            return None
        revisions[rev.group(1)] = down.group(2)
    heads = set(revisions) - {d for d in revisions.values() if d}
    return heads.pop() if len(heads) == 1 else None


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN / BEGIN IMMEDIATE
    dbapi_conn.text_factory = _text  # a damaged byte in one row must not stop every query that reads it
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA secure_delete=ON")
    finally:
        cur.close()


def _text(raw: bytes) -> str:
    """Text columns as str; bytes that are not UTF-8 (storage damage) become U+FFFD instead of an error.

    The row then reads, and a damaged sealed payload is refused by the hub and quarantined where the
    technician sees it, rather than one flipped bit stopping the whole outbox.
    """
    return raw.decode("utf-8", "replace")


def _on_begin(conn: Connection) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN")


def open_store(settings: Any, clock: Clock | None = None) -> Store:
    """The store for these settings: ``settings.db_path``, keys in ``data_dir/keys``."""
    return Store(
        settings.db_path,
        clock=clock,
        keys_dir=Path(settings.data_dir) / "keys",
        allow_local_seal=settings.mode == "demo",
    )
