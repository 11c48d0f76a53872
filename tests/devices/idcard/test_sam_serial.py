"""The real serial driver against the pty simulator: every card, every status, every fault."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.idcard import frame as _frame
from devices.idcard.sam_serial import STATUS_TEXT, SamSerialReader, Timeouts, format_sam_id, split_read_data
from devices.idcard.samples import SAMPLES
from devices.idcard.simulator import DEFAULT_SAM_ID, FAULTS, SamSimulator
from kiosk.identity import CardType
from kiosk.roles.idcard import CardRead, IdCardReader, NoCard, Presence, ReaderDisconnected, ReaderFault

from .conftest import TODAY


def test_reader_satisfies_the_role(reader: SamSerialReader) -> None:
    assert isinstance(reader, IdCardReader)


def test_sam_info(reader: SamSerialReader) -> None:
    info = reader.sam_info()
    assert info.connected and info.status == "ok"
    assert info.sam_id == "05.01-20261126-0000000042-1234567890" == format_sam_id(DEFAULT_SAM_ID)


@pytest.mark.parametrize("key", list(SAMPLES))
def test_reads_every_sample_card(sim: SamSimulator, reader: SamSerialReader, key: str) -> None:
    sim.place(key)
    result = reader.read()
    assert isinstance(result, CardRead), result
    assert result.identity.checksum_ok
    assert result.identity.expired == (key == "expired")
    assert result.photo == SAMPLES[key].photo and len(result.photo) == 1024
    assert result.identity.extra.get("extra_address", "") == SAMPLES[key].extra_address
    assert sim.commands[:3] == ["find", "select", "read"]


def test_card_types(sim: SamSimulator, reader: SamSerialReader) -> None:
    got = {}
    for key in ("resident", "hmt", "foreign2017", "foreign2023"):
        sim.place(key)
        r = reader.read()
        assert isinstance(r, CardRead)
        got[key] = r.identity.card_type
    assert got == {"resident": CardType.RESIDENT, "hmt": CardType.HMT_PERMIT,
                   "foreign2017": CardType.FOREIGN_2017, "foreign2023": CardType.FOREIGN_2023}


@pytest.mark.parametrize(("key", "templates"), [("resident", 2), ("rare_name", 1), ("expired", 0)])
def test_read_with_fingerprint(sim: SamSimulator, reader: SamSerialReader, key: str, templates: int) -> None:
    reader.read_fingerprint = True
    sim.place(key)
    r = reader.read()
    assert isinstance(r, CardRead)
    assert r.fingerprints == SAMPLES[key].fingerprints and len(r.fingerprints) == templates
    assert "read_fingerprint" in sim.commands


def test_no_card(sim: SamSimulator, reader: SamSerialReader) -> None:
    assert reader.read() == NoCard()
    assert sim.commands == ["find", "select"]  # "no card" is definite; select confirms (a selected card ignores find)
    assert "read" not in sim.commands


@pytest.mark.parametrize("sw3", sorted(set(STATUS_TEXT) - {0x90, 0x9F, 0x80, 0x91}))
def test_every_read_status_is_a_fault_value(sim: SamSimulator, reader: SamSerialReader, sw3: int) -> None:
    sim.place("resident")
    sim.set_status("read", sw3)
    r = reader.read()
    assert isinstance(r, ReaderFault)
    assert r.code == f"SW3={sw3:02X}"
    assert r.retryable == (sw3 not in (0x21, 0x23, 0x60, 0x66))


def test_read_status_no_card_means_card_left(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    sim.set_status("read", 0x80)
    assert reader.read() == NoCard()


def test_select_failure_still_reads(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    sim.set_status("select", 0x81)
    assert isinstance(reader.read(), CardRead)
    assert sim.commands.count("select") == 2


def test_find_odd_answer_still_reads(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    sim.set_status("find", 0x24)
    assert isinstance(reader.read(), CardRead)


def test_extra_address_absent_is_fine(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    r = reader.read()
    assert isinstance(r, CardRead) and "extra_address" not in r.identity.extra
    assert "extra_address" in sim.commands


def test_noise_is_survived(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("rare_name")
    sim.set_fault("noise")
    for _ in range(3):
        r = reader.read()
        assert isinstance(r, CardRead)
        assert r.identity.name == "王䶮"


@pytest.mark.parametrize(("fault", "code"), [("bad_checksum", "checksum"), ("truncate", "truncated"),
                                             ("silence", "timeout")])
def test_faults_end_in_typed_values_within_time(sim: SamSimulator, reader: SamSerialReader, fault: str,
                                                code: str) -> None:
    sim.place("resident")
    sim.set_fault(fault)
    t0 = time.monotonic()
    r = reader.read(timeout=1.0)
    assert time.monotonic() - t0 < 1.0
    assert isinstance(r, ReaderFault) and r.code == code and r.retryable
    sim.set_fault(None)
    assert isinstance(reader.read(), CardRead)  # and it recovers at once


def test_fault_during_read_only(sim: SamSimulator, reader: SamSerialReader) -> None:
    """Faults that hit the long read (not find/select) time out on the read's own timeout."""
    sim.place("resident")
    reader.timeouts = type(reader.timeouts)(read=0.4)
    sim.set_status("find", None)
    assert set(FAULTS) == {"noise", "bad_checksum", "truncate", "silence"}
    sim.set_fault("truncate")
    t0 = time.monotonic()
    assert isinstance(reader.read(timeout=2.0), ReaderFault)
    assert time.monotonic() - t0 < 2.5


