"""The frame codec: the spec's frames byte for byte, resync on noise, and fuzzing."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard import frame
from devices.idcard.frame import (
    ChecksumError,
    FrameDecoder,
    FrameError,
    LengthError,
    PreambleError,
    TruncatedFrame,
)

SPEC_COMMANDS = {
    (0x10, 0xFF): "AA AA AA 96 69 00 03 10 FF EC",
    (0x11, 0xFF): "AA AA AA 96 69 00 03 11 FF ED",
    (0x12, 0xFF): "AA AA AA 96 69 00 03 12 FF EE",
    (0x20, 0x01): "AA AA AA 96 69 00 03 20 01 22",
    (0x20, 0x02): "AA AA AA 96 69 00 03 20 02 21",
    (0x30, 0x01): "AA AA AA 96 69 00 03 30 01 32",
    (0x30, 0x03): "AA AA AA 96 69 00 03 30 03 30",
    (0x30, 0x10): "AA AA AA 96 69 00 03 30 10 23",
}


@pytest.mark.parametrize(("key", "hexframe"), list(SPEC_COMMANDS.items()))
def test_commands_match_the_spec(key: tuple[int, int], hexframe: str) -> None:
    assert frame.encode_command(*key) == bytes.fromhex(hexframe)
    assert frame.command_from_payload(frame.decode(bytes.fromhex(hexframe))).key == key


def test_responses_match_the_spec() -> None:
    assert frame.encode_response(0x9F, b"\0" * 4) == bytes.fromhex("AAAAAA9669000800009F0000000097")
    assert frame.encode_response(0x80) == bytes.fromhex("AAAAAA96690004000080 84".replace(" ", ""))
    assert frame.encode_response(0x90, b"\0" * 8) == bytes.fromhex("AAAAAA9669000C000090" + "00" * 8 + "9C")
    r = frame.decode_response(frame.encode_response(0x90, b"\x01\x00\x04\x00" + b"x" * 1280))
    assert (r.sw1, r.sw2, r.sw3, len(r.data)) == (0, 0, 0x90, 1284)
    assert len(frame.encode_response(0x90, b"\x01\x00\x04\x00" + b"x" * 1280)) == 1295


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"\xaa\xaa\x96\x69\x00\x03\x10\xff\xec", PreambleError),
        (b"\xaa\xaa\xaa\x96\x69\x00", TruncatedFrame),
        (bytes.fromhex("AAAAAA9669000310FF"), TruncatedFrame),
        (bytes.fromhex("AAAAAA9669000310FFED"), ChecksumError),
        (bytes.fromhex("AAAAAA9669000110"), LengthError),
        (bytes.fromhex("AAAAAA9669000310FFEC00"), LengthError),
    ],
)
def test_strict_decode_errors(data: bytes, error: type[FrameError]) -> None:
    with pytest.raises(error):
        frame.decode(data)


def test_decoder_resyncs_after_noise_and_bad_frames() -> None:
    good = frame.encode_response(0x90, b"hello")
    corrupt = good[:-1] + bytes([good[-1] ^ 1])
    stream = b"\x00\xaa\x12" + corrupt + b"\xaa\xaa" + good + b"\xff\xaa\xaa\xaa\x96" + good
    dec = FrameDecoder()
    out = [dec.feed(bytes([b])) for b in stream]
    payloads = [p for chunk in out for p in chunk]
    assert payloads == [b"\x00\x00\x90hello", b"\x00\x00\x90hello"]
    assert dec.bad_frames >= 1 and dec.discarded >= len(corrupt)


def test_fake_header_does_not_hold_back_a_real_frame() -> None:
    good = frame.encode_response(0x9F, b"\0" * 4)
    fake_header = frame.PREAMBLE + b"\x0f\xa0"  # claims 4000 bytes
    dec = FrameDecoder()
    assert dec.feed(fake_header + good) == [b"\x00\x00\x9f\x00\x00\x00\x00"]


def test_needed_guides_blocking_reads() -> None:
    good = frame.encode_response(0x90, b"x" * 100)
    dec = FrameDecoder()
    assert dec.needed() == 1
    dec.feed(good[:3])
    assert dec.needed() == 4
    dec.feed(good[3:7])
    assert dec.needed() == len(good) - 7
    assert dec.feed(good[7:]) == [good[7:-1]]


# --- fuzz -----------------------------------------------------------------------------------

_frames = st.builds(lambda sw3, data: frame.encode_response(sw3, data), st.integers(0, 255), st.binary(max_size=64))


def _check_stream(frames: list[bytes], noise: list[bytes], splits: list[int]) -> None:
    """Valid frames separated by noise that holds no preamble are all recovered, whatever the chunking."""
    stream = b""
    for i, f in enumerate(frames):
        junk = noise[i % len(noise)] if noise else b""
        stream += junk.replace(b"\xaa", b"\x55") + f
    dec = FrameDecoder()
    got: list[bytes] = []
    pos = 0
    for s in splits:
        got += dec.feed(stream[pos:pos + s])
        pos += s
    got += dec.feed(stream[pos:])
    assert got == [frame.decode(f) for f in frames]


@settings(max_examples=200, deadline=None)
@given(st.lists(_frames, min_size=1, max_size=5), st.lists(st.binary(max_size=20), max_size=5),
       st.lists(st.integers(1, 40), max_size=30))
def test_fuzz_frames_recovered_through_noise(frames: list[bytes], noise: list[bytes], splits: list[int]) -> None:
    _check_stream(frames, noise, splits)


def _garbage(data: bytes) -> None:
    try:
        frame.decode(data)
    except FrameError:
        pass
    dec = FrameDecoder()
    for payload in dec.feed(data):
        assert len(payload) >= 2
    assert dec.buffered <= len(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300) | st.builds(lambda a, b: a + frame.PREAMBLE + b, st.binary(max_size=20),
                                              st.binary(max_size=200)))
def test_fuzz_garbage_is_a_typed_error(data: bytes) -> None:
    _garbage(data)


@pytest.mark.long
@settings(max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.binary(max_size=300) | st.builds(lambda a, b: a + frame.PREAMBLE + b, st.binary(max_size=20),
                                              st.binary(max_size=200)))
def test_fuzz_garbage_long(data: bytes) -> None:
    _garbage(data)


@pytest.mark.long
@settings(max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_frames, min_size=1, max_size=5), st.lists(st.binary(max_size=20), max_size=5),
       st.lists(st.integers(1, 40), max_size=30))
def test_fuzz_frames_long(frames: list[bytes], noise: list[bytes], splits: list[int]) -> None:
    _check_stream(frames, noise, splits)
