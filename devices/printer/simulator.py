"""A receipt printer on a loopback TCP port that speaks ESC/POS like a raw 9100 printer.

It records every connection's byte stream, answers ``DLE EOT`` in real time and ``GS I`` with
the state it is told to have, and plays the faults that matter for a kiosk:
paper running out part-way through a job, the connection dropping, the cover
opening, a status reply that is garbage or never comes. The real escpos driver
talks to it exactly as to a printer, so tests and the demo exercise the real
code path. Each job can be rendered to a PNG of what reached the paper.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from PIL import Image

from devices.printer.commands import INFO_HEADER, INFO_QUERIES
from devices.printer.decoder import Decoded, decode, next_token

log = logging.getLogger(__name__)

PaperState = Literal["ok", "near_end", "out"]
StatusReply = Literal["normal", "garbage", "silent"]
# What the simulator says it is: plainly a simulator, so no report mistakes it for hardware.
SIM_IDENTITY = {INFO_QUERIES["maker"]: "Simulated", INFO_QUERIES["model"]: "ESC/POS simulator",
                INFO_QUERIES["firmware"]: "SIM-1.0", INFO_QUERIES["serial"]: "SIM-0001"}


@dataclass
class SimJob:
    """One connection's traffic. ``printed`` is what reached paper; ``raw`` is everything received."""

    index: int
    raw: bytearray = field(default_factory=bytearray)
    printed: bytearray = field(default_factory=bytearray)
    status_queries: list[int] = field(default_factory=list)
    info_queries: list[int] = field(default_factory=list)  # GS I n asked on this connection
    paper_ran_out: bool = False
    dropped: bool = False
    closed: bool = False

    @property
    def has_content(self) -> bool:
        return bool(self.printed) or self.paper_ran_out or self.dropped and bool(self.raw)

    def decoded(self) -> Decoded:
        return decode(bytes(self.printed))

    def image(self, width: int | None = None) -> Image.Image:
        return self.decoded().page_image(width)