def test_unplug_and_replug_reconnects(sim: SamSimulator, reader: SamSerialReader) -> None:
    sim.place("resident")
    assert isinstance(reader.read(), CardRead)
    sim.unplug()
    assert isinstance(reader.read(), ReaderDisconnected)
    assert isinstance(reader.read(), ReaderDisconnected)
    assert reader.sam_info().connected is False
    sim.replug()
    sim.place("resident")
    deadline = time.monotonic() + 3
    result = reader.read()
    while not isinstance(result, CardRead) and time.monotonic() < deadline:
        time.sleep(0.06)
        result = reader.read()
    assert isinstance(result, CardRead)


def test_missing_port_is_disconnected_not_an_exception(tmp_path: Path) -> None:
    r = SamSerialReader(str(tmp_path / "nothing-here"))
    assert isinstance(r.read(), ReaderDisconnected)
    assert r.sam_info() == type(r.sam_info())(sam_id="", status="disconnected", connected=False)
    assert r.presence() is Presence.DISCONNECTED and r.reset() is False
    r.close()


def test_pyserial_url_port() -> None:
    r = SamSerialReader("loop://", 115200, timeouts=None)
    # a loopback echoes our command: never a valid response status, so no card is reported and nothing hangs
    result = r.read(timeout=1.0)
    assert isinstance(result, (NoCard, ReaderFault))
    r.close()


def test_slow_baud_rate(tmp_path: Path) -> None:
    with SamSimulator(38400, card="resident") as s:
        r = SamSerialReader(s.port, 38400, today=lambda: TODAY)
        t0 = time.monotonic()
        assert isinstance(r.read(), CardRead)
        assert time.monotonic() - t0 >= 1305 * 10 / 38400  # the simulator really paces the bytes
        r.close()


def test_reset_and_presence(sim: SamSimulator, reader: SamSerialReader) -> None:
    assert reader.reset() is True
    assert reader.presence() is Presence.ABSENT
    sim.place("resident")
    assert reader.presence() is Presence.NEW
    assert isinstance(reader.read(), CardRead) and reader.presence() is Presence.PRESENT
    assert reader.reset() is True and reader.presence() is Presence.NEW  # the field was reset: idle again
    sim.set_fault("silence")
    assert reader.presence() is Presence.NOT_ANSWERING


def test_split_read_data_rejects_inconsistent_lengths() -> None:
    from devices.idcard.frame import LengthError

    with pytest.raises(LengthError):
        split_read_data(b"\x01\x00\x04\x00" + b"x" * 10, False)
    with pytest.raises(LengthError):
        split_read_data(b"\x00\x10\x00\x00" + b"x" * 16, False)
    with pytest.raises(LengthError):
        split_read_data(b"\x01", True)


def test_garbled_text_block_is_a_fault_not_a_card(sim: SamSimulator, reader: SamSerialReader,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from devices.idcard import samples

    bad = samples.SampleCard("bad", "bad", CardType.RESIDENT, b"\xff\xdf" * 128, b"p" * 1024)
    monkeypatch.setitem(samples.SAMPLES, "bad", bad)
    sim.place("bad")
    r = reader.read()
    assert isinstance(r, ReaderFault) and r.code.startswith("parse:")


# --- the driver against arbitrary bytes on the line ------------------------------------------




class _ScriptedPort:
    """A serial port whose every answer comes from a script (hypothesis draws it)."""

    def __init__(self, answers: list[bytes]) -> None:
        self.answers = list(answers)
        self.pending = b""
        self.timeout = 0.0
        self.in_waiting = 0

    def reset_input_buffer(self) -> None:
        self.pending = b""

    def write(self, data: bytes) -> int:
        self.pending += self.answers.pop(0) if self.answers else b""
        return len(data)

    def read(self, n: int) -> bytes:
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def close(self) -> None:
        pass


_answer = st.one_of(
    st.binary(max_size=60),
    st.builds(lambda sw3, data: _frame.encode_response(sw3, data), st.sampled_from(sorted(STATUS_TEXT)),
              st.binary(max_size=40)),
    st.builds(lambda data: _frame.encode_response(0x90, data[:2000]),
              st.binary(min_size=0, max_size=20).map(lambda b: b"\x01\x00\x04\x00" + b * 70)),
)


@settings(max_examples=100, deadline=None)
@given(st.lists(_answer, max_size=8))
def test_fuzz_driver_returns_values_for_any_line_bytes(answers: list[bytes]) -> None:
    port = _ScriptedPort(answers)
    fast = Timeouts(find=0.005, select=0.005, read=0.01, read_fingerprint=0.01, extra_address=0.005)
    r = SamSerialReader("scripted", timeouts=fast, serial_factory=lambda _p, _b: port, today=lambda: TODAY)
    result = r.read(timeout=0.05)
    assert isinstance(result, (CardRead, NoCard, ReaderFault, ReaderDisconnected))
    if isinstance(result, CardRead):
        assert result.identity.id_number
