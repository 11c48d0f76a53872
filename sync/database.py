"""The terminal's SQLite file and its transactions: the one object every repository of :mod:`sync.store` shares.

Why one object: the durability and fault rules below must hold for every table, so the
repositories (outbox, submissions, print journal, audit log, status cache, sync state, content
bundles) never open connections of their own; they ask for :meth:`Database.write` or
:meth:`Database.read` and run their statements inside.

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

Storage faults
--------------
A statement that fails because of the storage (full disk, read-only mount, I/O error,
corruption) raises :class:`kiosk.storage_faults.StorageFault`, kept in :attr:`Database.last_fault`
until a write goes through again (:mod:`sync.storage_health` reads it).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError

from kiosk.storage_faults import StorageFault, as_fault
from sync import schema

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 15000


class Database:
    """One SQLite database file, migrated to head when opened; thread-safe (one engine, a connection per call)."""

    def __init__(self, db_path: Path | str) -> None:
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lookup_lock = threading.Lock()
        self._lookup_conns: list[sqlite3.Connection] = []
        self.last_fault: StorageFault | None = None
        self.engine: Engine = create_engine(f"sqlite+pysqlite:///{self.path}")
        event.listen(self.engine, "connect", _on_connect)
        event.listen(self.engine, "begin", _on_begin)
        self._write_engine = self.engine.execution_options(immediate=True)
        try:
            with self._classified():
                migration = schema.migrate(self.path, self.engine, self._write_engine)
        except Exception:
            self.engine.dispose()
            raise
        self.schema_version = migration.head
        self.backup_path = migration.backup_path

    def close(self) -> None:
        with self._lookup_lock:
            conns, self._lookup_conns = self._lookup_conns, []
        for conn in conns:
            conn.close()
        self._local = threading.local()
        self.engine.dispose()

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed when the block ends, rolled back if it raises."""
        with self._classified(), self._write_engine.begin() as conn:
            yield conn
        self.last_fault = None  # a write went through: whatever failed before is over

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading (a deferred transaction, rolled back at the end)."""
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

    def lookup_connection(self) -> sqlite3.Connection:
        """A per-thread, query-only SQLite connection for the resident's status lookup.

        The lookup is the one hot read (a resident waits on it, against up to a million
        cached statuses), so it skips the pool and statement machinery: two primary-key /
        unique-index probes on a raw connection take tens of microseconds.
        """
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
            with self._lookup_lock:
                self._lookup_conns.append(conn)
        return conn

    def integrity_check(self) -> str:
        with self.read() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def pragma(self, name: str) -> Any:
        if not name.isidentifier():
            raise ValueError(name)
        with self.read() as conn:
            return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


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
