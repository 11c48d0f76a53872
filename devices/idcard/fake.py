"""In-memory ID card reader for unit tests and the app fixture."""

from __future__ import annotations

import threading

from kiosk.identity import Identity
from kiosk.roles.idcard import CardRead, NoCard, ReaderDisconnected, ReadResult, SamInfo


class FakeIdCardReader:
    """A reader whose card and connection state tests set directly."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: Identity | None = None
        self._result: ReadResult | None = None
        self.connected = True
        self.reads = 0

    def place(self, identity: Identity) -> None:
        with self._lock:
            self._card = identity
            self._result = None

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._result = None

    def fail_next(self, result: ReadResult) -> None:
        """Return ``result`` for reads until the card is placed or removed again."""
        with self._lock:
            self._result = result

    def read(self, timeout: float = 3.0) -> ReadResult:
        with self._lock:
            self.reads += 1
            if not self.connected:
                return ReaderDisconnected("fake reader unplugged")
            if self._result is not None:
                return self._result
            if self._card is None:
                return NoCard()
            return CardRead(self._card)

    def sam_info(self) -> SamInfo:
        return SamInfo(sam_id="05.01-20261126-0000000001-1234567890", status="ok", connected=self.connected)

    def close(self) -> None:
        pass
