"""The scanner role: decoded payloads delivered as one event each.

A payload is untrusted input: a receipt's QR code is looked up, an electronic ID QR code
is passed to the platform for verification; the kiosk never trusts it on its own, and a
payload is never logged (it may carry personal data).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

MAX_PAYLOAD = 4096  # characters; longer input is noise, not a code


@dataclass(frozen=True)
class ScanEvent:
    payload: str = field(repr=False)
    source: str = ""  # "serial", "evdev", "fake"...
    at: float = field(default_factory=time.monotonic)


@dataclass(frozen=True)
class ScannerState:
    connected: bool
    detail: str = ""


ScannerEvent = ScanEvent | ScannerState
Listener = Callable[[ScannerEvent], None]


@runtime_checkable
class Scanner(Protocol):
    def start(self, on_event: Listener) -> None:
        """Begin delivering events (from a background thread) until :meth:`stop`."""

    def stop(self) -> None: ...


def wait_for_scan(scanner: Scanner, timeout: float | None = None) -> ScanEvent | None:
    """Start ``scanner``, return its first payload (None on timeout), stop it. For the CLI and tests."""
    q: queue.Queue[ScanEvent] = queue.Queue()
    scanner.start(lambda e: q.put(e) if isinstance(e, ScanEvent) else None)
    try:
        return q.get(timeout=timeout)
    except queue.Empty:
        return None
    finally:
        scanner.stop()


def decode_payload(raw: bytes) -> str:
    """UTF-8 first; many Chinese scanners send GB18030 for Chinese text."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")
