"""The SAM serial frame: ``AA AA AA 96 69 | LEN_H LEN_L | payload | CHK``.

Both directions use the same envelope; a command's payload is ``CMD PARA [DATA]``, a
response's is ``SW1 SW2 SW3 [DATA]``. LEN counts the payload plus CHK; CHK is the
XOR of LEN_H, LEN_L and the payload.

:class:`FrameDecoder` is incremental and resynchronises on noise: it scans for the
preamble, drops whatever came before, and when a candidate frame fails its length
or checksum it drops one byte and scans again, so a corrupted frame costs at most
itself. The driver and the simulator share it, and the fuzz tests feed it garbage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
MIN_LEN = 3  # CMD PARA CHK (a command) / SW1 SW2 SW3 would need 4: the smallest frame we accept is 3
MAX_LEN = 4096  # the largest real frame (text+photo+2 fingerprints) has LEN 2314


class FrameError(ValueError):
    """A byte string is not one well-formed frame."""

    code = "frame"


class PreambleError(FrameError):
    code = "preamble"


class LengthError(FrameError):
    code = "length"


class ChecksumError(FrameError):
    code = "checksum"


class TruncatedFrame(FrameError):
    code = "truncated"


def xor(data: bytes | bytearray) -> int:
    """XOR of every byte, folded on one big integer (a per-byte Python loop costs ~50x more)."""
    if not data:
        return 0
    value = int.from_bytes(data, "little")
    bits = 8
    while bits < len(data) * 8:
        bits *= 2
    while bits > 8:
        bits //= 2
        value = (value >> bits) ^ (value & ((1 << bits) - 1))
    return value


def encode(payload: bytes) -> bytes:
    """Wrap a payload (command or response) in preamble, length and checksum."""
    length = len(payload) + 1
    if length > MAX_LEN:
        raise LengthError(f"payload of {len(payload)} bytes is too long")
    body = length.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([xor(body)])


def encode_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return encode(bytes([cmd, para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    return encode(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Command:
    cmd: int
    para: int
    data: bytes = b""

    @property
    def key(self) -> tuple[int, int]:
        return (self.cmd, self.para)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = field(default=b"", repr=False)

    @property
    def status(self) -> str:
        return f"{self.sw3:02X}"


def decode(frame: bytes) -> bytes:
    """Strictly decode exactly one frame and return its payload."""
    frame = bytes(frame)
    if not frame.startswith(PREAMBLE):
        raise PreambleError("frame does not start with AA AA AA 96 69")
    if len(frame) < HEADER_LEN:
        raise TruncatedFrame("frame ends inside its header")
    length = int.from_bytes(frame[5:7], "big")
    if length < MIN_LEN or length > MAX_LEN:
        raise LengthError(f"length field {length} is out of range")
    total = HEADER_LEN + length
    if len(frame) < total:
        raise TruncatedFrame(f"frame has {len(frame)} of {total} bytes")
    if len(frame) > total:
        raise LengthError(f"{len(frame) - total} bytes after the frame")
    if xor(frame[5:total - 1]) != frame[total - 1]:
        raise ChecksumError("checksum does not match")
    return frame[HEADER_LEN:total - 1]


def decode_response(frame: bytes) -> Response:
    payload = decode(frame)
    return response_from_payload(payload)


def response_from_payload(payload: bytes) -> Response:
    if len(payload) < 3:
        raise LengthError("response shorter than its three status bytes")
    return Response(payload[0], payload[1], payload[2], payload[3:])


def command_from_payload(payload: bytes) -> Command:
    if len(payload) < 2:
        raise LengthError("command shorter than CMD PARA")
    return Command(payload[0], payload[1], payload[2:])


class FrameDecoder:
    """Incremental decoder: ``feed`` bytes, get complete payloads; garbage is counted and dropped."""

    def __init__(self, max_len: int = MAX_LEN) -> None:
        self._buf = bytearray()
        self._max_len = max_len
        self.discarded = 0  # bytes thrown away while resynchronising
        self.bad_frames = 0  # candidate frames that failed length or checksum

    def reset(self) -> None:
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def needed(self) -> int:
        """How many more bytes would complete the frame in progress (at least 1): lets readers block efficiently."""
        start = self._buf.find(PREAMBLE)
        if start < 0:
            for k in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
                if self._buf.endswith(PREAMBLE[:k]):
                    return HEADER_LEN - k
            return 1
        have = len(self._buf) - start
        if have < HEADER_LEN:
            return HEADER_LEN - have
        length = int.from_bytes(self._buf[start + 5:start + 7], "big")
        if length < MIN_LEN or length > self._max_len:
            return 1
        return max(1, HEADER_LEN + length - have)

    def feed(self, data: bytes) -> list[bytes]:
        self._buf += data
        out: list[bytes] = []
        while True:
            payload = self._next()
            if payload is None:
                return out
            out.append(payload)

    def _drop(self, n: int) -> None:
        del self._buf[:n]
        self.discarded += n

    def _next(self) -> bytes | None:
        while True:
            start = self._buf.find(PREAMBLE)
            if start < 0:
                # keep a tail that could be the start of a preamble split across reads
                keep = 0
                for k in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
                    if self._buf.endswith(PREAMBLE[:k]):
                        keep = k
                        break
                self._drop(len(self._buf) - keep)
                return None
            if start:
                self._drop(start)
            if len(self._buf) < HEADER_LEN:
                return None
            length = int.from_bytes(self._buf[5:7], "big")
            if length < MIN_LEN or length > self._max_len:
                self.bad_frames += 1
                self._drop(1)
                continue
            total = HEADER_LEN + length
            if len(self._buf) < total:
                later = self._complete_frame_after(1)
                if later < 0:
                    return None
                # noise that looked like a header must not hold back a whole frame behind it
                self.bad_frames += 1
                self._drop(later)
                continue
            if xor(self._buf[5:total - 1]) != self._buf[total - 1]:
                self.bad_frames += 1
                self._drop(1)
                continue
            payload = bytes(self._buf[HEADER_LEN:total - 1])
            del self._buf[:total]
            return payload

    def _complete_frame_after(self, pos: int) -> int:
        """Offset of the first complete, checksum-valid frame starting at or after ``pos``, or -1."""
        buf = self._buf
        while True:
            start = buf.find(PREAMBLE, pos)
            if start < 0 or len(buf) - start < HEADER_LEN:
                return -1
            length = int.from_bytes(buf[start + 5:start + 7], "big")
            total = HEADER_LEN + length
            if MIN_LEN <= length <= self._max_len and len(buf) - start >= total \
                    and xor(buf[start + 5:start + total - 1]) == buf[start + total - 1]:
                return start
            pos = start + 1
