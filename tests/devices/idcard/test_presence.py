"""The presence probe (issue 15): the card watcher asks whether a card is there with find and select, and
reads the card only when one is there that it does not know yet. Real driver, real wire bytes, pty simulator."""

from __future__ import annotations

from typing import Any

from contract.clock import FakeClock
from devices.idcard import frame
from devices.idcard.fake import FakeIdCardReader
from devices.idcard.sam_serial import FIND, SELECT, SamSerialReader, _open_serial
from devices.idcard.simulator import SamSimulator
from kiosk.flow.reader_poll import look
from kiosk.identity import Identity
from kiosk.roles.idcard import CardRead, CardStillThere, NoCard, Presence, ReaderDisconnected, ReaderFault
from tests.flow.conftest import sample_identity

from .conftest import TODAY

FIND_FRAME = bytes.fromhex("AAAAAA96690003200122")  # the spec's find card frame
SELECT_FRAME = bytes.fromhex("AAAAAA96690003200221")  # and select card


class _Recording:
    """A pyserial port that keeps every byte the driver writes (what goes on the wire)."""

    def __init__(self, port: Any, written: list[bytes]) -> None:
        self._port, self._written = port, written

    def write(self, data: bytes) -> int:
        self._written.append(bytes(data))
        return int(self._port.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._port, name)

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            super().__setattr__(name, value)
        else:
            setattr(self._port, name, value)


def _recording_reader(sim: SamSimulator, written: list[bytes]) -> SamSerialReader:
    return SamSerialReader(sim.port, 115200, today=lambda: TODAY, reconnect_interval_s=0.05,
                           serial_factory=lambda port, baud: _Recording(_open_serial(port, baud), written))


def test_the_spec_frames() -> None:
    assert frame.encode_command(*FIND) == FIND_FRAME
    assert frame.encode_command(*SELECT) == SELECT_FRAME


def test_a_poll_on_a_known_card_sends_find_and_select_and_no_read(sim: SamSimulator) -> None:
    written: list[bytes] = []
    reader = _recording_reader(sim, written)
    try:
        sim.place("resident")
        assert isinstance(look(reader, card_known=False), CardRead)  # the card is new: read once
        written.clear()
        sim.commands.clear()
        reader.stats.sent = reader.stats.received = 0
        assert look(reader, card_known=True) == CardStillThere()
        assert written == [FIND_FRAME, SELECT_FRAME]  # the bytes on the wire: find, then select
        assert sim.commands == ["find", "select"]  # the card ignores find once selected; select finds it there
        assert reader.stats.sent + reader.stats.received < 60  # a read exchanges about 1,450
    finally:
        reader.close()


def test_presence_states_over_the_wire(sim: SamSimulator, reader: SamSerialReader) -> None:
    assert reader.presence() is Presence.ABSENT
    assert sim.commands == ["find", "select"]
    sim.place("resident")
    assert reader.presence() is Presence.NEW  # found: not read since it was laid down
    assert reader.presence() is Presence.NEW  # a probe does not select it
    assert isinstance(reader.read(), CardRead)
    assert reader.presence() is Presence.PRESENT
    assert isinstance(reader.read(), CardRead)  # a card left selected is still read (find fails, select works)
    sim.remove()
    assert reader.presence() is Presence.ABSENT
    sim.place("hmt")
    assert reader.presence() is Presence.NEW  # another card (or the same laid down again): read it
    sim.set_fault("silence")
    assert reader.presence() is Presence.NOT_ANSWERING
    sim.set_fault(None)
    sim.unplug()
    assert reader.presence() is Presence.DISCONNECTED
    sim.replug()


def test_an_odd_select_answer_makes_the_watcher_read(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    assert isinstance(reader.read(), CardRead)
    sim.set_status("select", 0x24)  # neither "selected" nor "no card": nothing sure
    assert reader.presence() is Presence.NEW


def test_look_maps_every_state() -> None:
    fake = FakeIdCardReader()
    assert look(fake, card_known=False) == NoCard() and fake.reads == 0
    fake.place(_identity())
    assert isinstance(look(fake, card_known=False), CardRead) and fake.reads == 1
    assert look(fake, card_known=True) == CardStillThere() and fake.reads == 1
    assert isinstance(look(fake, card_known=False), CardRead)  # on the reader before anyone knew it: read it
    fake.connected = False
    assert isinstance(look(fake, card_known=True), ReaderDisconnected)
    fake.connected = True
    fake.remove()
    assert look(fake, card_known=True) == NoCard()


def test_a_reader_that_does_not_answer_is_not_the_residents_fault(sim: SamSimulator,
                                                                  reader: SamSerialReader) -> None:
    sim.set_fault("silence")
    result = look(reader, card_known=False)
    assert isinstance(result, ReaderFault) and result.code == "not_answering" and not result.retryable


def test_fake_presence_follows_reads() -> None:
    fake = FakeIdCardReader()
    assert fake.presence() is Presence.ABSENT
    fake.place(_identity())
    assert fake.presence() is Presence.NEW
    fake.read()
    assert fake.presence() is Presence.PRESENT and fake.probes == 3
    fake.fail_next(ReaderFault("SW3=41", retryable=True))
    assert fake.presence() is Presence.NEW  # the watcher reads and meets the failure


def _identity() -> Identity:
    return sample_identity(FakeClock())
