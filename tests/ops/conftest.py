"""A real systemd-journald for the logging tests, isolated in its own journal namespace.

journald started by hand (not by systemd) binds its own sockets; with a
namespace argument they live under /run/systemd/journal.<ns>/ and the files
under /var/log/journal/<machine-id>.<ns>/, so the machine's journal is untouched.
Both are removed afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

JOURNALD = Path("/lib/systemd/systemd-journald")


@dataclass
class Journald:
    namespace: str
    socket: Path

    def records(self, identifier: str, want: int = 1, timeout: float = 15.0) -> list[dict[str, object]]:
        """Entries with ``SYSLOG_IDENTIFIER=identifier`` once at least ``want`` are readable."""
        deadline = time.monotonic() + timeout
        found: list[dict[str, object]] = []
        while time.monotonic() < deadline:
            out = subprocess.run(
                ["journalctl", f"--namespace={self.namespace}", "-o", "json", "--all", "--no-pager",
                 f"SYSLOG_IDENTIFIER={identifier}"],
                check=False, capture_output=True, text=True, timeout=30,
            )
            found = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
            if len(found) >= want:
                return found
            time.sleep(0.1)
        return found


@pytest.fixture(scope="session")
def journald() -> Iterator[Journald]:
    if not JOURNALD.exists() or shutil.which("journalctl") is None:
        pytest.fail("systemd-journald is missing: install the Debian package 'systemd' (make setup does)")
    namespace = f"kiosktest{os.getpid()}"
    run_dir = Path(f"/run/systemd/journal.{namespace}")
    machine_id = Path("/etc/machine-id").read_text().strip() if Path("/etc/machine-id").exists() else ""
    proc = subprocess.Popen([str(JOURNALD), namespace], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, "SYSTEMD_LOG_TARGET": "console"})
    sock = run_dir / "socket"
    deadline = time.monotonic() + 20
    while not sock.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
            proc.kill()
            pytest.fail(f"systemd-journald did not start: {err[-2000:]}")
        time.sleep(0.05)
    try:
        yield Journald(namespace, sock)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stderr:
            proc.stderr.close()
        shutil.rmtree(run_dir, ignore_errors=True)
        for base in (Path("/var/log/journal"), Path("/run/log/journal")):
            if machine_id:
                shutil.rmtree(base / f"{machine_id}.{namespace}", ignore_errors=True)
