"""Run a real hub for tests: ``run_hub(tmpdir)`` starts ``kiosk-hub serve`` on 127.0.0.1 on a free port.

Usable by any test suite (the terminal's sync tests use it)::

    with run_hub(tmp_path) as (base_url, admin_token):
        token = make_enroll_token(base_url, admin_token, community="示例社区")

The hub runs in its own process (the real uvicorn), with its data directory
under ``tmpdir``; it is stopped when the block ends.
"""

from __future__ import annotations

import json as _json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, NamedTuple

import httpx
from sqlalchemy import event

from contract import crypto, tracking
from contract.clock import BEIJING
from hub import audit
from hub.db import make_engine, make_sessionmaker
from hub.migrate import upgrade
from hub.tokens import create_api_token

REPO_ROOT = Path(__file__).resolve().parent.parent


class RunningHub(NamedTuple):
    base_url: str
    admin_token: str


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def create_token(db_url: str, role: str = "admin", name: str = "test", community: str | None = None) -> str:
    """A token straight in the database (what ``kiosk-hub token create`` does)."""
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        with make_sessionmaker(engine)() as session:
            secret, _row = create_api_token(session, audit.CLI_ACTOR, name, role, None, community)
            session.commit()
    finally:
        engine.dispose()
    return secret


def pinned_clock_env(start: datetime) -> dict[str, str]:
    """Environment that starts a child process's wall clock at ``start`` and lets it tick from there.

    Tests pin the hub's idea of "today" this way (libfaketime, Debian package ``faketime``), so that a
    test never depends on the real date: the terminal side of the same test runs on a ``FakeClock``
    started at the same instant.
    """
    libs = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))
    if not libs:
        raise RuntimeError("libfaketime is not installed (Debian package faketime)")
    stamp = start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    # Monotonic time stays real (with it moved, every timed lock or event wait hangs under libfaketime
    # 0.9.10), and tests/faketime_shim makes time.sleep work again (see its docstring).
    shim = str(REPO_ROOT / "tests" / "faketime_shim")
    pythonpath = os.pathsep.join(p for p in (shim, os.environ.get("PYTHONPATH", "")) if p)
    return {"LD_PRELOAD": str(libs[0]), "FAKETIME": f"@{stamp}", "FAKETIME_DONT_RESET": "1",
            "FAKETIME_DONT_FAKE_MONOTONIC": "1", "PYTHONPATH": pythonpath, "TZ": "UTC"}


def ticking_from(start: datetime) -> Callable[[], datetime]:
    """A wall clock for the test process that starts at ``start`` now and ticks in real time (the
    test-side twin of :func:`pinned_clock_env`, for :class:`SimTerminal`)."""
    origin = time.monotonic()

    def now() -> datetime:
        return start + timedelta(seconds=time.monotonic() - origin)

    return now


def wait_ready(base_url: str, process: subprocess.Popen[bytes] | None = None, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the hub exited with {process.returncode} before it was ready")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the hub at {base_url} was not ready within {timeout_s} s")


@contextmanager
def serve_process(data_dir: Path, db_url: str, port: int | None = None,
                  env: dict[str, str] | None = None,
                  workers: int = 1, access_log: bool = False) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """One ``kiosk-hub serve`` process; yields its base URL and the process (its output: ``hub-PORT.log``)."""
    port = port or free_port()
    full_env = {**os.environ, "KIOSK_HUB_DATA_DIR": str(data_dir), **(env or {})}
    log = open(data_dir / f"hub-{port}.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db_url,
         "--workers", str(workers), *(["--log-level", "info", "--access-log"] if access_log
                                      else ["--log-level", "warning", "--no-access-log"])],
        cwd=REPO_ROOT, env=full_env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base_url, process)
        yield base_url, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextmanager
def run_hub(tmpdir: Path | str, db_url: str | None = None, env: dict[str, str] | None = None,
            clock_at: datetime | None = None, *, data_dir: Path | None = None) -> Iterator[RunningHub]:
    """Start a hub on a free loopback port; yields ``(base_url, admin_token)``. Its data goes to ``data_dir``
    (the demo honours ``KIOSK_HUB_DATA_DIR``), else ``tmpdir/hub``.

    ``clock_at`` pins the hub's wall clock to start at that instant (see :func:`pinned_clock_env`).
    """
    data_dir = Path(data_dir) if data_dir is not None else Path(tmpdir) / "hub"
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or f"sqlite:///{data_dir / 'hub.sqlite3'}"
    token = create_token(db_url, "admin", "test-admin")
    if clock_at is not None:
        env = {**(env or {}), **pinned_clock_env(clock_at)}
    with serve_process(data_dir, db_url, env=env) as (base_url, _process):
        yield RunningHub(base_url, token)


# --- small helpers for other suites -----------------------------------------------------


def admin_call(base_url: str, admin_token: str, method: str, path: str, json: Any = None) -> Any:
    response = httpx.request(method, f"{base_url}{path}", json=json,
                             headers={"Authorization": f"Bearer {admin_token}"}, timeout=30)
    response.raise_for_status()
    return response.json()


def make_enroll_token(base_url: str, admin_token: str, community: str = "示例社区", district: str = "历下区") -> str:
    return str(admin_call(base_url, admin_token, "POST", "/api/v1/admin/enroll-tokens",
                          {"community": community, "district": district})["token"])


