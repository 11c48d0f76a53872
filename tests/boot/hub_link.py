"""The real hub on the host's loopback, reached from a boot-test machine that has only its own ``lo``.

Why a unix socket and two ``systemd-socket-proxyd`` (it ships with systemd, on the host and in the
machine): ``--private-network`` leaves the machine no route to the host, and a veth pair would need the
host's networkd. So the host listens on a unix socket in a directory bound into the machine and forwards
each connection to ``kiosk-hub serve`` on 127.0.0.1; inside, a socket unit listens on the hub's address
the terminal is configured with (127.0.0.1:``PORT``) and its proxy forwards to that bound socket. The
terminal speaks plain HTTP to what it takes for a local hub; the bytes reach the real one.

The units are written into the machine's writable layer and enabled, so they come back after a reboot
or a power cut like any unit of a real terminal.
"""

from __future__ import annotations

import os
import socket
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PORT = 8765  # the hub's address inside the machine: http://127.0.0.1:PORT
MOUNT = "/mnt/hub-link"
PROXYD = "/lib/systemd/systemd-socket-proxyd"
UNITS = {
    "hub-link.socket": f"[Socket]\nListenStream=127.0.0.1:{PORT}\n\n[Install]\nWantedBy=sockets.target\n",
    "hub-link.service": f"[Service]\nExecStart={PROXYD} {MOUNT}/hub.sock\n",
}


@contextmanager
def host_side(base_url: str, directory: Path) -> Iterator[str]:
    """``directory/hub.sock`` forwarding to the hub at ``base_url`` (http://127.0.0.1:N) while the block runs;
    yields the ``--bind`` option that puts the directory at ``MOUNT`` in a machine."""
    target = base_url.removeprefix("http://")
    directory.mkdir(parents=True, exist_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(directory / "hub.sock"))
    listener.listen(64)
    fd = listener.fileno()

    def as_activated() -> None:  # in the child before exec: the socket as fd 3, announced to it alone
        os.dup2(fd, 3)
        os.environ.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))

    # fd 3 kept too: subprocess closes every descriptor not passed after preexec_fn has run
    proxy = subprocess.Popen([PROXYD, target], preexec_fn=as_activated, pass_fds=(fd, 3),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield f"--bind={directory}:{MOUNT}"
    finally:
        proxy.terminate()
        proxy.wait(10)
        listener.close()


def install_in(root: Path) -> None:
    """The machine's side, enabled at boot: write it into the (booted or not) tree at ``root``."""
    units = root / "etc/systemd/system"
    wants = units / "sockets.target.wants"
    wants.mkdir(parents=True, exist_ok=True)
    for name, text in UNITS.items():
        (units / name).write_text(text)
    link = wants / "hub-link.socket"
    if not link.is_symlink():
        link.symlink_to("/etc/systemd/system/hub-link.socket")
