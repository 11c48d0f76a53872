"""The SAM serial driver: a certified ID card reader spoken to directly over a serial line.

Implements :class:`kiosk.roles.idcard.IdCardReader` on pyserial. Why it looks the way it does:

- every command has its own timeout (the spec's typical host timeouts, stretched for slow
  baud rates), so a silent reader costs a bounded time and never hangs the kiosk;
- responses go through :class:`~devices.idcard.frame.FrameDecoder`, which drops noise and
  corrupted frames, so one glitch on the line costs one retry, not a wrong card;
- find/select are retried (some readers answer them with failure yet read fine);
- :meth:`SamSerialReader.presence` is find, then select only when find says "no card" (a card once
  selected ignores find while it lies there): the card watcher's probe, about 50 bytes, no read;
- an unplugged port becomes :class:`ReaderDisconnected` and the port is reopened, at most
  once per ``reconnect_interval_s``, when it comes back (``/dev/serial/by-id`` paths make
  that work across re-plugging);
- nothing escapes :meth:`read` or :meth:`sam_info`: expected states are values, and an
  unexpected exception becomes a :class:`ReaderFault` with its type name only (no data).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import serial

from devices.idcard import frame
from devices.idcard.cardparse import ParseError, decode_extra_address, parse_text_block
from kiosk.roles.idcard import (
    CardRead,
    NoCard,
    Presence,
    ReaderDisconnected,
    ReaderFault,
    ReadResult,
    SamInfo,
)

log = logging.getLogger(__name__)

RESET = (0x10, 0xFF)
STATUS = (0x11, 0xFF)
SAM_ID = (0x12, 0xFF)
FIND = (0x20, 0x01)
SELECT = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)
READ_EXTRA_ADDRESS = (0x30, 0x03)
READ_WITH_FINGERPRINT = (0x30, 0x10)

SW_OK = 0x90
SW_FOUND = 0x9F
SW_NO_CONTENT = 0x91
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81

STATUS_TEXT: dict[int, str] = {
    0x90: "success", 0x9F: "card found", 0x91: "no content",
    0x10: "checksum error in received data", 0x11: "length error in received data",
    0x21: "command error", 0x23: "unauthorised operation", 0x24: "unrecognised error",
    0x31: "card failed to authenticate the SAM", 0x32: "SAM failed to authenticate the card",
    0x33: "information verification error", 0x40: "unrecognised card type", 0x41: "read failed",
    0x47: "failed to get random number", 0x60: "SAM self-test failed", 0x66: "SAM not authorised",
    0x80: "find card failed", 0x81: "select card failed",
}
# Codes that a resident can fix by placing the card again; the others need a technician.
_RETRYABLE = {0x10, 0x11, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x81}


@dataclass(frozen=True)
class Timeouts:
    """Seconds per command at 115200 baud; slower lines get the extra wire time on top."""

    reset: float = 1.0
    status: float = 0.3
    sam_id: float = 0.3
    find: float = 0.1
    select: float = 0.1
    read: float = 2.0
    read_fingerprint: float = 3.0
    extra_address: float = 1.5


# Largest response each command can get, to stretch timeouts at low baud rates.
_MAX_RESPONSE = {RESET: 11, STATUS: 11, SAM_ID: 27, FIND: 15, SELECT: 19, READ_TEXT_PHOTO: 1295,
                 READ_WITH_FINGERPRINT: 2321, READ_EXTRA_ADDRESS: 81}


def wire_time(n_bytes: int, baud: int) -> float:
    """8N1: ten bits per byte."""
    return n_bytes * 10.0 / baud


def format_sam_id(data: bytes) -> str:
    """The usual printed form ``AA.BB-CCCCCCCC-DDDDDDDDDD-EEEEEEEEEE`` (little-endian words).

    Sources differ on the exact split; this is the one the simulator and most tools use.
    """
    if len(data) < 14:
        return data.hex()
    a, b = data[0], data[1]
    c = int.from_bytes(data[2:6], "little")
    d = int.from_bytes(data[6:10], "little")
    e = int.from_bytes(data[10:14], "little")
    return f"{a:02d}.{b:02d}-{c:08d}-{d:010d}-{e:010d}"


class _Disconnected(Exception):
    pass


SerialFactory = Callable[[str, int], Any]


def _open_serial(port: str, baud: int) -> Any:
    return serial.serial_for_url(port, baudrate=baud, timeout=0.1, write_timeout=1.0)


@dataclass
class WireStats:
    """Bytes exchanged since the last reset (for the benchmark's wire-time floor)."""

    sent: int = 0
    received: int = 0


class SamSerialReader:
    """An ID card reader reached through its SAM over a serial port (path or pyserial URL)."""

    def __init__(
        self,
        port: str,
        baud: int = 115200,
        *,
        timeouts: Timeouts | None = None,
        find_retries: int = 3,
        select_retries: int = 2,
        read_extra_address: bool = True,
        read_fingerprint: bool = False,
        reconnect_interval_s: float = 1.0,
        today: Callable[[], date] = date.today,
        serial_factory: SerialFactory = _open_serial,
    ) -> None:
        self.port_name = port
        self.baud = baud
        self.timeouts = timeouts or Timeouts()
        self.find_retries = max(1, find_retries)
        self.select_retries = max(1, select_retries)
        self.read_extra_address = read_extra_address
        self.read_fingerprint = read_fingerprint
        self.reconnect_interval_s = reconnect_interval_s
        self._today = today
        self._factory = serial_factory
        self._lock = threading.RLock()
        self._port: Any = None
        self._last_open_attempt = float("-inf")
        self._was_connected: bool | None = None
        self._decoder = frame.FrameDecoder()
        self.stats = WireStats()
        self.last_status: int | None = None  # SW3 of the last response (for diagnostics)
        self.last_error = ""  # why the last command got no usable answer: timeout, checksum, truncated

    # --- connection ---------------------------------------------------------------------------

    @property
    def connected(self) -> bool:
        return self._port is not None

    def _ensure_open(self, force: bool = False) -> bool:
        if self._port is not None:
            return True
        now = time.monotonic()
        if not force and now - self._last_open_attempt < self.reconnect_interval_s:
            return False
        self._last_open_attempt = now
        try:
            self._port = self._factory(self.port_name, self.baud)
        except (serial.SerialException, OSError, ValueError) as exc:
            if self._was_connected is not False:
                log.warning("ID card reader port unavailable: %s", type(exc).__name__)
            self._was_connected = False
            return False
        if self._was_connected is False:
            log.info("ID card reader port is back")
        self._was_connected = True
        return True

    def _drop_port(self) -> None:
        port, self._port = self._port, None
        self._was_connected = False
        self._last_open_attempt = time.monotonic()
        if port is not None:
            try:
                port.close()
            except Exception:  # noqa: BLE001 - the port is gone anyway
                log.debug("closing the lost ID card reader port failed", exc_info=True)
        log.warning("ID card reader disconnected")

    def close(self) -> None:
        with self._lock:
            port, self._port = self._port, None
            if port is not None:
                try:
                    port.close()
                except Exception:  # noqa: BLE001 - closing down: nothing more to do with the port
                    log.debug("closing the ID card reader port failed", exc_info=True)

    # --- one command ----------------------------------------------------------------------------

    def _timeout_for(self, key: tuple[int, int], nominal: float) -> float:
        extra = wire_time(_MAX_RESPONSE.get(key, 64) + 10, self.baud) - wire_time(
            _MAX_RESPONSE.get(key, 64) + 10, 115200)
        return nominal + max(0.0, extra)

    def transact(self, key: tuple[int, int], timeout: float, data: bytes = b"") -> frame.Response | None:
        """Send one command and wait for its response; None on timeout. Raises _Disconnected."""
        port = self._port
        if port is None:
            raise _Disconnected()
        request = frame.encode_command(key[0], key[1], data)
        deadline = time.monotonic() + timeout
        try:
            if port.in_waiting:
                port.reset_input_buffer()  # a late answer to an earlier command must not be taken for this one
            self._decoder.reset()
            port.write(request)
            self.stats.sent += len(request)
            bad_before = self._decoder.bad_frames
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    if self._decoder.bad_frames > bad_before:
                        self.last_error = "checksum"
                    elif self._decoder.buffered:
                        self.last_error = "truncated"
                    else:
                        self.last_error = "timeout"
                    return None
                port.timeout = remaining
                chunk = port.read(self._decoder.needed())
                if not chunk:
                    continue
                self.stats.received += len(chunk)
                for payload in self._decoder.feed(chunk):
                    try:
                        response = frame.response_from_payload(payload)
                    except frame.FrameError:
                        continue
                    self.last_status = response.sw3
                    return response
        except (serial.SerialException, OSError) as exc:
            self._drop_port()
            raise _Disconnected(type(exc).__name__) from exc

    def _cmd(self, key: tuple[int, int], nominal: float, deadline: float | None = None) -> frame.Response | None:
        timeout = self._timeout_for(key, nominal)
        if deadline is not None:
            timeout = min(timeout, max(0.0, deadline - time.monotonic()))
            if timeout <= 0:
                return None
        return self.transact(key, timeout)

    # --- the IdCardReader role --------------------------------------------------------------------

    def read(self, timeout: float = 3.0) -> ReadResult:
        """find -> select -> read (-> extra address). Never raises."""
        with self._lock:
            if not self._ensure_open():
                return ReaderDisconnected(f"port {self.port_name} is not available")
            try:
                return self._read(time.monotonic() + timeout)
            except _Disconnected as exc:
                return ReaderDisconnected(f"port lost ({exc})")
            except Exception as exc:  # noqa: BLE001 - nothing escapes the driver
                log.error("unexpected error in ID card read: %s", type(exc).__name__)
                return ReaderFault("internal", type(exc).__name__, retryable=True)

    def _find(self, deadline: float | None) -> frame.Response | None:
        """Find card, retried on odd answers; "no card" is a definite answer (select confirms it)."""
        answers: list[frame.Response] = []
        for _ in range(self.find_retries):
            r = self._cmd(FIND, self.timeouts.find, deadline)
            if r is not None and r.sw3 in (SW_FOUND, SW_NO_CARD):
                return r
            if r is not None:
                answers.append(r)
        return answers[-1] if answers else None

    def _select(self, deadline: float | None, retries: int, final: tuple[int, ...] = (SW_OK,)) -> frame.Response | None:
        """Select card, retried until an answer in ``final`` comes: the last answer (None when none came)."""
        r = None
        for _ in range(retries):
            r = self._cmd(SELECT, self.timeouts.select, deadline) or r
            if r is not None and r.sw3 in final:
                break
        return r

    def _read(self, deadline: float) -> ReadResult:
        found = self._find(deadline)
        if found is None:
            return ReaderFault(self.last_error or "timeout", "no usable answer to find card", retryable=True)
        if found.sw3 == SW_NO_CARD:
            # a card already selected stays active and does not answer find: select tells if it is there
            selected = self._select(deadline, 1)
            if selected is None:
                return ReaderFault(self.last_error or "timeout", "no usable answer to select card", retryable=True)
            if selected.sw3 != SW_OK:
                return NoCard()
        else:
            self._select(deadline, self.select_retries)
        # read even when select failed: some readers fail select and read fine
        key = READ_WITH_FINGERPRINT if self.read_fingerprint else READ_TEXT_PHOTO
        nominal = self.timeouts.read_fingerprint if self.read_fingerprint else self.timeouts.read
        resp = self._cmd(key, nominal, deadline + nominal)  # a read once started gets its own time
        if resp is None:
            return ReaderFault(self.last_error or "timeout", "no usable answer to read", retryable=True)
        if resp.sw3 == SW_NO_CARD:
            return NoCard()
        if resp.sw3 != SW_OK:
            return ReaderFault(f"SW3={resp.sw3:02X}", STATUS_TEXT.get(resp.sw3, "unknown status"),
                               retryable=resp.sw3 in _RETRYABLE)
        try:
            text, photo, prints = split_read_data(resp.data, self.read_fingerprint)
        except frame.FrameError as exc:
            return ReaderFault("length", str(exc), retryable=True)
        extra = ""
        if self.read_extra_address:
            extra = self._extra_address()
        try:
            identity = parse_text_block(text, today=self._today(), extra_address=extra)
        except ParseError as exc:
            return ReaderFault(f"parse:{exc.code}", exc.field or "", retryable=True)
        return CardRead(identity, photo=photo, fingerprints=prints)

    def _extra_address(self) -> str:
        r = self._cmd(READ_EXTRA_ADDRESS, self.timeouts.extra_address)
        if r is None or r.sw3 != SW_OK or not r.data:
            return ""
        try:
            return decode_extra_address(r.data[:70])
        except ParseError:
            return ""

    def presence(self) -> Presence:
        """Find, then select only when find says "no card": the card watcher's probe, no read.

        A card is answered by find only until it is selected; a selected card stays active and ignores
        find while it lies on the reader, and select keeps succeeding on it until it leaves, then fails
        (SW3 81). So find "found" is a card not read yet, and find "no card" with select OK is the card
        read before, still there. Never raises.
        """
        with self._lock:
            if not self._ensure_open():
                return Presence.DISCONNECTED
            try:
                found = self._cmd(FIND, self.timeouts.find)
                if found is not None and found.sw3 == SW_FOUND:
                    return Presence.NEW
                selected = self._select(None, self.select_retries, (SW_OK, SW_NO_CARD, SW_SELECT_FAILED))
            except _Disconnected:
                return Presence.DISCONNECTED
            except Exception as exc:  # noqa: BLE001 - nothing escapes the driver
                log.error("unexpected error in the ID card presence probe: %s", type(exc).__name__)
                return Presence.NOT_ANSWERING
            if selected is None:
                return Presence.NOT_ANSWERING
            if selected.sw3 == SW_OK:
                return Presence.PRESENT
            # an odd answer says nothing sure: the watcher reads, which retries and decides
            return Presence.ABSENT if selected.sw3 in (SW_NO_CARD, SW_SELECT_FAILED) else Presence.NEW

    def reset(self) -> bool:
        with self._lock:
            if not self._ensure_open(force=True):
                return False
            try:
                r = self._cmd(RESET, self.timeouts.reset)
            except _Disconnected:
                return False
            except Exception:  # noqa: BLE001
                return False
            return r is not None and r.sw3 == SW_OK

    def sam_info(self) -> SamInfo:
        with self._lock:
            if not self._ensure_open(force=True):
                return SamInfo(sam_id="", status="disconnected", connected=False)
            try:
                st = self._cmd(STATUS, self.timeouts.status)
                status = "timeout" if st is None else ("ok" if st.sw3 == SW_OK else f"SW3={st.sw3:02X}")
                ident = self._cmd(SAM_ID, self.timeouts.sam_id)
                sam_id = format_sam_id(ident.data) if ident is not None and ident.sw3 == SW_OK else ""
                if ident is None and status == "ok":
                    status = "timeout"
                return SamInfo(sam_id=sam_id, status=status, connected=True)
            except _Disconnected:
                return SamInfo(sam_id="", status="disconnected", connected=False)
            except Exception as exc:  # noqa: BLE001
                return SamInfo(sam_id="", status=f"internal:{type(exc).__name__}", connected=True)


def split_read_data(data: bytes, with_fingerprint: bool) -> tuple[bytes, bytes, tuple[bytes, ...]]:
    """Split a ``30 01`` / ``30 10`` answer into text block, photo and fingerprint templates."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise frame.LengthError("read answer shorter than its length fields")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len != 256:
        raise frame.LengthError(f"text length {text_len}, expected 256")
    if len(data) != head + text_len + photo_len + fp_len:
        raise frame.LengthError("read answer length does not match its length fields")
    text = data[head:head + text_len]
    photo = data[head + text_len:head + text_len + photo_len]
    fp = data[head + text_len + photo_len:]
    if fp_len % 512:
        raise frame.LengthError("fingerprint data is not whole 512-byte templates")
    prints = tuple(fp[i:i + 512] for i in range(0, fp_len, 512))
    return text, photo, prints
