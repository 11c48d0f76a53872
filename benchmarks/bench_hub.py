"""Hub load: a simulated fleet heartbeating every 30 s and submitting, against SQLite and PostgreSQL.

4,000 terminals (ten times Jinan's 400) each send a signed heartbeat every 30 s
(spread evenly over the period) and a quarter of them submit one sealed
application, for one period (quick: 400 terminals with the period compressed
tenfold to 3 s, which is the full fleet's request rate for a tenth of the time). The load
is open-loop (requests leave on schedule whatever the latency, so queueing shows),
bounded in count and time, and targets only 127.0.0.1. The hub is the real
``kiosk-hub serve --workers N``, one process per core (they share only the database). The baseline is a trivial FastAPI endpoint on the
same uvicorn, driven by the same schedule in the same run.

Then a stepped run on the same hub: 1x, 1.5x, 2x, 3x... the fleet's request rate,
10 s a step (quick: 2 s), until p99 first passes 100 ms: that offered rate is the
saturation point.

Figures: p50/p99 latency (ms) and error count per backend; ratios to the baseline;
the hub's CPU time per request (its processes' user + system time from /proc,
which the machine's other load changes far less than latency); the stepped run.
Targets: p99 <= 100 ms and no errors; saturation at no less than 3x the fleet's rate.

Measured 2026-12-03, full run, 2 workers, on the shared two-core machine (other helpers' suites loaded it,
load average given; baselines are the trivial endpoint of the same run).

Before (FastAPI's general path: dependencies, three threadpool hops, the ORM session, response-model
validation):

| run (load)   | backend    | p50 / p99 ms   | baseline p50 / p99 | CPU ms/heartbeat | CPU ms/item | saturation |
|--------------|------------|----------------|--------------------|------------------|-------------|------------|
| 3 (0.2-2.4)  | SQLite     | 6.0 / 29.3     | 1.95 / 3.57        | 4.92             | 5.87        | 1.5x       |
| 3 (0.2-2.4)  | PostgreSQL | 9.6 / 185.7    | 1.77 / 3.20        | 4.81             | 4.87        | 1.5x       |
| 1 (8-15)     | SQLite     | 315 / 2611     | 3.47 / 64.2        | 5.57             | 4.94        | 1x         |
| 1 (8-15)     | PostgreSQL | 337 / 909      | 2.36 / 12.1        | 6.28             | 7.53        | 1x         |
| 2 (5-8)      | SQLite     | 1616 / 3651    | 3.48 / 26.9        | 5.16             | 5.38        | 1x         |
| 2 (5-8)      | PostgreSQL | 15.9 / 458     | 1.67 / 7.29        | 5.75             | 5.86        | 1x         |

Run 3's stepped run: 1x p99 14.0 ms (SQLite) and 19.6 ms (PostgreSQL); 1.5x 2,746 ms and 138 ms.

After (hub.hotpath: one body parse, one threadpool call on a Core connection, no ORM, no response
re-validation; the active release read once per 5 s per process):

| run (load)   | backend    | p50 / p99 ms   | baseline p50 / p99 | CPU ms/heartbeat | CPU ms/item | saturation |
|--------------|------------|----------------|--------------------|------------------|-------------|------------|
| 5 (2.2-4.8)  | SQLite     | 7.0 / 217      | 2.30 / 7.75        | 3.66             | 4.68        | 1.5x       |
| 5 (2.2-4.8)  | PostgreSQL | 18.5 / 166     | 2.18 / 4.34        | 4.26             | 5.07        | 1x (108 ms)|
| 4 (3-6)      | SQLite     | 2210 / 5954    | 2.52 / 8.81        | 4.24             | 4.67        | 1x         |
| 4 (3-6)      | PostgreSQL | 15.4 / 116     | 2.28 / 7.97        | 3.59             | 4.34        | 1.5x       |
| 6 (2.8-6.5)  | SQLite     | 13.0 / 2242    | 2.25 / 375         | 3.55             | 4.08        | 1x         |
| 6 (2.8-6.5)  | PostgreSQL | 14.3 / 92.6    | 2.45 / 5.06        | 4.02             | 3.77        | 1.5x       |

Run 5's stepped run: 1x p99 20.6 ms (SQLite) and 108 ms (PostgreSQL); 1.5x 1,434 ms on SQLite. Run 6's:
1x 626 ms (SQLite, in a machine stall: the trivial endpoint's p99 was 375 ms) and 60.8 ms (PostgreSQL),
1.5x 771 ms (PostgreSQL). Run 4 (the Core path without the release cache) had my own test runs beside it. Targets NOT met: p99 <= 100 ms
at 1x on both backends only at the quietest moments, saturation 1.5x against 3x.

Where the time goes now (same code, measured alone, load ~1):
- In process, the ASGI app driven directly (threadpool included), median CPU per request: heartbeat
  3.5-4.7 ms before, 2.0-2.3 ms after; one-item submission 5.1-5.6 ms before, 2.5-3.2 ms after.
  Run inline (no threadpool), a heartbeat is 1.4 ms.
- A real one-worker ``kiosk-hub serve`` at 150 heartbeats a second, CPU per request from /proc per thread:
  5.07 ms before, 3.65 ms after: the event-loop thread 1.1 ms (the trivial FastAPI endpoint on the same
  uvicorn costs 1.0-1.1 ms a request in all, so HTTP parsing, Starlette's middleware and routing are
  the floor), the threadpool threads 2.5 ms.
- cProfile inside that server (every thread): the threadpool side is the real work, the Ed25519 check
  (0.13-0.2 ms), five sqlite3/psycopg executions and two commits (SQLite: the reader transaction, then the
  write transaction), SQLAlchemy Core's per-statement path (~60-80 us each); the rest is waiting for the
  GIL, which every database call gives up and must take back from the event loop (with the process's one
  SQLite writer lock held meanwhile, that wait is also where the latency tails come from).
- Why not run the work on the event loop (1.4 ms instead of ~2.5): a blocked loop cannot run the exit of a
  sync endpoint's session dependency, which is what releases the SQLite writer lock (and, on PostgreSQL,
  a pooled connection) another request holds: the loop would wait for a lock only it can free.
3x the fleet (~500 requests a second with the generator on the same two cores) needs ~1.5 ms a request;
uvicorn + FastAPI alone take 1.0 ms of that here. It needs more cores, a faster machine, or the two terminal
requests served outside this framework stack (and, on PostgreSQL, the nonce, counter and heartbeat folded
into one statement).

Tried and not kept (branch hub4, stop 30): a pre-dispatch serving the two POSTs past Starlette's router,
FastAPI's exception middleware and its route wrapper. Two full runs with it (load 1.7-4.2 and 2.8-5.3): CPU
per heartbeat 3.39-3.83 ms against 3.55-4.26 before, p99 at 1x 81.8 / 103 ms (SQLite) and 178 / 93.3 ms
(PostgreSQL), saturation 1x-1.5x: the saving (~0.05 ms in process) is inside the runs' spread, so the
code did not earn its place.

Where a request's CPU goes, layer by layer (measured alone where possible; the in-process figures drive
the ASGI app directly):
- uvicorn + httptools + uvloop + the socket calls: ~0.9 ms (the trivial FastAPI endpoint is 1.0 ms in a
  real server; the framework part of it is ~0.1 ms in process).
- Starlette/FastAPI layers in front of the hot handler: 0.11-0.13 ms (endpoint stubbed, no threadpool).
- The threadpool hop: ~0.2 ms in process (stubbed endpoint 0.24-0.29 ms against 0.07-0.11 inline), more
  under load (the GIL handed back and forth). It cannot go: work on the event loop would hold it while
  waiting for a SQLite write lock or a pooled connection that only the loop's other requests release.
- JSON: the bounds check 2 us (byte counts, nothing parsed: there is no double parse to save), pydantic's
  ``model_validate_json`` 11 us, the reply ~10 us.
- Ed25519 verification 0.13-0.2 ms.
- The database: ~4.3 SQLAlchemy Core executions and two commits per request (SQLite: the read, then the
  write transaction), 60-80 us of SQLAlchemy each besides the driver: ~0.6-1.0 ms, plus the GIL waits.
Summed, ~2.2-2.5 ms with no framework left at all, against the ~1.5 ms 3x needs; and the load generator
(which signs every request with Ed25519 and runs its own HTTP client) shares the same two cores. Folding
the nonce, counter and heartbeat UPDATE into one PostgreSQL statement would save one execution (~0.1 ms
and a round trip); not done.

Stop 31 (2026-12-03): SQLite's write turn across processes (hub.write_turn: an flock beside the database,
given back after COMMIT returns, instead of SQLite's sleeping busy handler between the two workers) and
the hot requests on SQLite run on the event loop's own thread (hub.hotpath.on_the_loop: the lookup and the
signature as a reader, the turn awaited without blocking the loop, then one write transaction; no
threadpool hop, no GIL handed back and forth while the turn is held). The generator now runs on uvloop,
reads each reply's head in one call and reports its own CPU (0.24-0.54 ms a request).
One full ``make bench`` (quiet, load 0.5 at its start; trivial endpoint p50 / p99 1.37 / 2.85 ms):

| backend    | p50 / p99 at 1x | CPU ms/heartbeat / item | stepped p99 1x / 1.5x / 2x / 2.5x / 3x     | saturation |
|------------|-----------------|-------------------------|--------------------------------------------|------------|
| SQLite     | 5.0 / 15.8      | 3.86 / 4.37             | 7.8 / 15.3 / 17.8 / 32.5 / 302 ms          | 3x (was 2x)|
| PostgreSQL | 7.3 / 98.4      | 3.84 / 4.05             | 16.9 / 423 ms                              | 1.5x       |

In process (no HTTP), a SQLite heartbeat went from ~2.0-2.3 ms of CPU on the threadpool to ~1.2-1.6 ms on
the loop. In the real one-worker server at 150 heartbeats a second it is still ~4 ms: py-spy over 12 s
(samples of the event loop's thread, which now does all the work): uvicorn and httptools outside the app 7%,
Starlette/FastAPI middleware and routing 15% (route matching alone 3%), the hot handler 78%: the lookup
and signature 29% (Ed25519 ~10%), the write transaction 35%, parsing and the reply the rest. Of all
database time, SQLAlchemy Core's per-statement work (execution context, cache key, parameters, result
setup) is ~22% of the thread against ~9% in sqlite3 itself. The trivial FastAPI endpoint costs 1.23 ms of
CPU a request on the same uvicorn; the generator 0.5 ms. At 3x (500 requests a second) the hub alone needs
~2 cores: the next steps are the hot statements on the DBAPI cursor (the ~22%), and for PostgreSQL,
whose requests stay on the threadpool (the loop would sit through each commit's fsync), a shorter GIL
switch interval or an async driver for the two hot routes.

Stop 32 (2026-12-03, the same hub code on a machine about three times faster: the trivial endpoint's
p50 0.36-0.49 ms, the hub's CPU per heartbeat 1.30 ms on SQLite and 1.65 ms on PostgreSQL). One full
``make bench``, quiet:

| backend    | p50 / p99 at 1x | CPU ms/heartbeat / item | stepped p99 1x / 1.5x / 2x / 2.5x / 3x / 4x / 6x / 8x | saturation |
|------------|-----------------|-------------------------|-------------------------------------------------------|------------|
| SQLite     | 1.89 / 5.19     | 1.30 / 1.53             | 3.2 / 3.3 / 3.1 / 4.7 / 3.5 / 13.1 / 64.1 / 1,151 ms  | 8x         |
| PostgreSQL | 3.27 / 6.26     | 1.65 / 1.79             | 5.1 / 6.7 / 5.1 / 7.1 / 35.1 / 455 ms                 | 4x         |

Every target is met in that run. The margin is the machine's: at stop 31's speed the same code saturated
at 2.5x-3x (SQLite) and 1.5x (PostgreSQL), PostgreSQL's requests costing ~4 ms of CPU against the ~2 ms a
request that 3x leaves on two cores beside the generator.

Run: ``python -m benchmarks.bench_hub [--quick]``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvloop

from contract import crypto, tracking
from hub import audit
from hub.db import make_engine, make_sessionmaker
from hub.enrolment import create_enroll_token, enroll
from hub.keys import load_or_create
from hub.migrate import upgrade
from hub.testing import (
    REPO_ROOT,
    available_postgres,
    create_database,
    free_port,
    private_cluster,
    serve_process,
    wait_ready,
)

PERIOD_S = 30.0
SUBMIT_SHARE = 0.25  # a quarter of the fleet submits once in the period
HUB_WORKERS = os.cpu_count() or 2  # one uvicorn worker per core, as deployed (2 on the terminal-room server)
CONTENT_LENGTH = re.compile(r"(?im)^content-length:[ \t]*(\d+)")
MAX_IN_FLIGHT = 64  # keep-alive connections of the load generator
STEPS = (1, 1.5, 2, 2.5, 3, 4, 6, 8)  # offered load in multiples of the 4,000-terminal rate (the stepped run)

TRIVIAL_APP = """
import sys, uvicorn
from fastapi import FastAPI, Request
app = FastAPI()
@app.get("/healthz")
def health(): return {"status": "ok"}
@app.post("/api/v1/heartbeat")
async def beat(request: Request):
    await request.body()
    return {"commands": [], "server_time": "now"}
