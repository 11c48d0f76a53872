"""Device and store I/O off the GUI thread; results come back as queued Qt signals."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.roles.idcard import ReaderFault

log = logging.getLogger(__name__)


class _Bridge(QObject):
    done = Signal(object)


class TaskRunner(QObject):
    """Runs a callable on a worker thread and calls ``on_done(result, error)`` on the GUI thread."""

    def __init__(self, parent: QObject | None = None, workers: int = 2) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kiosk-io")
        self._bridge = _Bridge()
        self._bridge.done.connect(self._deliver)
        self._pending = 0
        self._lock = threading.Lock()
        self._closed = False

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
        with self._lock:
            if self._closed:  # a queued device event that arrives while the app closes: nothing to do
                log.debug("task dropped: the runner is shut down")
                return
            self._pending += 1

        def job() -> None:
            try:
                result, error = fn(), None
            except BaseException as exc:  # reported to the GUI thread, never lost in the pool
                log.exception("background task failed")
                result, error = None, exc
            self._bridge.done.emit((on_done, result, error))

        self._pool.submit(job)

    def _deliver(self, payload: tuple[Callable[[Any, BaseException | None], None], Any, BaseException | None]) -> None:
        on_done, result, error = payload
        with self._lock:
            self._pending -= 1
        on_done(result, error)

    @property
    def pending(self) -> int:
        with self._lock:
            return self._pending

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
        self._pool.shutdown(wait=True, cancel_futures=True)


class CardPoller(QObject):
    """Polls the ID card reader on its own thread while a screen waits for a card.

    Each start gets a generation number so a read that finishes after the screen
    changed is dropped instead of identifying a resident who has moved on. ``look`` is
    one poll (the card watcher's presence probe); by default a whole read.
    """

    result = Signal(int, object)

    def __init__(self, reader: Any, interval_s: float, parent: QObject | None = None,
                 look: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        self._look = look or (lambda: reader.read(timeout=3.0))
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.generation = 0

    def start(self) -> int:
        self.stop()
        self.generation += 1
        gen = self.generation
        self._stop = threading.Event()
        stop = self._stop

        def loop() -> None:
            while not stop.is_set():
                try:
                    res = self._look()
                except Exception as exc:  # a driver bug must not kill polling; technicians see it in the log
                    log.exception("card reader raised")
                    res = ReaderFault("exception", type(exc).__name__, retryable=False)
                if stop.is_set():
                    break
                self.result.emit(gen, res)
                stop.wait(self._interval)

        self._thread = threading.Thread(target=loop, name="kiosk-card-poll", daemon=True)
        self._thread.start()
        return gen

    def stop(self) -> None:
        self._stop.set()
        t = self._thread
        self._thread = None
        if t is not None and t is not threading.current_thread():
            t.join(timeout=5)

    @property
    def running(self) -> bool:
        return self._thread is not None
