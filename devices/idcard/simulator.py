"""A SAM ID card reader played on a pseudo-terminal, byte for byte, at the configured baud rate.

The demo, the CLI tests and the integration tests run the REAL serial driver against
this, so everything between the driver and the wire is exercised. It answers every
command of the protocol (a selected card ignores find until it is taken off, as real cards do, so
select is what tells that it is still there), paces its bytes at ten bits per byte, and can inject the
faults a real line shows: noise before frames, bad checksums, truncated frames,
silence, forced status codes, and an unplugged port.

Control API (used by the demo's dev dock and by tests): :meth:`place`, :meth:`remove`,
:meth:`set_fault`, :meth:`set_status`, :meth:`sample_keys`, :meth:`unplug`, :meth:`replug`.

Run it on its own: ``python -m devices.idcard.simulator [--baud N] [--card KEY] [--link PATH]``
prints the port to open and serves until interrupted.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import select
import sys
import threading
import time
import tty
from pathlib import Path

from devices.idcard import frame, samples
from devices.idcard.cardparse import encode_extra_address
from devices.idcard.sam_serial import (
    FIND,
    READ_EXTRA_ADDRESS,
    READ_TEXT_PHOTO,
    READ_WITH_FINGERPRINT,
    RESET,
    SAM_ID,
    SELECT,
    STATUS,
)

log = logging.getLogger(__name__)

FAULTS = ("noise", "bad_checksum", "truncate", "silence")
COMMAND_NAMES = {RESET: "reset", STATUS: "status", SAM_ID: "sam_id", FIND: "find", SELECT: "select",
                 READ_TEXT_PHOTO: "read", READ_EXTRA_ADDRESS: "extra_address",
                 READ_WITH_FINGERPRINT: "read_fingerprint"}
_BY_NAME = {v: k for k, v in COMMAND_NAMES.items()}

# 05.01-20261126-0000000042-1234567890 in the layout format_sam_id reads
DEFAULT_SAM_ID = (bytes([5, 1]) + (20261126).to_bytes(4, "little") + (42).to_bytes(4, "little")
                  + (1234567890).to_bytes(4, "little") + b"\x00\x00")

_running: list[SamSimulator] = []


def running() -> list[SamSimulator]:
    """Simulators started in this process (the demo's dev dock finds them here too)."""
    return list(_running)


class SamSimulator:
    """One simulated reader on a pty. Thread-safe control methods; serving runs in a daemon thread."""

    def __init__(self, baud: int = 115200, *, card: str | None = None, link: str | Path | None = None,
                 wire_time: bool = True, processing_s: float = 0.0, seed: int | None = None) -> None:
        self.baud = baud
        self.wire_time = wire_time
        self.processing_s = processing_s
        self.link = Path(link) if link else None
        self._lock = threading.Lock()
        self._card: samples.SampleCard | None = samples.get(card) if card else None
        self._selected = False
        self._fault: str | None = None
        self._status: dict[tuple[int, int], int] = {}
        self._rng = random.Random(seed)
        self._master = -1
        self._slave = -1
        self._slave_path = ""
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._wake_r, self._wake_w = -1, -1
        self.commands: list[str] = []  # names of commands received, for tests

    # --- lifecycle --------------------------------------------------------------------------------

    @property
    def port(self) -> str:
        """The path a driver opens: the link when one was asked for, else the pty slave."""
        return str(self.link) if self.link else self._slave_path

    def start(self) -> SamSimulator:
        self._open_pty()
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="sam-simulator", daemon=True)
        self._thread.start()
        _running.append(self)
        return self

    def _open_pty(self) -> None:
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        self._slave_path = os.ttyname(self._slave)
        self._wake_r, self._wake_w = os.pipe()
        if self.link:
            tmp = self.link.with_name(self.link.name + ".tmp")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self._slave_path)
            os.replace(tmp, self.link)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            if fd >= 0:
                try:
                    os.close(fd)
                except OSError:
                    pass
        self._master = self._slave = self._wake_r = self._wake_w = -1

    def stop(self) -> None:
        self._stop.set()
        if self._wake_w >= 0:
            try:
                os.write(self._wake_w, b"x")
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self._close_pty()
        if self.link:
            try:
                if self.link.is_symlink():
                    self.link.unlink()
            except OSError:
                pass
        if self in _running:
            _running.remove(self)

    close = stop

    def unplug(self) -> None:
        """The USB cable is pulled: the port vanishes (reads on it fail, the link disappears)."""
        self.stop()

    def replug(self) -> None:
        """The cable is back: a new pty (a new device node), reachable again through ``link``."""
        self.start()

    def __enter__(self) -> SamSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- control API ----------------------------------------------------------------------------------

    def sample_keys(self) -> list[str]:
        return samples.sample_keys()

    def place(self, key: str) -> None:
        card = samples.get(key)
        with self._lock:
            self._card = card
            self._selected = False

    def remove(self) -> None:
        with self._lock:
            self._card = None
            self._selected = False

    @property
    def card_key(self) -> str | None:
        return self._card.key if self._card else None

    def set_fault(self, name: str | None) -> None:
        if name is not None and name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; choose from {', '.join(FAULTS)}")
        with self._lock:
            self._fault = name

    @property
    def fault(self) -> str | None:
        return self._fault

    def set_status(self, command: str, sw3: int | None) -> None:
        """Force the status code for one command (``find``, ``select``, ``read``...); None restores."""
        key = _BY_NAME[command]
        with self._lock:
            if sw3 is None:
                self._status.pop(key, None)
            else:
                self._status[key] = sw3

    # --- the device -------------------------------------------------------------------------------------

    def respond(self, cmd: frame.Command) -> bytes | None:
        """The full response frame for one command (before faults), or None for no answer."""
        with self._lock:
            card = self._card
            forced = self._status.get(cmd.key)
            selected = self._selected
        key = cmd.key
        if key not in COMMAND_NAMES:
            return frame.encode_response(0x21)
        if forced is not None and forced not in (0x90, 0x9F):
            return frame.encode_response(forced)
        if key in (RESET, STATUS):
            if key == RESET:
                with self._lock:
                    self._selected = False  # the field is switched off and on: the card is idle again
            return frame.encode_response(0x90)
        if key == SAM_ID:
            return frame.encode_response(0x90, DEFAULT_SAM_ID)
        if key == FIND:
            # like a real Type B card: once selected it is active and ignores find until it leaves the field
            if card is None or selected:
                return frame.encode_response(0x80)
            return frame.encode_response(0x9F, b"\x00" * 4)
        if key == SELECT:
            if card is None:
                return frame.encode_response(0x81)
            with self._lock:
                self._selected = True
            return frame.encode_response(0x90, b"\x00" * 8)
        if card is None:
            return frame.encode_response(0x41)
        if key == READ_EXTRA_ADDRESS:
            if not card.extra_address:
                return frame.encode_response(0x91)
            return frame.encode_response(0x90, encode_extra_address(card.extra_address))
        text, photo = card.text, card.photo
        if key == READ_TEXT_PHOTO:
            data = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo
        else:
            fp = b"".join(card.fingerprints)
            data = (len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + len(fp).to_bytes(2, "big")
                    + text + photo + fp)
        return frame.encode_response(0x90, data)

    def _apply_fault(self, response: bytes) -> bytes | None:
        fault = self._fault
        if fault is None:
            return response
        if fault == "silence":
            return None
        if fault == "noise":
            junk = bytes(self._rng.randrange(256) for _ in range(self._rng.randrange(3, 24)))
            return junk + frame.PREAMBLE[: self._rng.randrange(1, 5)] + response + junk[:3]
        if fault == "bad_checksum":
            return response[:-1] + bytes([response[-1] ^ 0x5A])
        if fault == "truncate":
            return response[: max(frame.HEADER_LEN, len(response) // 2)]
        return response

    def _serve(self) -> None:
        decoder = frame.FrameDecoder()
        master, wake = self._master, self._wake_r
        first_byte_at: float | None = None
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([master, wake], [], [], 0.5)
            except (OSError, ValueError):
                return
            if wake in ready:
                return
            if master not in ready:
                continue
            try:
                data = os.read(master, 4096)
            except OSError:
                # nobody has the slave open right now (EIO); wait a little and go on
                time.sleep(0.02)
                continue
            if not data:
                continue
            if first_byte_at is None:
                first_byte_at = time.monotonic()
            for payload in decoder.feed(data):
                start = first_byte_at if first_byte_at is not None else time.monotonic()
                first_byte_at = None
                try:
                    cmd = frame.command_from_payload(payload)
                except frame.FrameError:
                    continue
                self.commands.append(COMMAND_NAMES.get(cmd.key, f"{cmd.cmd:02X}{cmd.para:02X}"))
                response = self.respond(cmd)
                if response is None:
                    continue
                out = self._apply_fault(response)
                if out is None:
                    continue
                # the request took its wire time to arrive; then the SAM works; then the answer is paced
                self._sleep_until(start + self._wire(len(payload) + 8) + self.processing_s)
                self._send(master, out)
            if decoder.buffered == 0:
                first_byte_at = None

    def _wire(self, n: int) -> float:
        return n * 10.0 / self.baud if self.wire_time else 0.0

    def _sleep_until(self, t: float) -> None:
        delay = t - time.monotonic()
        if delay > 0:
            self._stop.wait(delay)

    def _send(self, fd: int, data: bytes) -> None:
        start = time.monotonic()
        chunk = max(16, self.baud // 10 // 200)  # about 5 ms of bytes per write
        sent = 0
        while sent < len(data) and not self._stop.is_set():
            piece = data[sent:sent + chunk]
            self._sleep_until(start + self._wire(sent + len(piece)))
            try:
                os.write(fd, piece)
            except OSError:
                return
            sent += len(piece)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devices.idcard.simulator",
                                     description="Play a SAM ID card reader on a pseudo-terminal.")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--card", choices=samples.sample_keys(), default=None, help="card on the reader at start")
    parser.add_argument("--link", default=None, help="also reachable at this symlink (like /dev/serial/by-id)")
    parser.add_argument("--fault", choices=FAULTS, default=None)
    args = parser.parse_args(argv)
    sim = SamSimulator(args.baud, card=args.card, link=args.link).start()
    sim.set_fault(args.fault)
    print(sim.port, flush=True)
    print(f"serving a SAM reader at {args.baud} baud; cards: {', '.join(sim.sample_keys())}; Ctrl-C stops",
          file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
