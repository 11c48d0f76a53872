"""An in-memory PC/SC monitor with staff cards tests put on and take off (no pcscd needed).

A :class:`kiosk.roles.staffcard.StaffCardReader` like :class:`devices.pcsc.monitor.PcscMonitor`;
its one reader and the card on it are all the diagnostics see, never the machine's readers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from devices.pcsc.staff import verify_staff_record
from kiosk.roles.staffcard import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderSnapshot,
    ServiceState,
    StaffCardEvent,
    StaffCardRejected,
    StaffCardResult,
)

READER = "Fake PC/SC Reader 00 00"


class FakePcscMonitor:
    def __init__(self, on_event: Callable[[StaffCardEvent], None], *, reader: str = READER) -> None:
        self.on_event = on_event
        self.reader = reader
        self._lock = threading.Lock()
        self._card: tuple[bytes, str] | None = None
        self.started = False

    @property
    def readers(self) -> list[str]:
        return [self.reader]

    @property
    def cards(self) -> set[str]:
        return {self.reader} if self._card is not None else set()

    def start(self) -> FakePcscMonitor:
        self.started = True
        self.on_event(ServiceState(True))
        self.on_event(ReaderAdded(self.reader))
        return self

    def stop(self) -> None:
        self.started = False

    def insert(self, record: bytes, uid: str = "04A1B2C3D4E5F6") -> None:
        with self._lock:
            self._card = (record, uid)
        self.on_event(CardInserted(self.reader, "3B00", uid))

    def remove(self) -> None:
        with self._lock:
            self._card = None
        self.on_event(CardRemoved(self.reader))

    def read_staff(self, reader: str, trusted_keys: dict[str, bytes]) -> StaffCardResult:
        with self._lock:
            card = self._card
        if card is None or reader != self.reader:
            return StaffCardRejected("no_card")
        return verify_staff_record(card[0], trusted_keys, card[1])

    def snapshot(self) -> list[ReaderSnapshot]:
        cards = self.cards
        return [ReaderSnapshot(r, r in cards) for r in self.readers]
