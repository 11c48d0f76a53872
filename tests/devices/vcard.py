"""A test-owned virtual smart card for ``vsmartcard-vpcd``: it connects to the vpcd port on 127.0.0.1
and answers like a staff card (shared/specs/staff-card.md).

vpcd protocol: each message is a 2-byte big-endian length and a payload. A 1-byte payload
is a control code (0 power off, 1 power on, 2 reset, 4 get ATR -> reply with the ATR);
anything else is a command APDU answered with data + SW1 SW2. Connected = card present;
closing the socket pulls the card.
"""

from __future__ import annotations

import socket
import struct
import threading
import time

from devices.pcsc.staff import AID

VPCD_PORTS = (35963, 35964)
DEFAULT_ATR = bytes.fromhex("3B8F8001804F0CA000000306030001000000006A")


class VirtualCard:
    def __init__(self, record: bytes = b"", *, uid: bytes = bytes.fromhex("04A1B2C3D4E5F6"),
                 applet: bool = True, pull_after_reads: int | None = None, port: int = VPCD_PORTS[0],
                 atr: bytes = DEFAULT_ATR) -> None:
        self.record = record
        self.uid = uid
        self.applet = applet
        self.pull_after_reads = pull_after_reads
        self.port = port
        self.atr = atr
        self.apdus: list[bytes] = []
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._selected = False
        self._reads = 0

    def insert(self, timeout: float = 5.0) -> VirtualCard:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._sock = socket.create_connection(("127.0.0.1", self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self._sock.settimeout(None)
        self._thread = threading.Thread(target=self._serve, name="vcard", daemon=True)
        self._thread.start()
        return self

    def pull(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def __enter__(self) -> VirtualCard:
        return self.insert()

    def __exit__(self, *exc: object) -> None:
        self.pull()

    def _recv_exact(self, sock: socket.socket, n: int) -> bytes | None:
        buf = b""
        while len(buf) < n:
            try:
                chunk = sock.recv(n - len(buf))
            except OSError:
                return None
            if not chunk:
                return None
            buf += chunk
        return buf

    def _serve(self) -> None:
        sock = self._sock
        while sock is not None:
            head = self._recv_exact(sock, 2)
            if head is None:
                return
            (length,) = struct.unpack(">H", head)
            payload = self._recv_exact(sock, length)
            if payload is None:
                return
            if length == 1:
                if payload[0] == 4:
                    reply: bytes | None = self.atr
                else:
                    self._selected = False if payload[0] in (0, 2) else self._selected
                    reply = None
            else:
                self.apdus.append(payload)
                reply = self.answer(payload)
                if reply is None:  # pulled mid-exchange
                    threading.Thread(target=self.pull, daemon=True).start()
                    return
            if reply is not None:
                try:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
                except OSError:
                    return

    def answer(self, apdu: bytes) -> bytes | None:
        cla, ins, p1, p2 = apdu[:4]
        if (cla, ins, p1, p2) == (0xFF, 0xCA, 0x00, 0x00):
            return self.uid + b"\x90\x00"
        if ins == 0xA4 and p1 == 0x04:
            lc = apdu[4]
            if self.applet and apdu[5:5 + lc] == AID:
                self._selected = True
                return b"\x90\x00"
            return b"\x6a\x82"
        if ins == 0xB0:
            if not self._selected:
                return b"\x69\x86"
            self._reads += 1
            if self.pull_after_reads is not None and self._reads > self.pull_after_reads:
                return None
            offset = (p1 << 8) | p2
            le = apdu[4] if len(apdu) > 4 else 256
            le = le or 256
            if offset >= len(self.record):
                return b"\x6b\x00"
            return self.record[offset:offset + le] + b"\x90\x00"
        return b"\x6d\x00"
