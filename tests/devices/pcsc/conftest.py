"""A real pcscd with the vsmartcard-vpcd driver, started for this package and stopped afterwards."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
SOCKET = Path("/run/pcscd/pcscd.comm")


class Pcscd:
    """Start/stop/restart one ``pcscd -f`` owned by the tests (killed by its own pid)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(["pcscd", "-f"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        import socket

        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("pcscd exited at start (is another pcscd running?)")
            try:
                with socket.create_connection(("127.0.0.1", 35963), timeout=0.2):
                    pass
                if SOCKET.exists():
                    time.sleep(0.2)  # let the vpcd readers settle before clients list them
                    return
            except OSError:
                pass
            time.sleep(0.05)
        pytest.fail("pcscd did not come up with vpcd within 10 s")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        deadline = time.monotonic() + 3
        while SOCKET.exists() and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    if shutil.which("pcscd") is None or not VPCD_CONF.exists():
        pytest.fail("pcscd and vsmartcard-vpcd are needed (Makefile APT_PACKAGES installs them)")
    if subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False).returncode == 0:
        pytest.fail("a pcscd is already running; the tests need their own")
    daemon = Pcscd()
    daemon.start()
    yield daemon
    daemon.stop()
