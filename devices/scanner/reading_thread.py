"""The reading thread every wired scanner driver runs: open, read until the link fails, reopen.

Both wire drivers (serial and evdev keyboard wedge) differ only in how they open a device,
read payloads from it and close it; the loop around that (report connected/disconnected once
per change, wait ``reconnect_s`` before reopening, keep a failing listener from killing the
thread) is this one class.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from kiosk.roles.scanner import Listener, ScanEvent, ScannerState

log = logging.getLogger(__name__)


class ReadingThread:
    """Base of a wired scanner: subclasses give ``_open``, ``_read`` and ``_close`` and the errors they expect."""

    thread_name = "scanner"
    open_errors: tuple[type[Exception], ...] = (OSError,)
    read_errors: tuple[type[Exception], ...] = (OSError,)

    def __init__(self, reconnect_s: float) -> None:
        self.reconnect_s = reconnect_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._listener: Listener | None = None
        self._connected: bool | None = None

    def start(self, on_event: Listener) -> None:
        self._listener = on_event
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None

    def _emit(self, event: ScanEvent | ScannerState) -> None:
        listener = self._listener
        if listener is None:
            return
        try:
            listener(event)
        except Exception:
            log.exception("scanner listener failed")

    def _state(self, connected: bool, detail: str = "") -> None:
        if connected != self._connected:
            self._connected = connected
            self._emit(ScannerState(connected, detail))

    def _open(self) -> Any:
        raise NotImplementedError

    def _read(self, device: Any) -> None:
        """Deliver payloads from ``device`` until ``self._stop`` is set or the link fails."""
        raise NotImplementedError

    def _close(self, device: Any) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                device = self._open()
            except self.open_errors as exc:
                self._state(False, type(exc).__name__)
                self._stop.wait(self.reconnect_s)
                continue
            self._state(True)
            try:
                self._read(device)
            except self.read_errors as exc:
                self._state(False, type(exc).__name__)
            finally:
                self._close(device)
            self._stop.wait(self.reconnect_s)