@app.post("/api/v1/outbox")
async def outbox(request: Request):
    await request.body()
    return {"results": []}
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def _process_tree_cpu_s(pid: int) -> float:
    """User + system CPU seconds of ``pid`` and every live descendant (the uvicorn workers), from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        parents.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        todo.extend(parents.get(current, []))
    return total


class Fleet:
    """Enrolled terminals (straight into the database, as ``enroll`` would do over HTTP)."""

    def __init__(self, db_url: str, size: int) -> None:
        engine = make_engine(db_url)
        upgrade(engine)
        self.terminals: list[dict[str, Any]] = []
        sessions = make_sessionmaker(engine)
        with sessions() as session:
            sealing = None
            for n in range(size):
                key = crypto.new_signing_key()
                token, _ = create_enroll_token(session, audit.CLI_ACTOR, f"社区{n % 200:03d}", f"区{n % 10}", 3600)
                terminal = enroll(session, token, crypto.b64e(crypto.public_bytes(key)), f"bench-{n}")
                self.terminals.append({"id": terminal.id, "no": terminal.terminal_no, "key": key})
                if n % 500 == 499:
                    session.commit()
            session.commit()
        engine.dispose()
        del sealing


def _heartbeat(bundle_version: int = 0) -> bytes:
    now = dt.datetime.now(dt.UTC).isoformat()
    return json.dumps({
        "at": now, "app_version": "0.1.0", "schema_version": 1, "bundle_version": bundle_version, "forms": {},
        "devices": {"idcard": {"status": "ok", "detail": ""}, "printer": {"status": "ok", "detail": ""}},
        "printer": {"online": True, "paper": "ok", "cover_open": False}, "outbox_depth": 0, "quarantined": 0,
        "last_sync": now, "last_error": None, "disk_free_mb": 2048.0, "uptime_s": 1000.0,
    }).encode()


def _submission(terminal_no: int, seq: int, sealing_key: bytes) -> bytes:
    payload = crypto.canonical_json({"answers": {"purpose": "school"}, "identity": {"name": "基准", "id_number": "x"}})
    number = tracking.make(dt.date.today(), terminal_no % 10000, seq % 9999 + 1)
    return json.dumps({"items": [{
        "id": str(uuid.uuid4()), "kind": "submission", "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "body": {"submission_id": str(uuid.uuid4()), "tracking_number": number, "service_id": "residence_certificate",
                 "form_id": "residence_certificate", "form_version": 1, "language": "zh_CN",
                 "sealed_payload": crypto.b64e(crypto.seal(sealing_key, payload))}}]}).encode()


def schedule(fleet: list[dict[str, Any]], window_s: float, sealing_key: bytes) -> list[tuple[float, str, dict, bytes]]:
    """(offset s, path, terminal, body) for one period squeezed into ``window_s``: every terminal heartbeats once,
    a share of them submits once, each at an even spread."""
    plan = []
    n = len(fleet)
    for i, term in enumerate(fleet):
        plan.append((window_s * i / n, "/api/v1/heartbeat", term, _heartbeat()))
        if i % int(1 / SUBMIT_SHARE) == 0:
            plan.append((window_s * ((i + n / 2) % n) / n, "/api/v1/outbox", term, _submission(term["no"], i, sealing_key)))
    plan.sort(key=lambda p: p[0])
    return plan


def _raw_request(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json",
            f"Content-Length: {len(body)}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _drive(port: int, plan: list[tuple[float, str, dict, bytes]], sign: bool) -> dict[str, Any]:
    """Open-loop load over keep-alive connections with a minimal HTTP/1.1 client (cheap, so the generator
    does not eat the CPU the server needs). Requests are signed up front; latency counts from the
    scheduled send time, so queueing anywhere shows."""
    now = time.time()
    requests = []
    for offset, path, term, body in plan:
        headers = crypto.request_headers(term["key"], term["id"], "POST", path, body, now + offset) if sign else {}
        requests.append((offset, path, _raw_request(path, body, headers)))
    latencies: list[float] = []
    timeline: list[tuple[float, float]] = []  # (scheduled offset s, latency ms)
    errors: dict[str, int] = {}
    queue: asyncio.Queue[tuple[float, str, bytes] | None] = asyncio.Queue()
    start = time.perf_counter() + 0.2
    for offset, path, raw in requests:
        queue.put_nowait((start + offset, path, raw))
    for _ in range(MAX_IN_FLIGHT):
        queue.put_nowait(None)

    def fail(kind: str) -> None:
        errors[kind] = errors.get(kind, 0) + 1

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (item := await queue.get()) is not None:
                at, path, raw = item
                delay = at - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                try:
                    writer.write(raw)
                    await writer.drain()
                    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                    status = int(head.split(" ", 2)[1])
                    found = CONTENT_LENGTH.search(head)
                    payload = await reader.readexactly(int(found.group(1)) if found else 0)
                except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError,
                        IndexError) as exc:
                    fail(type(exc).__name__)
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append((time.perf_counter() - at) * 1000)
                timeline.append((at - start, latencies[-1]))
                if status != 200:
                    fail(str(status))
                elif sign and path.endswith("outbox") and json.loads(payload)["results"][0]["status"] != "accepted":
                    fail("not_accepted")
        finally:
            writer.close()

    lag: list[tuple[float, float]] = []  # (offset s, event-loop lag ms): is the generator itself keeping up?
    running = True

    async def ticker() -> None:
        while running:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lag.append((before - start, (time.perf_counter() - before - 0.01) * 1000))

    began = time.perf_counter()
    tick = asyncio.ensure_future(ticker())
    await asyncio.gather(*(worker() for _ in range(MAX_IN_FLIGHT)))
    running = False
    await tick
    elapsed = time.perf_counter() - began
    worst_lag = max(lag, key=lambda t: t[1]) if lag else (0.0, 0.0)
    latencies.sort()
    slow = sorted(timeline, key=lambda t: -t[1])[: max(1, len(timeline) // 100)]
    return {
        "requests": len(plan), "errors": sum(errors.values()), "error_kinds": errors,
        "slowest_1pct_at_s": [round(min(t for t, _ in slow), 1), round(max(t for t, _ in slow), 1)] if slow else None,
        "generator_max_lag_ms": round(worst_lag[1], 1), "generator_max_lag_at_s": round(worst_lag[0], 1),
        "p50_ms": round(statistics.median(latencies), 2) if latencies else None,
        "p99_ms": round(latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 2) if latencies else None,
        "max_ms": round(latencies[-1], 2) if latencies else None, "rps": round(len(plan) / elapsed, 1),
    }


def drive(port: int, plan: list[tuple[float, str, dict, bytes]], sign: bool) -> dict[str, Any]:
    """:func:`_drive` on uvloop, and what the generator's own CPU cost per request (it shares the machine's
    cores with the hub: every millisecond it spends is one the hub does not get)."""
    before = time.process_time()
    figures = uvloop.run(_drive(port, plan, sign))
    figures["generator_cpu_ms_per_request"] = round((time.process_time() - before) * 1000 / max(1, len(plan)), 3)
    return figures


@contextmanager
def trivial_server() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", TRIVIAL_APP, str(port)], cwd=REPO_ROOT)
    try:
        wait_ready(f"http://127.0.0.1:{port}", process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def settle(db_url: str) -> None:
    """After bulk-enrolling the fleet, do the maintenance a running hub would long have done (statistics,
    checkpoint), so the run measures steady state rather than the aftermath of the bulk load."""
    engine = make_engine(db_url)
    try:
        if engine.dialect.name == "postgresql":
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
                conn.exec_driver_sql("CHECKPOINT")
        elif engine.url.database:
            lite = sqlite3.connect(engine.url.database, isolation_level=None)
            try:
                lite.execute("ANALYZE")
                lite.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            finally:
                lite.close()
    finally:
        engine.dispose()


def at_rate(fleet: list[dict[str, Any]], rate: float, window_s: float, sealing_key: bytes,
            first_seq: int) -> list[tuple[float, str, dict, bytes]]:
    """``rate`` requests a second for ``window_s``, in the fleet's own mix (per period every terminal
    heartbeats once and a quarter of them submit: one request in five is a submission)."""
    every = round(1 + 1 / SUBMIT_SHARE)
    count = max(1, int(rate * window_s))
    plan = []
    for k in range(count):
        term = fleet[(first_seq + k) % len(fleet)]
        body = (_submission(term["no"], first_seq + k, sealing_key) if k % every == every - 1 else _heartbeat())
        plan.append((window_s * k / count, "/api/v1/outbox" if k % every == every - 1 else "/api/v1/heartbeat",
                     term, body))
    return plan


def one_kind(fleet: list[dict[str, Any]], path: str, count: int, rate: float, sealing_key: bytes,
             first_seq: int) -> list[tuple[float, str, dict, bytes]]:
    """``count`` fresh requests of one class (heartbeats, or one-item submissions) at ``rate`` a second."""
    plan = []
    for k in range(count):
        term = fleet[(first_seq + k) % len(fleet)]
        body = _heartbeat() if path.endswith("heartbeat") else _submission(term["no"], first_seq + k, sealing_key)
        plan.append((k / rate, path, term, body))
    return plan


def cpu_per_class(port: int, pid: int, fleet: list[dict[str, Any]], sealing_key: bytes, rate: float,
                  count: int) -> dict[str, float]:
    """The hub's CPU milliseconds per heartbeat and per submitted item: each class alone at the fleet's rate,
    the server's process tree's CPU time (/proc) before and after."""
    out = {}
    for name, path, seq in (("heartbeat", "/api/v1/heartbeat", 10**6), ("submitted_item", "/api/v1/outbox", 2 * 10**6)):
        plan = one_kind(fleet, path, count, rate, sealing_key, seq)
        before = _process_tree_cpu_s(pid)
        figures = drive(port, plan, sign=True)
        out[f"hub_cpu_ms_per_{name}"] = round((_process_tree_cpu_s(pid) - before) * 1000 / count, 2)
        out[f"{name}_alone_p50_ms"] = figures["p50_ms"]
        out[f"{name}_alone_errors"] = figures["errors"]
    return out


def saturation(port: int, fleet: list[dict[str, Any]], sealing_key: bytes, fleet_rate: float,
               step_s: float) -> dict[str, Any]:
    """Offer 1x, 1.5x, 2x, 3x... the 4,000-terminal rate, ``step_s`` each, until p99 first passes 100 ms.

    The saturation point is that first offered rate (or "above" the last step when none passes)."""
    steps: list[dict[str, Any]] = []
    seq = 0
    for factor in STEPS:
        rate = fleet_rate * factor
        plan = at_rate(fleet, rate, step_s, sealing_key, seq)
        seq += len(plan)
        figures = drive(port, plan, sign=True)
        steps.append({"x": factor, "offered_rps": round(rate, 1), "served_rps": figures["rps"],
                      "p50_ms": figures["p50_ms"], "p99_ms": figures["p99_ms"], "errors": figures["errors"],
                      "generator_max_lag_ms": figures["generator_max_lag_ms"],
                      "generator_cpu_ms_per_request": figures["generator_cpu_ms_per_request"]})
        if (figures["p99_ms"] or 0) > 100 or figures["errors"]:
            return {"steps": steps, "saturation_rps": round(rate, 1), "saturation_x": factor,
                    "target_x": 3, "meets_target": factor > 3}
    return {"steps": steps, "saturation_rps": f"above {round(fleet_rate * STEPS[-1], 1)}",
            "saturation_x": f"above {STEPS[-1]}", "target_x": 3, "meets_target": True}


def bench_backend(db_url: str, data_dir: Path, size: int, window_s: float,
                  workers: int = HUB_WORKERS, step_s: float = 10.0) -> dict[str, Any]:
    fleet = Fleet(db_url, size).terminals
    settle(db_url)

    sealing_key = load_or_create(data_dir).sealing_public
    plan = schedule(fleet, window_s, sealing_key)
    port = free_port()
    warm = min(50, len(plan))
    with serve_process(data_dir, db_url, port=port, env={"KIOSK_HUB_TERMINAL_RATE": "0"},
                       workers=workers) as (_url, process):
        drive(port, _fresh(plan[:warm]), sign=True)  # warm-up: connections, caches
        cpu_before = _process_tree_cpu_s(process.pid)
        hub = drive(port, _fresh(plan[warm:]), sign=True)
        hub["hub_cpu_ms_per_request"] = round((_process_tree_cpu_s(process.pid) - cpu_before) * 1000
                                              / max(1, len(plan) - warm), 2)
        hub.update(cpu_per_class(port, process.pid, fleet, sealing_key, len(plan) / window_s,
                                 count=min(1000, len(fleet))))
        stepped = saturation(port, fleet, sealing_key, len(plan) / window_s, step_s)
    with trivial_server() as trivial_port:
        baseline = drive(trivial_port, _fresh(plan[warm:]), sign=False)
    return {
        "terminals": size, "window_s": window_s, "hub_workers": workers, **hub,
        "baseline_p50_ms": baseline["p50_ms"], "baseline_p99_ms": baseline["p99_ms"],
        "baseline_errors": baseline["errors"],
        "p50_ratio_vs_baseline": round(hub["p50_ms"] / max(baseline["p50_ms"], 1e-3), 2),
        "p99_ratio_vs_baseline": round(hub["p99_ms"] / max(baseline["p99_ms"], 1e-3), 2),
        "target_p99_ms": 100, "meets_target": hub["p99_ms"] <= 100 and hub["errors"] == 0,
        # a trivial endpoint slower than this means the machine itself stalled during the run (shared cores)
        "machine_stall_suspected": baseline["p99_ms"] > 50,
        "stepped": stepped,
    }


def _fresh(plan: list[tuple[float, str, dict, bytes]]) -> list[tuple[float, str, dict, bytes]]:
    """Re-base offsets to zero (after the warm-up slice)."""
    if not plan:
        return plan
    first = plan[0][0]
    return [(offset - first, path, term, body) for offset, path, term, body in plan]


def run(quick: bool) -> dict[str, Any]:
    size = 400 if quick else 4000
    window = 3.0 if quick else PERIOD_S  # quick: one tenth of the fleet, ten times faster: the full fleet's rate
    results: dict[str, Any] = {"quick": quick, "heartbeat_period_s": PERIOD_S, "submit_share": SUBMIT_SHARE}
    with tempfile.TemporaryDirectory(prefix="bench-hub-") as tmp:
        sqlite_dir = Path(tmp) / "sqlite"
        sqlite_dir.mkdir()
        step = 2.0 if quick else 10.0
        results["sqlite"] = bench_backend(f"sqlite:///{sqlite_dir / 'hub.sqlite3'}", sqlite_dir, size, window,
                                          step_s=step)
        reason = available_postgres()
        if reason:
            results["postgres"] = {"skipped": reason}
        else:
            with private_cluster(fsync=True) as server:  # durable, as deployed (tests run with fsync off)
                pg_dir = Path(tmp) / "pg"
                pg_dir.mkdir()
                results["postgres"] = bench_backend(create_database(server, "bench"), pg_dir, size, window,
                                                    step_s=step)
    return results


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1, ensure_ascii=False))
