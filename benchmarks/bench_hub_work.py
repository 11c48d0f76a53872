"""Hub work per request: SQL statements and CPU time per heartbeat and per submitted item.

Latency on a shared two-core machine swings with whatever else runs; the work a
request does does not. In process (FastAPI TestClient over a real SQLite file,
and over a private PostgreSQL when one is installed), a fleet of terminals sends
heartbeats and one-item submission batches; per request we count the statements
the hub sends to the database (SQLAlchemy's ``before_cursor_execute``) and the
CPU time of this process (``time.process_time``: the hub, the client and the
SQLite engine, not the PostgreSQL server). ``/healthz`` through the same client
is the baseline, so ``*_cpu_ms_net`` is roughly the hub's own share (roughly: the
health check itself reads the schema revision, two or three statements). The parts of a
heartbeat that are pure computation (signature check, JSON parse and
validation) are timed alone as well.

Run: ``python -m benchmarks.bench_hub_work [--quick]``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contract import crypto
from hub.app import create_app
from hub.config import HubConfig
from hub.schemas import HeartbeatRequest
from hub.testing import (
    SimTerminal,
    available_postgres,
    count_statements,
    create_database,
    create_token,
    private_cluster,
)


def _per_call(fn: Callable[[], Any], n: int) -> float:
    """CPU milliseconds per call of ``fn`` over ``n`` calls (after one warm-up call)."""
    fn()
    t0 = time.process_time()
    for _ in range(n):
        fn()
    return (time.process_time() - t0) * 1000 / n


def _pure_parts(sim: Any, n: int) -> dict[str, float]:
    """Signature verification and JSON parsing + validation of one heartbeat, alone."""

    body = json.dumps(sim.heartbeat_body()).encode()
    headers = crypto.request_headers(sim.key, sim.terminal_id, "POST", "/api/v1/heartbeat", body, time.time())
    signed = crypto.request_sign_input("POST", "/api/v1/heartbeat", headers["X-Kiosk-Timestamp"],
                                       headers["X-Kiosk-Nonce"], body)
    public = crypto.public_bytes(sim.key)
    return {
        "verify_signature_cpu_ms": round(_per_call(lambda: crypto.verify(public, signed,
                                                                       headers["X-Kiosk-Signature"]), n), 3),
        "parse_heartbeat_cpu_ms": round(_per_call(lambda: HeartbeatRequest.model_validate_json(body), n), 3),
        "dump_heartbeat_cpu_ms": round(_per_call(
            lambda: HeartbeatRequest.model_validate_json(body).model_dump(mode="json"), n), 3),
    }


def measure(db_url: str, data_dir: Path, terminals: int, rounds: int) -> dict[str, Any]:

    app = create_app(HubConfig(data_dir=data_dir, db_url=db_url))  # the deployed rate limit: one more upsert
    admin = {"Authorization": f"Bearer {create_token(db_url, 'admin', 'bench')}"}
    out: dict[str, Any] = {}
    with TestClient(app) as client:
        sims = []
        for n in range(terminals):
            token = client.post("/api/v1/admin/enroll-tokens", json={"community": f"社区{n % 20}"},
                                headers=admin).json()["token"]
            sim = SimTerminal(client, hostname=f"bench-{n}")
            sim.enroll(token)
            sims.append(sim)
        engine = app.state.engine

        def heartbeats() -> None:
            for sim in sims:
                assert sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).status_code == 200

        seq = iter(range(1, 10**6))

        def submissions() -> None:
            for sim in sims:
                response = sim.signed("POST", "/api/v1/outbox", {"items": [sim.submission_item(next(seq))]})
                assert response.json()["results"][0]["status"] == "accepted", response.text

        def healthz() -> None:
            for _sim in sims:
                assert client.get("/healthz").status_code == 200

        heartbeats()  # warm-up (first heartbeats also write history)
        submissions()
        requests = terminals * rounds
        for name, fn in (("healthz", healthz), ("heartbeat", heartbeats), ("outbox_item", submissions)):
            with count_statements(engine) as statements:
                t0 = time.process_time()
                for _ in range(rounds):
                    fn()
                cpu = (time.process_time() - t0) * 1000 / requests
            out[f"{name}_statements"] = round(len(statements) / requests, 2)
            out[f"{name}_cpu_ms"] = round(cpu, 3)
        for name in ("heartbeat", "outbox_item"):
            out[f"{name}_cpu_ms_net"] = round(out[f"{name}_cpu_ms"] - out["healthz_cpu_ms"], 3)
        out.update(_pure_parts(sims[0], 200))
    app.state.engine.dispose()
    return out


def run(quick: bool) -> dict[str, Any]:
    terminals, rounds = (20, 2) if quick else (100, 4)
    results: dict[str, Any] = {"quick": quick, "terminals": terminals, "rounds": rounds}
    with tempfile.TemporaryDirectory(prefix="bench-hub-work-") as tmp:
        sqlite_dir = Path(tmp) / "sqlite"
        sqlite_dir.mkdir()
        results["sqlite"] = measure(f"sqlite:///{sqlite_dir / 'hub.sqlite3'}", sqlite_dir, terminals, rounds)
        reason = available_postgres()
        if reason:
            results["postgres"] = {"skipped": reason}
        else:
            with private_cluster() as server:
                pg_dir = Path(tmp) / "pg"
                pg_dir.mkdir()
                results["postgres"] = measure(create_database(server, "work"), pg_dir, terminals, rounds)
    return results


if __name__ == "__main__":
    os.environ.setdefault("PYTHONWARNINGS", "ignore")
    print(json.dumps(run(quick="--quick" in sys.argv), indent=1, ensure_ascii=False))
