"""SQLite's one write turn, taken by every writer of every hub process before ``BEGIN IMMEDIATE``.

SQLite lets one transaction write at a time. Left to itself, a writer that finds the database locked
sleeps in SQLite's busy handler (1, 2, 5, 10 ... 100 ms) and tries again: two ``serve --workers 2``
processes contending for the lock at a few hundred requests a second formed convoys with second-long
tails (issue 17). The turn is queued here instead:

- inside a process, on a ``threading.Lock`` (the next thread is woken the moment the lock is free);
- between processes, on an ``flock`` of ``<database>-writer.lock`` beside the database. A waiter polls it
  every 0.1-1 ms; only one thread per process polls (the others wait on the thread lock first), and
  the kernel drops the lock of a process that dies.

The turn is given back after ``COMMIT`` or ``ROLLBACK`` has returned (:class:`TurnConnection`), never
before: a turn handed over while the COMMIT was still running sent the next process's
``BEGIN IMMEDIATE`` into SQLite's busy handler, the very sleep this module exists to avoid.

A caller on the event loop never blocks it: :meth:`WriteTurn.take_soon` asks without waiting and, while
another writer holds the turn, lets the loop serve other requests between tries (hub.hotpath).
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import sqlite3
import threading
import time
from pathlib import Path

FIRST_PAUSE_S = 0.0001
LONGEST_PAUSE_S = 0.001


class WriteTurnBusy(Exception):
    """Another writer holds the turn, and the caller asked not to wait for it."""


class WriteTurn:
    """The turn of one database, for the threads of this process and, through the lock file, every other
    process that opens the same database with :func:`hub.db.make_engine`."""

    def __init__(self, lock_file: Path | None, timeout_s: float) -> None:
        self._threads = threading.Lock()
        self._lock_file = lock_file  # None: an in-memory database, which no other process can open
        self._fd: int | None = None
        self._fd_pid = 0
        self.timeout_s = timeout_s

    def take(self, wait: bool) -> None:
        """Hold the turn; raises WriteTurnBusy (``wait=False``) or TimeoutError after ``timeout_s``."""
        deadline = time.monotonic() + self.timeout_s
        taken = self._threads.acquire(timeout=self.timeout_s) if wait else self._threads.acquire(blocking=False)
        if not taken:
            raise self._refusal(wait)
        try:
            if self._lock_file is not None:
                self._lock_between_processes(wait, deadline)
        except BaseException:
            self._threads.release()
            raise

    async def take_soon(self) -> None:
        """:meth:`take` for the event loop: try, and between tries let the loop run (TimeoutError after
        ``timeout_s``)."""
        deadline = time.monotonic() + self.timeout_s
        pause = FIRST_PAUSE_S
        while True:
            try:
                self.take(wait=False)
                return
            except WriteTurnBusy:
                if time.monotonic() >= deadline:
                    raise self._refusal(wait=True) from None
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)

    def give_back(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._descriptor(), fcntl.LOCK_UN)
        self._threads.release()

    def _lock_between_processes(self, wait: bool, deadline: float) -> None:
        fd = self._descriptor()
        pause = FIRST_PAUSE_S
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if not wait or time.monotonic() >= deadline:
                    raise self._refusal(wait) from None
            time.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE_S)

    def _descriptor(self) -> int:
        """The lock file, opened once per process (a forked child opens its own: an flock belongs to the
        open file, which parent and child would otherwise share)."""
        if self._fd is None or self._fd_pid != os.getpid():
            assert self._lock_file is not None
            self._fd = os.open(self._lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._fd_pid = os.getpid()
        return self._fd

    def _refusal(self, wait: bool) -> Exception:
        if wait:
            return TimeoutError(f"no SQLite write turn within {self.timeout_s:g} s")
        return WriteTurnBusy()


class TurnConnection(sqlite3.Connection):
    """A pysqlite connection that gives the write turn back once its COMMIT or ROLLBACK has returned."""

    turn: WriteTurn | None = None  # set on connect (hub.db.make_engine)
    holds_turn = False

    def take_turn(self) -> None:
        """Wait for the turn (the ``begin`` of a write transaction), unless this connection holds it already."""
        assert self.turn is not None
        if not self.holds_turn:
            self.turn.take(wait=True)
            self.holds_turn = True

    def adopt_turn(self) -> None:
        """Hold the turn its caller took (:meth:`WriteTurn.take_soon`) until this connection's next COMMIT or
        ROLLBACK, or :meth:`give_back_turn`."""
        self.holds_turn = True

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_back_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_back_turn()

    def give_back_turn(self) -> None:
        if self.holds_turn and self.turn is not None:
            self.holds_turn = False
            self.turn.give_back()


def lock_file_of(database: str | None) -> Path | None:
    """Where the turn's lock file of ``database`` lives (None for an in-memory database)."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(f"{database}-writer.lock")
