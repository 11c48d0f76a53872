"""In-memory scanner for unit tests and the app fixture: tests call :meth:`scan`."""

from __future__ import annotations

import threading

from kiosk.roles.scanner import Listener, ScanEvent, ScannerState


class FakeScanner:
    def __init__(self) -> None:
        self._listener: Listener | None = None
        self._lock = threading.Lock()

    def start(self, on_event: Listener) -> None:
        with self._lock:
            self._listener = on_event
        on_event(ScannerState(True))

    def stop(self) -> None:
        with self._lock:
            self._listener = None

    def scan(self, payload: str) -> None:
        with self._lock:
            listener = self._listener
        if listener is not None:
            listener(ScanEvent(payload, "fake"))

    def unplug(self) -> None:
        with self._lock:
            listener = self._listener
        if listener is not None:
            listener(ScannerState(False, "fake scanner unplugged"))
