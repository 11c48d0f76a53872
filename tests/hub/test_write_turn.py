"""SQLite's write turn (hub.write_turn): one writer at a time across threads AND processes, queued outside
SQLite's sleeping busy handler; and the hot path that tries a request on the event loop first and goes to
the threadpool only when another writer holds the turn (issue 17). Every wait here is on an event or a
process, never on a clock."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text

from hub.db import make_engine, write_turn_of
from hub.migrate import upgrade
from hub.write_turn import TurnConnection, WriteTurn, WriteTurnBusy, lock_file_of
from tests.hub.conftest import Hub
from tests.hub.test_hot_path import beat

HOLDER = """
import sys
from sqlalchemy import text
from hub.db import make_engine
engine = make_engine(sys.argv[1])
with engine.begin() as conn:
    conn.execute(text("INSERT INTO rate_counters (key, window, count) VALUES ('holder', 1, 1)"))
    print("holding", flush=True)
    sys.stdin.readline()  # the test says when to commit
print("committed", flush=True)
"""


@pytest.fixture
def db_url(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    yield url


@contextmanager
def holder(db_url: str) -> Iterator[subprocess.Popen[str]]:
    """Another process in the middle of a write transaction on the same database."""
    with subprocess.Popen([sys.executable, "-c", HOLDER, db_url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"}) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline() == "holding\n"
            yield process
        finally:
            if process.poll() is None:
                process.kill()
            process.wait(timeout=30)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    made = make_engine(db_url)
    yield made
    made.dispose()


def let_commit(process: subprocess.Popen[str]) -> None:
    """Tell the holder to commit."""
    assert process.stdin is not None
    process.stdin.write("\n")
    process.stdin.flush()


def write(engine: Engine, key: str) -> None:
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO rate_counters (key, window, count) VALUES (:k, 1, 1)"), {"k": key})
        conn.commit()


def turn_of(engine: Engine) -> WriteTurn:
    turn = write_turn_of(engine)
    assert turn is not None
    return turn


def test_a_writer_in_another_process_holds_the_turn_until_its_commit_returns(db_url: str, engine: Engine) -> None:
    with holder(db_url) as process:
        with pytest.raises(WriteTurnBusy):
            turn_of(engine).take(wait=False)
        done = threading.Event()

        def wait_then_write() -> None:
            write(engine, "waiter")
            done.set()

        waiter = threading.Thread(target=wait_then_write)
        waiter.start()
        assert not done.wait(0.3)  # still the other process's turn
        let_commit(process)
        assert process.stdout is not None and process.stdout.readline() == "committed\n"
        waiter.join(timeout=30)
        assert done.is_set()
    with engine.connect() as conn:
        keys = set(conn.execute(text("SELECT key FROM rate_counters")).scalars())
    assert keys == {"holder", "waiter"}


def test_the_turn_comes_back_when_its_holder_is_killed(db_url: str, engine: Engine) -> None:
    with holder(db_url) as process:
        with pytest.raises(WriteTurnBusy):
            turn_of(engine).take(wait=False)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        turn_of(engine).take(wait=False)  # the kernel dropped the dead process's lock
        turn_of(engine).give_back()
        write(engine, "after")


def test_a_waiter_gives_up_after_the_timeout_with_a_clear_error(tmp_path: Path) -> None:
    lock = tmp_path / "db-writer.lock"
    first, second = WriteTurn(lock, timeout_s=30), WriteTurn(lock, timeout_s=0.05)  # two open files: two processes
    first.take(wait=True)
    with pytest.raises(TimeoutError, match="no SQLite write turn within 0.05 s"):
        second.take(wait=True)
    first.give_back()
    second.take(wait=False)
    second.give_back()


def test_the_turn_is_given_back_after_commit_and_even_when_commit_fails(tmp_path: Path) -> None:
    turn = WriteTurn(tmp_path / "db-writer.lock", timeout_s=1)
    conn = sqlite3.connect(tmp_path / "db.sqlite3", isolation_level=None, factory=TurnConnection)
    assert isinstance(conn, TurnConnection)
    conn.turn = turn
    conn.take_turn()
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    assert not conn.holds_turn
    turn.take(wait=False)  # free again
    turn.give_back()
    conn.take_turn()
    conn.close()
    with pytest.raises(sqlite3.ProgrammingError):
        conn.commit()  # a closed connection cannot commit...
    turn.take(wait=False)  # ...and still the turn came back
    turn.give_back()


def test_the_lock_file_sits_beside_the_database_and_memory_has_none(tmp_path: Path) -> None:
    assert lock_file_of(str(tmp_path / "hub.sqlite3")) == Path(f"{tmp_path / 'hub.sqlite3'}-writer.lock")
    assert lock_file_of(":memory:") is None
    assert lock_file_of(None) is None


@contextmanager
def threads_of_statements(engine: Engine) -> Iterator[list[tuple[str, str]]]:
    seen: list[tuple[str, str]] = []

    def before(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.append((threading.current_thread().name, " ".join(statement.split()[:3])))

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


WORKER = "AnyIO worker thread"


def test_a_heartbeat_waits_for_the_turn_on_the_event_loop_without_blocking_it(hub: Hub) -> None:
    sim = hub.terminal()
    beat(sim)
    engine = hub.client.app.state.engine  # type: ignore[attr-defined]
    with threads_of_statements(engine) as seen:
        beat(sim)
    assert seen and not any(thread == WORKER for thread, _ in seen)  # all on the loop's thread
    # the lookup and the signature in a reader transaction, then the write turn and one write transaction
    assert [s for _, s in seen] == ["BEGIN", "SELECT terminals.id, terminals.terminal_no,", "BEGIN IMMEDIATE",
                                   "INSERT INTO nonces", "INSERT INTO rate_counters", "UPDATE terminals SET"]

    with holder(hub.db_url) as process, threads_of_statements(engine) as seen:
        replies: list[dict[str, object]] = []
        sender = threading.Thread(target=lambda: replies.append(beat(sim)))
        sender.start()
        sender.join(timeout=0.3)
        assert sender.is_alive()  # waiting for the other process's turn...
        assert hub.client.get("/healthz").status_code == 200  # ...while the same event loop serves others
        assert sender.is_alive()
        let_commit(process)
        sender.join(timeout=30)
    assert len(replies) == 1 and replies[0]["commands"] == []
    on_loop = [s for thread, s in seen if thread != WORKER]
    assert on_loop == ["BEGIN", "SELECT terminals.id, terminals.terminal_no,", "BEGIN IMMEDIATE",
                       "INSERT INTO nonces", "INSERT INTO rate_counters", "UPDATE terminals SET"]
    healthz = [s for thread, s in seen if thread == WORKER]
    assert healthz and all("alembic_version" in s or s == "BEGIN" for s in healthz)  # a read, no write turn


def test_the_console_pages_that_only_read_are_served_while_another_process_writes(hub: Hub) -> None:
    """The sign-in check and the pages that only read (home, fleet, a terminal's page, recurring faults,
    statistics and their downloads) run as SQLite readers: while another process holds the write turn they
    are served at once (one that took the turn would wait for it, then fail after 30 s), and they never keep
    a heartbeat waiting behind a page's queries."""
    sim = hub.terminal()
    beat(sim)
    login = hub.client.get("/console/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf is not None
    signed_in = hub.client.post("/console/login", data={"token": hub.tokens["admin"], "csrf": csrf.group(1)},
                                follow_redirects=False)
    assert signed_in.status_code == 303, signed_in.text
    with holder(hub.db_url) as process:
        with pytest.raises(WriteTurnBusy):  # the other process's turn, as the pages are asked for
            turn_of(hub.client.app.state.engine).take(wait=False)  # type: ignore[attr-defined]
        for path in ("/console/", "/console/fleet", f"/console/fleet/{sim.terminal_id}", "/console/fleet/faults",
                     "/console/statistics", "/console/statistics.csv", "/console/statistics.xlsx"):
            page = hub.client.get(path)
            assert page.status_code == 200, (path, page.text[:300])
            assert path != "/console/fleet" or sim.terminal_id in page.text
        let_commit(process)
