"""A screen for a machine that has none: Xvfb, and x11vnc on 127.0.0.1 so a person can see and touch it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field


@dataclass
class VirtualDisplay:
    display: str
    vnc_port: int | None
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def stop(self) -> None:
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    p.kill()


def has_display(environ: dict[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))


def _free_display() -> int:
    for n in range(90, 200):
        if not os.path.exists(f"/tmp/.X{n}-lock") and not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            return n
    raise RuntimeError("no free X display number between :90 and :199")


def _free_port(start: int = 5900) -> int:
    for port in range(start, start + 100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free VNC port from 5900")


def start(size: tuple[int, int]) -> VirtualDisplay:
    """Start Xvfb at ``size`` and, when x11vnc is installed, a VNC server bound to 127.0.0.1 only."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (Debian package xvfb); run `make demo`, which installs it")
    n = _free_display()
    xvfb = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    vd = VirtualDisplay(display=f":{n}", vnc_port=None, procs=[xvfb])
    deadline = time.monotonic() + 10
    while not os.path.exists(f"/tmp/.X11-unix/X{n}"):
        if xvfb.poll() is not None or time.monotonic() > deadline:
            vd.stop()
            raise RuntimeError("Xvfb did not start")
        time.sleep(0.05)
    if shutil.which("x11vnc"):
        port = _free_port()
        vnc = subprocess.Popen(["x11vnc", "-display", f":{n}", "-localhost", "-rfbport", str(port), "-forever",
                                "-shared", "-nopw", "-quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        vd.procs.append(vnc)
        vd.vnc_port = port
    return vd
