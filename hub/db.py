"""Engines and sessions for SQLite (default, embedded) and PostgreSQL.

SQLite runs in WAL mode and every transaction that may write starts with
``BEGIN IMMEDIATE`` after taking the write turn every thread and process of the
hub queue for (hub.write_turn): taking the write lock up front turns would-be
``SQLITE_BUSY`` upgrade failures into a short wait in that queue.

Durability: ``synchronous=NORMAL`` (the default) never corrupts the database,
but a power cut (not a crash of the hub process) can lose the last commits,
and with them submissions the hub has already acknowledged. Measured here,
``FULL`` puts an fsync inside every write turn and the fleet's p50 rises from
~6 ms to hundreds of ms on this machine's disk, so the embedded database keeps
``NORMAL`` and says so: production deployments that must survive power cuts
use PostgreSQL (``synchronous_commit=on``), or set
``KIOSK_HUB_SQLITE_SYNCHRONOUS=FULL``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import JSON, Connection, DateTime, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from hub.write_turn import TurnConnection, WriteTurn, lock_file_of

LOCK_TIMEOUT_S = 30
PG_POOL_SIZE = 16  # connections per hub process (see make_engine)
READER = "hub_reader"  # execution option: this SQLite transaction only reads (see read_first)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The one declarative base of every hub table (hub.models, hub.community_models)."""

    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def _system_now() -> datetime:
    return datetime.now(UTC)


_now: Callable[[], datetime] = _system_now  # replaced only by tests (set_clock)


def utcnow() -> datetime:
    """The hub's idea of the current time: every date the hub computes or records ("today's" queue, a
    topic's voting period, received_at) comes from here, so a test can pin it (:func:`set_clock`)."""
    return _now().astimezone(UTC)


def set_clock(now: Callable[[], datetime] | None) -> None:
    """Pin the hub's wall clock in this process (``None`` puts the system clock back). Request
    signatures are still checked against the system clock the terminals sign with."""
    global _now
    _now = now or _system_now


def normalise_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (the driver the project installs)."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def private_dir(path: Path) -> None:
    """The hub's data directory holds its keys and database: only its owner may enter it."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_uid == os.geteuid():
        path.chmod(0o700)


def private_file(database: str) -> None:
    """Create the SQLite file 0600 before SQLite does (it would follow the umask, 0644); SQLite gives its
    -wal and -shm files the database file's mode. An existing file is made private too."""
    path = Path(database)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    if path.stat().st_uid == os.geteuid():
        path.chmod(0o600)


def make_engine(url: str) -> Engine:
    synchronous = os.environ.get("KIOSK_HUB_SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in ("NORMAL", "FULL", "EXTRA"):
        raise ValueError("KIOSK_HUB_SQLITE_SYNCHRONOUS must be NORMAL, FULL or EXTRA")
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            private_file(parsed.database)
        turn = WriteTurn(lock_file_of(parsed.database), LOCK_TIMEOUT_S)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30, "factory": TurnConnection},
            isolation_level=None,  # we issue BEGIN ourselves (pysqlite's own handling breaks SAVEPOINT)
            pool_size=20,
            max_overflow=20,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.turn = turn
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # checkpoints run on the hub's checkpointer thread (start_checkpointer), never inside a
            # request's COMMIT, where their writes and fsyncs stalled every request behind them
            cur.execute("PRAGMA wal_autocheckpoint=0")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            if conn.get_execution_options().get(READER):
                conn.exec_driver_sql("BEGIN")  # WAL: a reader never waits for the writer, nor it for a reader
                return
            # the write turn of every thread and process (hub.write_turn), given back after COMMIT/ROLLBACK
            dbapi_conn = conn.connection.dbapi_connection
            dbapi_conn.take_turn()
            try:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            except BaseException:
                dbapi_conn.give_back_turn()
                raise

        _WRITE_TURNS[engine] = turn
        return engine
    # PostgreSQL: a fixed pool, no overflow. Overflow connections are closed when returned, so under a burst
    # each request forked a new server backend (milliseconds of CPU on both sides) just when CPU was
    # scarcest; with a fixed pool a burst waits its turn for a warm connection instead. Sixteen per
    # worker process covers more concurrent transactions than a few cores can run at once.
    return create_engine(url, pool_size=PG_POOL_SIZE, max_overflow=0, pool_timeout=LOCK_TIMEOUT_S,
                         pool_recycle=3600)


_WRITE_TURNS: weakref.WeakKeyDictionary[Engine, WriteTurn] = weakref.WeakKeyDictionary()


def write_turn_of(engine: Engine) -> WriteTurn | None:
    """The write turn of a SQLite engine made by :func:`make_engine` (None for PostgreSQL)."""
    return _WRITE_TURNS.get(engine)


class Checkpointer:
    """Copies the WAL into the SQLite database every few seconds, off the request path (PASSIVE: it never
    blocks writers). Without it the WAL only shrinks when the last connection closes."""

    def __init__(self, path: str, interval_s: float = 2.0) -> None:
        self.path = path
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hub-checkpointer", daemon=True)

    def start(self) -> Checkpointer:
        self._thread.start()
        return self

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, timeout=1, isolation_level=None, check_same_thread=False)
        try:
            while not self._stop.wait(self.interval_s):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                except sqlite3.Error:
                    continue  # busy now; next round
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


def start_checkpointer(engine: Engine) -> Checkpointer | None:
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Checkpointer(engine.url.database).start()


def read_first(session: Session) -> None:
    """Begin ``session``'s transaction as a reader: on SQLite it takes no write turn (PostgreSQL has none to take).

    A terminal request looks its terminal up and checks the signature before it writes; holding the one
    write turn through that check (0.5 ms of Ed25519, and whatever the GIL adds) made every other writer
    of the process wait for it. :func:`then_write` ends the reading part.
    """
    if session.get_bind().dialect.name == "sqlite" and not session.in_transaction():
        session.connection(execution_options={READER: True})


def then_write(session: Session) -> None:
    """After :func:`read_first`: end the read on SQLite, so the next statement takes the write turn (what was
    loaded stays loaded: sessions do not expire on commit). Otherwise the transaction goes on."""
    if session.in_transaction() and session.connection().get_execution_options().get(READER):
        session.commit()


def begin_reading(conn: Connection) -> None:
    """:func:`read_first` on a Core connection that has not begun: on SQLite its next transaction only reads."""
    if conn.dialect.name == "sqlite":
        conn.execution_options(**{READER: True})


def begin_writing(conn: Connection) -> None:
    """:func:`then_write` on a Core connection: end SQLite's read, so the next statement takes the write turn."""
    if conn.get_execution_options().get(READER):
        conn.commit()
        conn.execution_options(**{READER: False})


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def get_session(request: Request) -> Iterator[Session]:
    """The database session one request works in (API and console alike); whatever it did not commit is
    rolled back when the request ends."""
    session: Session = request.app.state.sessions()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]