class PrinterSimulator:
    def __init__(self, host: str = "127.0.0.1", port: int = 0, width_dots: int = 576, png_dir: Path | None = None):
        self._host = host
        self._want_port = port
        self.width_dots = width_dots
        self.png_dir = png_dir
        self._lock = threading.Lock()
        self._paper: PaperState = "ok"
        self._online = True
        self._cover_open = False
        self._reply: StatusReply = "normal"
        self._drop_after: int | None = None
        self._paper_budget: int | None = None
        self._jobs: list[SimJob] = []
        self.identity: dict[int, str] | None = dict(SIM_IDENTITY)  # GS I n -> text; None: a clone that never answers
        self._sock: socket.socket | None = None
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.port = 0

    # lifecycle
    def start(self) -> PrinterSimulator:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._want_port))
        sock.listen(8)
        sock.settimeout(0.2)
        self._sock = sock
        self.port = sock.getsockname()[1]
        t = threading.Thread(target=self._accept_loop, name=f"printer-sim:{self.port}", daemon=True)
        t.start()
        self._threads.append(t)
        return self

    @property
    def uri(self) -> str:
        return f"tcp://{self._host}:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        if self._sock is not None:
            with contextlib.suppress(OSError):
                self._sock.close()
        for t in list(self._threads):
            t.join(timeout=2)

    def __enter__(self) -> PrinterSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # control API
    def set_paper(self, state: PaperState) -> None:
        if state not in ("ok", "near_end", "out"):
            raise ValueError(f"paper state {state!r}")
        with self._lock:
            self._paper = state
            if state != "out":
                self._paper_budget = None

    def set_online(self, online: bool) -> None:
        with self._lock:
            self._online = online

    def set_cover_open(self, is_open: bool) -> None:
        with self._lock:
            self._cover_open = is_open

    def set_status_reply(self, mode: StatusReply) -> None:
        """``garbage``: answer DLE EOT with bytes that are no status; ``silent``: never answer."""
        with self._lock:
            self._reply = mode

    def drop_next(self, after_bytes: int = 0) -> None:
        """Close the next connection once it has sent ``after_bytes`` bytes."""
        with self._lock:
            self._drop_after = after_bytes

    def out_of_paper_after(self, n_bytes: int) -> None:
        """Run out of paper once ``n_bytes`` more printable bytes have arrived."""
        with self._lock:
            self._paper_budget = n_bytes

    @property
    def paper(self) -> PaperState:
        return self._paper

    def jobs(self) -> list[SimJob]:
        """Connections that carried print data (status-only connections are left out), oldest first."""
        with self._lock:
            return [j for j in self._jobs if j.has_content]

    def info_queries(self) -> list[list[int]]:
        """The ``GS I n`` asked, per connection that asked any, oldest first."""
        with self._lock:
            return [list(j.info_queries) for j in self._jobs if j.info_queries]

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.jobs()) >= count:
                return True
            time.sleep(0.01)
        return False

    def last_image(self) -> Image.Image | None:
        jobs = self.jobs()
        return jobs[-1].image(self.width_dots) if jobs else None

    def clear(self) -> None:
        with self._lock:
            self._jobs.clear()

    # the printer
    def status_byte(self, n: int) -> int:
        """What a healthy-firmware printer answers to ``DLE EOT n`` in the current state."""
        with self._lock:
            paper, online, cover = self._paper, self._online, self._cover_open
        base = 0x12
        if n == 1:
            return base | (0x08 if (not online or cover or paper == "out") else 0)
        if n == 2:
            return base | (0x04 if cover else 0) | (0x20 if paper == "out" else 0)
        if n == 4:
            return base | (0x0C if paper in ("near_end", "out") else 0) | (0x60 if paper == "out" else 0)
        return base

    def _accept_loop(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                job = SimJob(index=len(self._jobs) + 1)
                self._jobs.append(job)
                drop_after, self._drop_after = self._drop_after, None
            t = threading.Thread(target=self._serve, args=(conn, job, drop_after), daemon=True)
            t.start()
            self._threads = [x for x in self._threads if x.is_alive()] + [t]

    def _serve(self, conn: socket.socket, job: SimJob, drop_after: int | None) -> None:
        conn.settimeout(0.2)
        with contextlib.suppress(OSError):
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = bytearray()
        try:
            while not self._stop.is_set():
                if drop_after is not None and len(job.raw) >= drop_after:
                    job.dropped = True
                    with contextlib.suppress(OSError):
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    return
                try:
                    chunk = conn.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    return
                if not chunk:
                    return
                if drop_after is not None:
                    chunk = chunk[: max(0, drop_after - len(job.raw))] if len(job.raw) + len(chunk) > drop_after else chunk
                job.raw += chunk
                buf += chunk
                pos = 0
                while True:
                    nxt = next_token(buf, pos)
                    if nxt is None:
                        break
                    tok, pos = nxt
                    if tok.kind == "info":
                        job.info_queries.append(tok.raw[2])
                        self._answer_info(conn, tok.raw[2])
                    elif tok.kind == "status":
                        job.status_queries.append(tok.raw[2])
                        self._answer(conn, tok.raw[2])
                    else:
                        self._print(job, tok.raw)
                del buf[:pos]
        finally:
            job.closed = True
            with contextlib.suppress(OSError):
                conn.close()
            self._save_png(job)

    def _answer(self, conn: socket.socket, n: int) -> None:
        mode = self._reply
        if mode == "silent":
            return
        reply = b"\xff\x00" if mode == "garbage" else bytes([self.status_byte(n)])
        with contextlib.suppress(OSError):
            conn.sendall(reply)

    def _answer_info(self, conn: socket.socket, n: int) -> None:
        """``GS I n`` as a printer that knows itself answers it: 5Fh, the text, 00h; unknown n: nothing."""
        text = None if self.identity is None else self.identity.get(n)
        if text is None:
            return
        with contextlib.suppress(OSError):
            conn.sendall(bytes([INFO_HEADER]) + text.encode("ascii") + b"\x00")

    def _print(self, job: SimJob, raw: bytes) -> None:
        with self._lock:
            if self._paper == "out" or self._cover_open or not self._online:
                job.paper_ran_out = job.paper_ran_out or self._paper == "out"
                return  # a stopped printer discards what it cannot print
            if self._paper_budget is not None:
                if len(raw) > self._paper_budget:
                    self._paper_budget = None
                    self._paper = "out"
                    job.paper_ran_out = True
                    return
                self._paper_budget -= len(raw)
            job.printed += raw

    def _save_png(self, job: SimJob) -> None:
        if self.png_dir is None or not job.has_content:
            return
        try:
            self.png_dir.mkdir(parents=True, exist_ok=True)
            job.image(self.width_dots).save(self.png_dir / f"job-{job.index:04d}.png")
        except Exception:  # a preview must never take the printer down
            log.exception("could not save the simulator's job preview")