def publish(base_url: str, admin_token: str, kind: str, content: dict[str, Any], target: dict[str, Any] | None = None,
            rollout_percent: int = 100, content_id: str | None = None) -> dict[str, Any]:
    """Publish a content version and release it (to every terminal unless ``target`` says otherwise)."""
    body: dict[str, Any] = {"kind": kind, "content": content}
    if content_id:
        body["id"] = content_id
    version = admin_call(base_url, admin_token, "POST", "/api/v1/admin/content", body)
    admin_call(base_url, admin_token, "POST", "/api/v1/admin/releases",
               {"kind": kind, "id": version["id"], "version": version["version"],
                "target": target or {"all": True}, "rollout_percent": rollout_percent})
    return dict(version)


class SimTerminal:
    """A terminal's side of the contract in a few lines, for tests and the load benchmark.

    ``client`` is any httpx-like client (``httpx.Client`` on a real server, or
    FastAPI's ``TestClient``); every call after enrolment is signed.
    """

    def __init__(self, client: Any, hostname: str = "sim", clock: Callable[[], datetime] | None = None) -> None:
        self.client = client
        self.now = clock or (lambda: datetime.now(UTC))
        self.hostname = hostname
        self.key = crypto.new_signing_key()
        self.terminal_id = ""
        self.enrolment: dict[str, Any] = {}
        self.bundle_version = 0
        self.cursor = ""

    def enroll(self, token: str) -> dict[str, Any]:
        response = self.client.post("/api/v1/enroll", json={
            "token": token, "public_key": crypto.b64e(crypto.public_bytes(self.key)), "hostname": self.hostname})
        response.raise_for_status()
        self.enrolment = response.json()
        self.terminal_id = self.enrolment["terminal_id"]
        return self.enrolment

    def signed(self, method: str, path: str, body: Any = None, raw: bytes | None = None,
               now: float | None = None, headers: dict[str, str] | None = None) -> Any:
        data = raw if raw is not None else (b"" if body is None else _json.dumps(body).encode("utf-8"))
        signed_headers = crypto.request_headers(self.key, self.terminal_id, method, path, data,
                                                self.now().timestamp() if now is None else now)
        if data:
            signed_headers["Content-Type"] = "application/json"
        signed_headers.update(headers or {})
        return self.client.request(method, path, content=data, headers=signed_headers)

    def submission_item(self, tracking_seq: int, service_id: str = "svc-demo", form_id: str = "demo",
                        form_version: int = 1, answers: dict[str, Any] | None = None,
                        identity: dict[str, Any] | None = None) -> dict[str, Any]:
        sealing_key = crypto.b64d(self.enrolment["sealing_key"])
        payload = crypto.canonical_json({"answers": answers or {"reason": "demo"},
                                         "identity": identity or {"name": "测试", "id_number": "x"}})
        number = tracking.make(self.now().astimezone(BEIJING).date(), self.enrolment["terminal_no"] % 10000, tracking_seq % 9999 + 1)
        sub_id = str(uuid.uuid4())
        return {"id": str(uuid.uuid4()), "kind": "submission",
                "created_at": self.now().isoformat(),
                "body": {"submission_id": sub_id, "tracking_number": number, "service_id": service_id,
                         "form_id": form_id, "form_version": form_version, "language": "zh_CN",
                         "sealed_payload": crypto.b64e(crypto.seal(sealing_key, payload))}}

    def heartbeat_body(self, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "at": self.now().isoformat(), "app_version": "0.1.0", "schema_version": 1,
            "bundle_version": self.bundle_version, "forms": {},
            "devices": {"idcard": {"status": "ok", "detail": ""}, "printer": {"status": "ok", "detail": ""}},
            "printer": {"online": True, "paper": "ok", "cover_open": False}, "outbox_depth": 0, "quarantined": 0,
            "last_sync": self.now().isoformat(), "last_error": None,
            "disk_free_mb": 2048.0, "uptime_s": 100.0}
        body.update(overrides)
        return body


# --- a private PostgreSQL cluster (tests and benchmarks) ---------------------------------

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*argv: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return list(argv)


def available_postgres() -> str | None:
    """Why a cluster cannot be started here (None when it can)."""
    if not (PG_BIN / "initdb").exists():
        return "PostgreSQL 15 server binaries are not installed (Debian package postgresql)"
    return None


@contextmanager
def private_cluster(fsync: bool = False) -> Iterator[str]:
    """Yields the server URL base ``postgresql+psycopg://postgres@127.0.0.1:PORT``."""
    root = Path(tempfile.mkdtemp(prefix="hub-pg-"))
    os.chmod(root, 0o755)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data = root / "data"
    port = free_port()
    subprocess.run(_as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                                "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8"),
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync={'on' if fsync else 'off'} -c max_connections=200"
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                                "-w", "-t", "60", "start"), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: str, name: str) -> str:
    import psycopg  # not at module level: an optional dependency (the hub's `postgres` extra), needed only here

    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


# --- counting the work a request does ----------------------------------------------------


@contextmanager
def count_statements(engine: Any) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends while the block runs (BEGIN/COMMIT included when issued as SQL).

    Deterministic where timings are not: tests assert the count per heartbeat or outbox item, and the
    benchmarks report it next to the CPU time.
    """
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)
