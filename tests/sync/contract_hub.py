"""A small hub implementing the terminal side of docs/sync-protocol.md, for the sync tests.

It is used until (and alongside) the real hub's ``hub.testing.run_hub``: it enforces the
same contract (signatures, replay window, nonces, 413 over 1 MiB, idempotent outbox,
signed bundles, incremental statuses, heartbeat commands) and lets a test publish
bundles, forge manifests, set its clock and count deliveries per item id.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from contract import crypto

MAX_BODY = 1024 * 1024
KINDS = {"submission", "queue_ticket", "rating", "audit", "readiness", "call_staff", "vote", "opinion"}
_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass
class Terminal:
    terminal_id: str
    terminal_no: int
    public_key: bytes
    revoked: bool = False


@dataclass
class HubState:
    sealing_key: Any = field(default_factory=crypto.new_sealing_key)
    bundle_key: Any = field(default_factory=crypto.new_signing_key)
    tokens: set[str] = field(default_factory=set)
    terminals: dict[str, Terminal] = field(default_factory=dict)
    nonces: set[tuple[str, str]] = field(default_factory=set)
    items: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> item, stored once
    deliveries: dict[str, int] = field(default_factory=dict)  # id -> how many times it was posted
    outbox_requests: int = 0
    blobs: dict[str, bytes] = field(default_factory=dict)
    bundle_version: int = 0
    bundle_items: list[dict[str, Any]] = field(default_factory=list)
    forged_manifest: dict[str, Any] | None = None
    extra_bundle_key: Any = None  # a key a tampering proxy slips in beside the hub's
    statuses: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: list[dict[str, Any]] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    reject_kinds: set[str] = field(default_factory=set)
    clock_offset: float = 0.0
    release: dict[str, Any] | None = None  # the heartbeat answer's release offer (issue 20)
    packages: dict[str, bytes] = field(default_factory=dict)  # version -> the .deb's bytes


class ContractHub:
    """Start with :meth:`start`; ``url`` is ``http://127.0.0.1:PORT``."""

    def __init__(self, port: int = 0, ssl_context: ssl.SSLContext | None = None) -> None:
        self.ssl_context = ssl_context
        self.state = HubState()
        self.lock = threading.Lock()
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.connections: set[socket.socket] = set()
        self.kid = crypto.key_id(crypto.public_bytes(self.state.bundle_key))

    # --- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> ContractHub:
        hub = self

        class Handler(_Handler):
            pass

        Handler.hub = hub
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), Handler)
        self._server.daemon_threads = True
        self._port = self._server.server_address[1]
        if self.ssl_context is not None:
            self._server.socket = self.ssl_context.wrap_socket(self._server.socket, server_side=True)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Down for real: stop listening and cut every open keep-alive connection."""
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
    def port(self) -> int:
        return self._port

    @property
    def url(self) -> str:
        return f"{'https' if self.ssl_context else 'http'}://127.0.0.1:{self._port}"

    def now(self) -> float:
        return time.time() + self.state.clock_offset

    # --- test controls ----------------------------------------------------------------------------------

    def new_token(self) -> str:
        token = "tok-" + crypto.sha256_hex(str(time.time_ns()).encode())[:24]
        with self.lock:
            self.state.tokens.add(token)
        return token

    def bundle_keys(self) -> list[dict[str, str]]:
        keys = [{"kid": self.kid, "public_key": crypto.b64e(crypto.public_bytes(self.state.bundle_key))}]
        if self.state.extra_bundle_key is not None:  # a tampering proxy's addition
            keys.append({"kid": "intruder", "public_key": crypto.b64e(crypto.public_bytes(self.state.extra_bundle_key))})
        return keys

    @property
    def bundle_key_fingerprint(self) -> str:
        return crypto.fingerprint(crypto.public_bytes(self.state.bundle_key))

    def publish(self, contents: dict[tuple[str, str], tuple[int, Any]]) -> int:
        """A new bundle version made of ``{(kind, id): (version, json_value)}``; returns the version."""
        with self.lock:
            items = []
            for (kind, item_id), (version, value) in sorted(contents.items()):
                data = json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")
                sha = crypto.sha256_hex(data)
                self.state.blobs[sha] = data
                items.append({"kind": kind, "id": item_id, "version": version, "sha256": sha, "size": len(data)})
            self.state.bundle_version += 1
            self.state.bundle_items = items
            self.state.forged_manifest = None
            return self.state.bundle_version

    def manifest_for(self, terminal_id: str, version: int | None = None,
                     items: list[dict[str, Any]] | None = None, key: Any = None, kid: str | None = None
                     ) -> dict[str, Any]:
        record = {"bundle_version": self.state.bundle_version if version is None else version,
                  "terminal_id": terminal_id, "created_at": "2026-11-26T09:00:00+00:00",
                  "items": self.state.bundle_items if items is None else items}
        return crypto.sign_record(key or self.state.bundle_key, record, kid or self.kid)

    def add_status(self, submission_id: str, tracking_number: str, status: str,
                   certificate: dict[str, Any] | None = None) -> None:
        with self.lock:
            self.state.statuses.append({"submission_id": submission_id, "tracking_number": tracking_number,
                                        "status": status, "updated_at": "2026-11-27T10:00:00+08:00",
                                        "certificate": certificate})

    def open_submission(self, item_id: str) -> dict[str, Any]:
        body = self.state.items[item_id]["body"]
        return json.loads(crypto.open_sealed(self.state.sealing_key, crypto.b64d(body["sealed_payload"])))

    def submissions(self) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.state.items.items() if v["kind"] == "submission"}


class _Handler(BaseHTTPRequestHandler):
    hub: ContractHub
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def setup(self) -> None:
        super().setup()
        with self.hub.lock:
            self.hub.connections.add(self.connection)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        with self.hub.lock:
            self.hub.connections.discard(self.connection)

    def date_time_string(self, timestamp: float | None = None) -> str:
        return formatdate(self.hub.now() if timestamp is None else timestamp, usegmt=True)

    def _reply(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        data = b"" if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if data:
            self.wfile.write(data)

    def _error(self, status: int, code: str, detail: str) -> None:
        self._reply(status, {"error": code, "detail": detail})

    def _body(self) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._error(413, "too_large", "request body over 1 MiB")
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    def _auth(self, body: bytes) -> Terminal | None:
        h = self.headers
        tid, ts, nonce, sig = (h.get("X-Kiosk-Terminal", ""), h.get("X-Kiosk-Timestamp", ""),
                               h.get("X-Kiosk-Nonce", ""), h.get("X-Kiosk-Signature", ""))
        if not (tid and ts and nonce and sig):
            self._error(401, "missing_signature", "signature headers required")
            return None
        if not ts.isdigit() or abs(int(ts) - self.hub.now()) > crypto.REPLAY_WINDOW_S:
            self._error(401, "stale_request", "timestamp outside the window")
            return None
        term = self.hub.state.terminals.get(tid)
        if term is None:
            self._error(401, "unknown_terminal", "no such terminal")
            return None
        try:
            crypto.verify(term.public_key, crypto.request_sign_input(self.command, self.path, ts, nonce, body), sig)
        except crypto.CryptoError:
            self._error(401, "bad_signature", "the request signature does not verify")
            return None
        if term.revoked:
            self._error(403, "terminal_revoked", "revoked")
            return None
        with self.hub.lock:
            if (tid, nonce) in self.hub.state.nonces:
                self._error(401, "replayed_request", "nonce seen")
                return None
            self.hub.state.nonces.add((tid, nonce))
        return term

    def do_GET(self) -> None:
        body = self._body()
        if body is None:
            return
        url = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/api/v1/bundle-keys":  # public: what a terminal checks its fingerprint against
            self._reply(200, {"active_kid": self.hub.kid, "bundle_keys": self.hub.bundle_keys()})
            return
        term = self._auth(body)
        if term is None:
            return
        st = self.hub.state
        if url.path == "/api/v1/bundle":
            have = int(q.get("have", "0") or 0)
            if st.forged_manifest is not None:
                self._reply(200, st.forged_manifest)
            elif st.bundle_version == 0 or have >= st.bundle_version:
                self.send_response(304)
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self._reply(200, self.hub.manifest_for(term.terminal_id))
        elif url.path.startswith("/api/v1/items/"):
            sha = url.path.rsplit("/", 1)[1]
            data = st.blobs.get(sha)
            if data is None:
                self._error(404, "not_found", "no such item")
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif url.path.startswith("/api/v1/releases/") and url.path.endswith("/package"):
            self._package(url.path.split("/")[4])
        elif url.path == "/api/v1/statuses":
            start = int(q.get("since", "0") or 0)
            page = st.statuses[start:start + 500]
            self._reply(200, {"cursor": str(start + len(page)), "statuses": page})
        else:
            self._error(404, "not_found", url.path)

    def _package(self, version: str) -> None:
        """A release package, from ``Range: bytes=N-`` on when asked (206), as the hub serves it."""
        data = self.hub.state.packages.get(version)
        if data is None:
            self._error(404, "not_found", "no such release")
            return
        spec = self.headers.get("Range", "")
        start = int(spec[6:-1]) if spec.startswith("bytes=") and spec.endswith("-") and spec[6:-1].isdigit() else 0
        if start >= len(data):
            self._error(416, "range_not_satisfiable", "past the end")
            return
        self.send_response(206 if start else 200)
        self.send_header("Content-Type", "application/vnd.debian.binary-package")
        self.send_header("Content-Length", str(len(data) - start))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        self.wfile.write(data[start:])

    def do_POST(self) -> None:
        body = self._body()
        if body is None:
            return
        path = urlsplit(self.path).path
        try:
            data = json.loads(body.decode("utf-8")) if body else None
        except (UnicodeDecodeError, ValueError):
            self._error(400, "bad_json", "body is not JSON")
            return
        if path == "/api/v1/enroll":
            self._enroll(data)
            return
        term = self._auth(body)
        if term is None:
            return
        if path == "/api/v1/outbox":
            self._outbox(data)
        elif path == "/api/v1/heartbeat":
            with self.hub.lock:
                self.hub.state.heartbeats.append(data)
                commands, self.hub.state.commands = self.hub.state.commands, []
            self._reply(200, {"commands": commands, "server_time": formatdate(self.hub.now(), usegmt=True),
                              "release": self.hub.state.release})
        else:
            self._error(404, "not_found", path)

    def _enroll(self, data: Any) -> None:
        st = self.hub.state
        if not isinstance(data, dict) or data.get("token") not in st.tokens:
            self._error(401, "bad_token", "unknown or used token")
            return
        try:
            pub = crypto.b64d(str(data["public_key"]))
            crypto.verify_key_from_bytes(pub)
        except (KeyError, crypto.CryptoError):
            self._error(422, "bad_key", "public_key is not a base64 Ed25519 key")
            return
        with self.hub.lock:
            st.tokens.discard(data["token"])
            no = len(st.terminals) + 17
            tid = f"t-{no:04d}"
            st.terminals[tid] = Terminal(tid, no, pub)
        self._reply(200, {
            "terminal_id": tid, "terminal_no": no, "district": "历下区", "community": "示例社区",
            "sealing_key": crypto.b64e(crypto.public_bytes(st.sealing_key)),
            "bundle_keys": self.hub.bundle_keys(),
            "otp_secret": "JBSWY3DPEHPK3PXP",
        })

    def _outbox(self, data: Any) -> None:
        items = data.get("items") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) > 100:
            self._error(422, "invalid_body", "items: a list of at most 100")
            return
        results = []
        st = self.hub.state
        with self.hub.lock:
            st.outbox_requests += 1
            for item in items:
                item_id = item.get("id") if isinstance(item, dict) else None
                if not isinstance(item_id, str) or not _ID.match(item_id):
                    results.append({"id": str(item_id), "status": "rejected", "reason": "bad id"})
                    continue
                st.deliveries[item_id] = st.deliveries.get(item_id, 0) + 1
                kind = item.get("kind")
                if kind not in KINDS or kind in st.reject_kinds or not isinstance(item.get("body"), dict):
                    results.append({"id": item_id, "status": "rejected", "reason": f"kind {kind!r} not accepted"})
                    continue
                if kind == "submission" and not _submission_ok(item["body"]):
                    results.append({"id": item_id, "status": "rejected", "reason": "submission body invalid"})
                    continue
                if item_id in st.items:
                    results.append({"id": item_id, "status": "duplicate"})
                else:
                    st.items[item_id] = item
                    results.append({"id": item_id, "status": "accepted"})
        self._reply(200, {"results": results})


def _submission_ok(body: dict[str, Any]) -> bool:
    try:
        return (bool(re.match(r"^\d{15}$", body["tracking_number"])) and bool(body["service_id"])
                and isinstance(body["form_version"], int) and len(crypto.b64d(body["sealed_payload"])) > 64)
    except (KeyError, TypeError, crypto.CryptoError):
        return False


def run_contract_hub() -> ContractHub:
    return ContractHub().start()


HubFactory = Callable[[], ContractHub]
