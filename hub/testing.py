"""Run a real hub for tests: ``run_hub(tmpdir)`` starts ``kiosk-hub serve`` on 127.0.0.1 on a free port.

Usable by any test suite (the terminal's sync tests use it)::

    with run_hub(tmp_path) as (base_url, admin_token):
        token = make_enroll_token(base_url, admin_token, community="示例社区")

The hub runs in its own process (the real uvicorn), with its data directory
under ``tmpdir``; it is stopped when the block ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import httpx

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


def wait_ready(base_url: str, process: subprocess.Popen[bytes] | None = None, timeout_s: float = 30) -> None:
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
                  env: dict[str, str] | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """One ``kiosk-hub serve`` process; yields its base URL and the process."""
    port = port or free_port()
    full_env = {**os.environ, "KIOSK_HUB_DATA_DIR": str(data_dir), **(env or {})}
    log = open(data_dir / f"hub-{port}.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "hub.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db_url,
         "--log-level", "warning", "--no-access-log"],
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
def run_hub(tmpdir: Path | str, db_url: str | None = None, env: dict[str, str] | None = None) -> Iterator[RunningHub]:
    """Start a hub on a free loopback port; yields ``(base_url, admin_token)``."""
    data_dir = Path(tmpdir) / "hub"
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = db_url or f"sqlite:///{data_dir / 'hub.sqlite3'}"
    token = create_token(db_url, "admin", "test-admin")
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
