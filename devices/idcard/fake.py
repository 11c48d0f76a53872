"""In-memory ID card reader for unit tests and the app fixture."""

from __future__ import annotations

import threading

from kiosk.identity import Identity
from kiosk.roles.idcard import CardRead, NoCard, Presence, ReaderDisconnected, ReadResult, SamInfo


class FakeIdCardReader:
    """A reader whose card and connection state tests set directly. Like a real card, a placed card is
    ``NEW`` to the presence probe until it has been read, then ``PRESENT`` until it is removed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._card: Identity | None = None
        self._result: ReadResult | None = None
        self._read_since_placed = False
        self.connected = True
        self.reads = 0
        self.probes = 0

    def place(self, identity: Identity) -> None:
        with self._lock:
            self._card = identity
            self._result = None
            self._read_since_placed = False

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
            self._read_since_placed = True
            return CardRead(self._card)

    def presence(self) -> Presence:
        with self._lock:
            self.probes += 1
            if not self.connected:
                return Presence.DISCONNECTED
            if self._result is not None:
                return Presence.NEW  # the watcher reads, and meets the failure set for reads
            if self._card is None:
                return Presence.ABSENT
            return Presence.PRESENT if self._read_since_placed else Presence.NEW

    def sam_info(self) -> SamInfo:
        return SamInfo(sam_id="05.01-20261126-0000000001-1234567890", status="ok", connected=self.connected)

    def close(self) -> None:
        pass
