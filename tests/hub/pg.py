"""A private PostgreSQL 15 cluster for the tests: initdb in a temporary directory, pg_ctl on a free port.

Runs as the ``postgres`` system user (PostgreSQL refuses root), listens only on
127.0.0.1, with fsync off (a throwaway cluster), and is stopped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hub.testing import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(*argv: str) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return list(argv)


def available() -> str | None:
    """Why a cluster cannot be started here (None when it can)."""
    if not (PG_BIN / "initdb").exists():
        return "PostgreSQL 15 server binaries are not installed (Debian package postgresql)"
    return None


@contextmanager
def private_cluster() -> Iterator[str]:
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
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
                                "-w", "-t", "60", "start"), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(_as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: str, name: str) -> str:
    import psycopg

    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"
