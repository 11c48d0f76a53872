"""Fixtures for printing tests: the loopback ESC/POS simulator and a private cupsd with a cups-pdf queue."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devices.printer.escpos_driver import EscposReceiptPrinter
from devices.printer.profile import PrinterProfile
from devices.printer.simulator import PrinterSimulator

FIXED_TIME = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)


@pytest.fixture
def sim() -> Iterator[PrinterSimulator]:
    with PrinterSimulator() as s:
        yield s


@pytest.fixture
def driver(sim: PrinterSimulator) -> EscposReceiptPrinter:
    """The real escpos driver on the simulator, with short timeouts so fault tests stay quick."""
    return EscposReceiptPrinter(sim.uri, PrinterProfile.for_paper(80), timeout_s=2.0, status_timeout_s=0.4)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Cups:
    server: str  # host:port for CUPS_SERVER
    queue: str
    out_dirs: tuple[Path, ...]
    root: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "CUPS_SERVER": self.server, "LC_ALL": "C"}

    def find_output(self, title: str, timeout: float = 30.0) -> Path:
        """The cups-pdf output file for a job title (cups-pdf names files after the title)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for d in self.out_dirs:
                hits = sorted(d.glob(f"{title}*.pdf")) if d.is_dir() else []
                if hits and hits[-1].stat().st_size > 0:
                    time.sleep(0.2)
                    return hits[-1]
            time.sleep(0.2)
        raise AssertionError(f"no cups-pdf output for {title} in {self.out_dirs}")


# kiosktest:/ok takes the job; kiosktest:/media-empty reports an empty paper tray and stops the queue (as a
# printer out of paper does); kiosktest:/fail fails, and the queue's error policy decides what follows
TEST_BACKEND = """#!/bin/sh
if [ $# -eq 0 ]; then echo 'direct kiosktest "Unknown" "kiosk test backend"'; exit 0; fi
case "$DEVICE_URI" in
  *media-empty) echo "STATE: +media-empty-error" >&2; echo "ERROR: out of paper" >&2; exit 4 ;;
  *fail) echo "ERROR: the printer did not answer" >&2; exit 1 ;;
  *) cat ${6:-} >/dev/null; exit 0 ;;
esac
"""


def _server_bin(path: Path) -> None:
    """The system's CUPS programs, plus the ``kiosktest`` backend (a copy of ServerBin made of symlinks)."""
    system = Path("/usr/lib/cups")
    (path / "backend").mkdir(parents=True)
    for entry in system.iterdir():
        if entry.name != "backend":
            (path / entry.name).symlink_to(entry)
    for backend in (system / "backend").iterdir():
        (path / "backend" / backend.name).symlink_to(backend)
    (path / "backend" / "kiosktest").write_text(TEST_BACKEND)
    for p in (path, path / "backend", path / "backend" / "kiosktest"):
        p.chmod(0o755)


@pytest.fixture(scope="session")
def cupsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cups]:
    """A private cupsd (own config, spool and port on 127.0.0.1) with a cups-pdf queue; stopped afterwards."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} missing: apt-get install cups printer-driver-cups-pdf")
    ppd = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
    if not ppd.exists() or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        pytest.fail("cups-pdf missing: apt-get install printer-driver-cups-pdf")
    # not under pytest's tmp dir: that is 0700, and cupsd's filters run as user lp and must reach the spool
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    root.chmod(0o755)
    for sub in ("etc", "spool", "cache", "state", "log"):
        (root / sub).mkdir()
        (root / sub).chmod(0o755)
    (root / "tmp").mkdir()
    (root / "tmp").chmod(0o1777)
    port = _free_port()
    (root / "etc" / "cupsd.conf").write_text(
        f"Listen 127.0.0.1:{port}\nBrowsing No\nDefaultAuthType None\nWebInterface No\nLogLevel info\n"
        "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
        "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
    )
    (root / "etc" / "cups-files.conf").write_text(
        f"ServerRoot {root}/etc\nRequestRoot {root}/spool\nCacheDir {root}/cache\nStateDir {root}/state\n"
        f"TempDir {root}/tmp\nErrorLog {root}/log/error_log\nAccessLog {root}/log/access_log\n"
        f"PageLog {root}/log/page_log\nServerBin {root}/serverbin\nSandboxing Relaxed\nFileDevice Yes\nUser lp\nGroup lp\nSystemGroup root\n"
    )
    (root / "etc" / "ppd").mkdir()
    _server_bin(root / "serverbin")
    log = open(root / "cupsd.out", "wb")
    proc = subprocess.Popen(
        ["cupsd", "-f", "-c", str(root / "etc" / "cupsd.conf"), "-s", str(root / "etc" / "cups-files.conf")],
        stdout=log, stderr=subprocess.STDOUT,
    )
    server = f"127.0.0.1:{port}"
    env = {**os.environ, "CUPS_SERVER": server, "LC_ALL": "C"}
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"cupsd exited: {(root / 'cupsd.out').read_text(errors='replace')}")
            r = subprocess.run(["lpstat", "-r"], env=env, capture_output=True, text=True, timeout=5, check=False)
            if "is running" in r.stdout and "not" not in r.stdout:
                break
            time.sleep(0.2)
        else:
            pytest.fail("cupsd did not start")
        queue = "KioskPDF"
        r = subprocess.run(["lpadmin", "-p", queue, "-E", "-v", "cups-pdf:/", "-P", str(ppd)],
                           env=env, capture_output=True, text=True, timeout=20, check=False)
        assert r.returncode == 0, r.stderr
        home = Path(os.environ.get("HOME", "/root"))
        yield Cups(server, queue, (home / "PDF", Path("/var/spool/cups-pdf/ANONYMOUS")), root)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()
        shutil.rmtree(root, ignore_errors=True)
