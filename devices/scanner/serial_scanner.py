"""Serial (RS-232 / USB CDC) code scanners: each payload ends with a configured suffix (CR by default).

One event per payload: bytes are split on the suffix; a stray LF after a CR (scanners set
to CR LF when we expect CR) is dropped; a partial payload with no suffix is flushed after
``idle_flush_s`` of silence (some models send none); overlong garbage is discarded. The
port is reopened when it returns after an unplug, and state changes are reported once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import serial

from devices.scanner.reading_thread import ReadingThread
from kiosk.roles.scanner import MAX_PAYLOAD, ScanEvent, decode_payload

log = logging.getLogger(__name__)


def _open(port: str, baud: int) -> Any:
    return serial.serial_for_url(port, baudrate=baud, timeout=0.05)


class PayloadSplitter:
    """Bytes in, payloads out (pure; shared by the driver and its tests)."""

    def __init__(self, suffix: bytes = b"\r", max_len: int = MAX_PAYLOAD * 4) -> None:
        if not suffix:
            raise ValueError("a serial scanner needs a suffix")
        self.suffix = suffix
        self.max_len = max_len
        self._buf = bytearray()
        self.dropped = 0

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        while True:
            idx = self._buf.find(self.suffix)
            if idx < 0:
                break
            piece = bytes(self._buf[:idx])
            del self._buf[:idx + len(self.suffix)]
            if self.suffix == b"\r" and piece.startswith(b"\n"):
                piece = piece[1:]
            if piece.endswith(b"\r") and self.suffix == b"\n":
                piece = piece[:-1]
            if piece:
                out.append(piece)
        if len(self._buf) > self.max_len:
            self.dropped += len(self._buf)
            self._buf.clear()
        return out

    def flush(self) -> bytes:
        piece = bytes(self._buf).lstrip(b"\n")
        self._buf.clear()
        return piece

    @property
    def pending(self) -> int:
        return len(self._buf)


class SerialScanner(ReadingThread):
    thread_name = "scanner-serial"
    open_errors = (serial.SerialException, OSError, ValueError)
    read_errors = (serial.SerialException, OSError)

    def __init__(self, port: str, baud: int = 9600, suffix: str = "\r", *, idle_flush_s: float | None = 0.3,
                 reconnect_s: float = 1.0, opener: Callable[[str, int], Any] = _open) -> None:
        super().__init__(reconnect_s)
        self.port_name = port
        self.baud = baud
        self.suffix = suffix.encode("utf-8")
        self.idle_flush_s = idle_flush_s
        self._opener = opener

    def _deliver(self, raw: bytes) -> None:
        text = decode_payload(raw).strip("\r\n\x00")
        if text and len(text) <= MAX_PAYLOAD:
            self._emit(ScanEvent(text, "serial"))

    def _open(self) -> Any:
        return self._opener(self.port_name, self.baud)

    def _read(self, port: Any) -> None:
        splitter = PayloadSplitter(self.suffix)
        last = time.monotonic()
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            now = time.monotonic()
            if data:
                last = now
                for piece in splitter.feed(data):
                    self._deliver(piece)
            elif self.idle_flush_s is not None and splitter.pending and now - last >= self.idle_flush_s:
                self._deliver(splitter.flush())

    def _close(self, port: Any) -> None:
        try:
            port.close()
        except Exception:  # noqa: BLE001 - the port may be gone: closing is all that is left
            log.debug("closing the scanner port failed", exc_info=True)
