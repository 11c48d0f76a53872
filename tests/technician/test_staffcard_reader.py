"""The staff card reader role: the real PC/SC monitor and the fake one are both a StaffCardReader, so the
technician screen never asks which one it holds."""

from __future__ import annotations

from devices.pcsc.fake import READER, FakePcscMonitor
from devices.pcsc.monitor import PcscMonitor
from kiosk.roles.staffcard import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderSnapshot,
    ServiceState,
    StaffCard,
    StaffCardEvent,
    StaffCardReader,
    StaffCardRejected,
)
from tests.technician.helpers import Platform


def test_both_monitors_are_staff_card_readers() -> None:
    events: list[StaffCardEvent] = []
    assert isinstance(FakePcscMonitor(events.append), StaffCardReader)
    assert isinstance(PcscMonitor(events.append), StaffCardReader)  # built, not started: no pcscd needed


def test_the_fake_reads_verifies_and_shows_only_its_own_reader(platform: Platform) -> None:
    events: list[StaffCardEvent] = []
    reader: StaffCardReader = FakePcscMonitor(events.append).start()
    keys = {platform.kid: platform.public}
    assert events == [ServiceState(True), ReaderAdded(READER)]
    assert reader.snapshot() == [ReaderSnapshot(READER, False)]
    assert reader.read_staff(READER, keys) == StaffCardRejected("no_card")

    assert isinstance(reader, FakePcscMonitor)
    reader.insert(platform.card_record("T1001"), uid="04AA")
    assert events[-1] == CardInserted(READER, "3B00", "04AA")
    assert reader.cards == {READER} and reader.snapshot() == [ReaderSnapshot(READER, True)]
    card = reader.read_staff(READER, keys)
    assert isinstance(card, StaffCard) and card.staff_id == "T1001" and card.uid == "04AA"
    assert reader.read_staff(READER, {}) == StaffCardRejected("unknown_key", "04AA")
    assert reader.read_staff("another reader", keys) == StaffCardRejected("no_card")

    reader.remove()
    assert events[-1] == CardRemoved(READER)
    assert reader.snapshot() == [ReaderSnapshot(READER, False)]
