"""Wait for a card without flooding the SAM, read it once, and notice when it is taken away.

A background thread calls the reader at ``interval_s`` while a card is awaited. After a
read it only checks for presence (one ``find`` per interval on the SAM driver), so a card
left on the reader is read once, not every half second, and the resident's data is not
re-read behind their back. A disconnected reader is retried at ``reconnect_s`` and its
state changes are reported once each, not on every poll. No Qt here: ``ui/`` bridges
the callbacks to signals.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.roles.idcard import CardRead, IdCardReader, NoCard, ReaderDisconnected, ReaderFault, ReadResult

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardInserted:
    result: CardRead | ReaderFault  # a read, or a failed read of a card that is there


@dataclass(frozen=True)
class CardRemoved:
    pass


@dataclass(frozen=True)
class ReaderState:
    connected: bool
    detail: str = ""


PollEvent = CardInserted | CardRemoved | ReaderState



class CardPoller:
    """Runs ``reader.read`` at an interval until a card is there; then waits for its removal."""

    def __init__(self, reader: IdCardReader, on_event: Callable[[PollEvent], None], *, interval_s: float = 0.5,
                 reconnect_s: float = 2.0, read_timeout_s: float = 3.0, removal_misses: int = 2) -> None:
        self.reader = reader
        self.on_event = on_event
        self.interval_s = interval_s
        self.reconnect_s = reconnect_s
        self.read_timeout_s = read_timeout_s
        self.removal_misses = max(1, removal_misses)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected: bool | None = None
        self._card_on_reader = False
        self.polls = 0

    def start(self) -> CardPoller:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="idcard-poller", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=self.read_timeout_s + 2)
            self._thread = None

    def _emit(self, event: PollEvent) -> None:
        try:
            self.on_event(event)
        except Exception:
            log.exception("ID card poll listener failed")

    def _set_connected(self, connected: bool, detail: str = "") -> None:
        if connected != self._connected:
            self._connected = connected
            self._emit(ReaderState(connected, detail))

    def _run(self) -> None:
        misses = 0
        while not self._stop.is_set():
            self.polls += 1
            if self._card_on_reader:
                present = self._present()
                if present is None:
                    pass  # no answer: keep waiting, a disconnect shows on the next read
                elif present:
                    misses = 0
                else:
                    misses += 1
                    if misses >= self.removal_misses:
                        self._card_on_reader = False
                        misses = 0
                        self._emit(CardRemoved())
                self._stop.wait(self.interval_s)
                continue
            result = self._read()
            if isinstance(result, ReaderDisconnected):
                self._set_connected(False, result.detail)
                self._stop.wait(self.reconnect_s)
                continue
            self._set_connected(True)
            if isinstance(result, (CardRead, ReaderFault)) and not (
                    isinstance(result, ReaderFault) and result.code in ("timeout",)):
                self._card_on_reader = isinstance(result, CardRead) or self._present() is True
                self._emit(CardInserted(result))
            self._stop.wait(self.interval_s)

    def _read(self) -> ReadResult:
        try:
            return self.reader.read(self.read_timeout_s)
        except Exception as exc:  # noqa: BLE001 - readers should not raise; if one does, it is a fault
            return ReaderFault("internal", type(exc).__name__)

    def _present(self) -> bool | None:
        probe = getattr(self.reader, "card_present", None)
        if probe is not None:
            try:
                answer = probe()
                return None if answer is None else bool(answer)
            except Exception:  # noqa: BLE001
                return None
        result = self._read()
        if isinstance(result, NoCard):
            return False
        if isinstance(result, ReaderDisconnected):
            return None
        return True
