"""sd_notify against a fake NOTIFY_SOCKET: the test binds the datagram socket systemd would."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from contract.idnumber import make_valid
from terminal.watchdog import Notifier

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notify_socket() -> Iterator[tuple[str, socket.socket]]:
    """A bound AF_UNIX datagram socket standing in for systemd's notification socket."""
    with tempfile.TemporaryDirectory(prefix="notify-") as d:  # short path: sun_path is 108 bytes
        path = os.path.join(d, "notify.sock")
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.bind(path)
        sock.settimeout(5)
        try:
            yield path, sock
        finally:
            sock.close()


def _no_more(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        sock.recv(4096)
    except BlockingIOError:
        return True
    finally:
        sock.settimeout(5)
    return False


def test_ready_keepalive_status_are_exact_datagrams(notify_socket: tuple[str, socket.socket]) -> None:
    path, sock = notify_socket
    n = Notifier.from_env({"NOTIFY_SOCKET": path})
    assert n.enabled
    assert n.ready() is True
    assert sock.recv(4096) == b"READY=1"
    assert n.keepalive() is True
    assert sock.recv(4096) == b"WATCHDOG=1"
    assert n.status("Serving residents") is True
    assert sock.recv(4096) == b"STATUS=Serving residents"
    assert n.ready("Main screen up") is True
    assert sock.recv(4096) == b"READY=1\nSTATUS=Main screen up"
    assert n.stopping() is True
    assert sock.recv(4096) == b"STOPPING=1"
    assert n.sent == 5 and n.failures == 0
    assert _no_more(sock)
    n.close()


def test_status_cannot_inject_fields_or_personal_data(notify_socket: tuple[str, socket.socket]) -> None:
    path, sock = notify_socket
    n = Notifier.from_env({"NOTIFY_SOCKET": path})
    n.status("printer offline\nREADY=1")
    assert sock.recv(4096) == b"STATUS=printer offline READY=1"
    id_number = make_valid("37010219900101123")
    n.status(f"reading card {id_number} phone 13812345678")
    got = sock.recv(4096)
    assert id_number.encode() not in got and b"13812345678" not in got
    assert got == b"STATUS=reading card [REDACTED:id] phone [REDACTED:phone]"
    n.status("x" * 1000)
    assert len(sock.recv(4096)) == len("STATUS=") + 200


def test_abstract_namespace_socket() -> None:
    name = f"kiosk-test-notify-{os.getpid()}"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(b"\0" + name.encode())
    sock.settimeout(5)
    try:
        n = Notifier.from_env({"NOTIFY_SOCKET": "@" + name})
        assert n.keepalive()
        assert sock.recv(4096) == b"WATCHDOG=1"
    finally:
        sock.close()


def test_without_systemd_everything_is_a_quiet_no_op() -> None:
    n = Notifier.from_env({})
    assert not n.enabled
    assert n.ready() is False and n.keepalive() is False and n.status("x") is False
    assert n.watchdog_interval_s() is None
    assert n.sent == 0 and n.failures == 0
    # Unsupported transports are treated as absent, not as errors.
    assert not Notifier.from_env({"NOTIFY_SOCKET": "vsock:2:1234"}).enabled


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getppid())}, 15.0),  # cage is our parent
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # meant for someone else
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "x"}, None),
        ({}, None),
    ],
)
def test_watchdog_interval_is_half_the_timeout(env: dict[str, str], expected: float | None) -> None:
    if env.get("WATCHDOG_PID") == "1" and os.getppid() == 1:
        pytest.skip("this process is a child of PID 1, so WATCHDOG_PID=1 is legitimately ours")
    n = Notifier.from_env({"NOTIFY_SOCKET": "/run/nonexistent/notify", **env})
    assert n.watchdog_interval_s() == expected


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_send_failure_is_counted_and_warned_once() -> None:
    collect = _Collect()
    logger = logging.getLogger("terminal.watchdog")
    logger.addHandler(collect)
    try:
        with tempfile.TemporaryDirectory() as d:
            n = Notifier.from_env({"NOTIFY_SOCKET": os.path.join(d, "nobody-listens")})
            assert n.keepalive() is False
            assert n.keepalive() is False
    finally:
        logger.removeHandler(collect)
    assert n.failures == 2 and n.sent == 0
    assert [r.levelno for r in collect.records] == [logging.WARNING]


def test_child_process_of_the_main_pid_notifies(notify_socket: tuple[str, socket.socket]) -> None:
    """The packaged layout: systemd's main PID (cage, here this test) starts the kiosk as a child."""
    path, sock = notify_socket
    code = (
        "from terminal.watchdog import Notifier\n"
        "n = Notifier.from_env()\n"
        "print(n.watchdog_interval_s())\n"
        "n.ready('up'); n.keepalive(); n.keepalive()\n"
    )
    env = {**os.environ, "NOTIFY_SOCKET": path, "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == "15.0"
    assert [sock.recv(4096) for _ in range(3)] == [b"READY=1\nSTATUS=up", b"WATCHDOG=1", b"WATCHDOG=1"]
