"""An HTTP reverse proxy on 127.0.0.1 that injects network faults between the terminal and a hub.

Each request takes the next fault from a plan (or the default): the request may never
reach the hub (``reset``, ``http500``, ``http429``, ``slow``...), or reach it and have its
answer lost or damaged (``reset_after``, ``truncate``, ``garble``, ``slow_after``) - the
cases that make idempotency matter.
"""

from __future__ import annotations

import contextlib
import http.client
import random
import socket
import struct
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("ok", "reset", "reset_after", "http500", "http503", "http429", "slow", "slow_after", "truncate", "garble")


class FaultProxy:
    def __init__(self, upstream_port: int, slow_s: float = 3.0) -> None:
        self.upstream_port = upstream_port
        self.slow_s = slow_s
        self.plan: deque[str] = deque()
        self.default = "ok"
        self.seen: list[str] = []
        self.lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self.connections: set[socket.socket] = set()

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(_ProxyHandler):
            pass

        Handler.proxy = proxy
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and cut open keep-alive connections: the hub is down for the client."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        with self.lock:
            conns, self.connections = list(self.connections), set()
        for c in conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def next_fault(self) -> str:
        with self.lock:
            fault = self.plan.popleft() if self.plan else self.default
            self.seen.append(fault)
            return fault

    def random_plan(self, n: int, rng: random.Random, p_fault: float = 0.4) -> None:
        with self.lock:
            self.plan.extend(rng.choice(FAULTS[1:]) if rng.random() < p_fault else "ok" for _ in range(n))


class _ProxyHandler(BaseHTTPRequestHandler):
    proxy: FaultProxy
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        with self.proxy.lock:
            self.proxy.connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.proxy.lock:
            self.proxy.connections.discard(self.connection)

    def _reset(self) -> None:
        """Close with RST (SO_LINGER 0): the client sees 'connection reset by peer'."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True
        self.connection.close()

    def _simple(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _forward(self, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.proxy.upstream_port, timeout=30)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            conn.request(self.command, self.path, body=body or None, headers=headers)
            r = conn.getresponse()
            return r.status, r.getheaders(), r.read()
        finally:
            conn.close()

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fault = self.proxy.next_fault()
        if fault == "reset":
            return self._reset()
        if fault == "http500":
            return self._simple(500, b'{"error":"internal","detail":"injected"}')
        if fault == "http503":
            return self._simple(503, b"<html>bad gateway</html>", {"Retry-After": "1"})
        if fault == "http429":
            return self._simple(429, b'{"error":"rate_limited","detail":"injected"}', {"Retry-After": "1"})
        if fault == "slow":
            time.sleep(self.proxy.slow_s)
            return self._reset()
        status, headers, data = self._forward(body)
        if fault == "reset_after":
            return self._reset()
        if fault == "slow_after":
            time.sleep(self.proxy.slow_s)
        self.send_response_only(status)
        for k, v in headers:
            if k.lower() not in ("content-length", "transfer-encoding", "connection", "date", "server"):
                self.send_header(k, v)
        for k, v in headers:
            if k.lower() == "date":
                self.send_header(k, v)
        if fault == "garble" and data:
            data = b"\xff\xfe<garbled>" + bytes(random.getrandbits(8) for _ in range(max(8, len(data) // 2)))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if fault == "truncate" and data:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            return self._reset()
        if data:
            self.wfile.write(data)

    do_GET = _handle
    do_POST = _handle
