"""Code scanners: serial driver on a pty simulator, payload splitting, keyboard-wedge decoding, CLI."""

from __future__ import annotations

import json
import queue
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.scanner.evdev_wedge import EvdevScanner, KeyDecoder, key_name
from devices.scanner.fake import FakeScanner
from devices.scanner.serial_scanner import PayloadSplitter, SerialScanner
from devices.scanner.simulator import ScannerSimulator
from kiosk.roles.scanner import ScanEvent, Scanner, ScannerEvent, ScannerState, wait_for_scan
from terminal.demo_devices import DemoDevices
from terminal.scanner_factory import make_scanner

RECEIPT_QR = "https://jn.example/t/JN2026112600017?c=3F9A"


def _collect(scanner: Scanner) -> queue.Queue[ScannerEvent]:
    q: queue.Queue[ScannerEvent] = queue.Queue()
    scanner.start(q.put)
    return q


def _next_scan(q: queue.Queue[ScannerEvent], timeout: float = 3.0) -> ScanEvent:
    deadline = time.monotonic() + timeout
    while True:
        e = q.get(timeout=max(0.01, deadline - time.monotonic()))
        if isinstance(e, ScanEvent):
            return e


def test_serial_scanner_one_event_per_payload() -> None:
    with ScannerSimulator(115200) as sim:
        scanner = SerialScanner(sim.port, 115200, "\r")
        q = _collect(scanner)
        try:
            assert q.get(timeout=3) == ScannerState(True)
            sim.scan(RECEIPT_QR)
            sim.scan("二维码身份证明:ABC123")
            sim.send_raw(b"first\rsecond\r")  # two payloads in one burst
            got = [_next_scan(q).payload for _ in range(4)]
        finally:
            scanner.stop()
    assert got == [RECEIPT_QR, "二维码身份证明:ABC123", "first", "second"]
    assert q.empty()


def test_crlf_scanner_and_gb18030() -> None:
    with ScannerSimulator(115200, "\r\n") as sim:
        scanner = SerialScanner(sim.port, 115200, "\r")
        q = _collect(scanner)
        try:
            assert q.get(timeout=3) == ScannerState(True)  # pyserial flushes input on open: scan after
            sim.scan("A1")
            sim.scan("社区", encoding="gb18030")
            assert [_next_scan(q).payload for _ in range(2)] == ["A1", "社区"]
        finally:
            scanner.stop()


def test_configurable_suffix_and_idle_flush() -> None:
    with ScannerSimulator(115200, "#") as sim:
        scanner = SerialScanner(sim.port, 115200, "#", idle_flush_s=0.2)
        q = _collect(scanner)
        try:
            assert q.get(timeout=3) == ScannerState(True)
            sim.scan("X-1")
            assert _next_scan(q).payload == "X-1"
            sim.send_raw(b"NOSUFFIX")
            assert _next_scan(q).payload == "NOSUFFIX"
        finally:
            scanner.stop()


def test_missing_port_reports_disconnected(tmp_path: Path) -> None:
    scanner = SerialScanner(str(tmp_path / "none"), reconnect_s=0.05)
    q = _collect(scanner)
    try:
        assert q.get(timeout=3) == ScannerState(False, "SerialException")
    finally:
        scanner.stop()


def test_wait_for_scan_and_fake() -> None:
    fake = FakeScanner()
    threading.Timer(0.05, fake.scan, args=("hello",)).start()
    event = wait_for_scan(fake, timeout=3)
    assert event is not None and event.payload == "hello" and "hello" not in repr(event)
    assert wait_for_scan(FakeScanner(), timeout=0.05) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_characters="\r\n\x00", blacklist_categories=["Cs"]),
                        min_size=1, max_size=40), max_size=6),
       st.lists(st.integers(1, 17), max_size=20))
def test_splitter_any_chunking(payloads: list[str], cuts: list[int]) -> None:
    stream = b"".join(p.encode() + b"\r" for p in payloads)
    sp = PayloadSplitter(b"\r")
    out: list[bytes] = []
    pos = 0
    for c in cuts:
        out += sp.feed(stream[pos:pos + c])
        pos += c
    out += sp.feed(stream[pos:])
    assert [o.decode() for o in out] == payloads


def _type(dec: KeyDecoder, text: str) -> str | None:
    result = None
    for ch in text:
        shift = ch.isupper() or ch in ':?!@#$%^&*()_+{}|"<>~'
        names = {":": "SEMICOLON", "/": "SLASH", "?": "SLASH", ".": "DOT", "-": "MINUS", "=": "EQUAL",
                 "_": "MINUS", " ": "SPACE", "!": "1", "&": "7"}
        key = "KEY_" + names.get(ch, ch.upper())
        if shift:
            dec.feed("KEY_LEFTSHIFT", 1)
        dec.feed(key, 1)
        dec.feed(key, 0)
        if shift:
            dec.feed("KEY_LEFTSHIFT", 0)
    result = dec.feed("KEY_ENTER", 1)
    dec.feed("KEY_ENTER", 0)
    return result


def test_wedge_key_decoding() -> None:
    dec = KeyDecoder()
    assert _type(dec, "https://jn.example/t/JN2026?c=3F9A") == "https://jn.example/t/JN2026?c=3F9A"
    assert _type(dec, "a_b-c=d & e!") == "a_b-c=d & e!"
    assert dec.feed("KEY_ENTER", 1) is None  # an empty payload is no event
    dec.feed("KEY_CAPSLOCK", 1)
    assert _type(dec, "abc") == "ABC"
    assert key_name(30) == "KEY_A"


class _FakeEvdevDevice:
    """Stands in for evdev.InputDevice (no /dev/uinput in containers): a pipe fd and queued key events."""

    def __init__(self, events: list[tuple[int, int]]) -> None:
        import os
        from types import SimpleNamespace

        self._r, self._w = os.pipe()
        os.write(self._w, b"x")
        self.fd = self._r
        self._events = [SimpleNamespace(type=1, code=c, value=v) for c, v in events]
        self.grabbed = False

    def grab(self) -> None:
        self.grabbed = True

    def ungrab(self) -> None:
        self.grabbed = False

    def read(self) -> list[Any]:
        import os

        os.read(self._r, 1)
        events, self._events = self._events, []
        return events

    def close(self) -> None:
        import os

        os.close(self._r)
        os.close(self._w)


def test_evdev_scanner_grabs_and_delivers() -> None:
    from evdev import ecodes

    k = ecodes.ecodes
    events = [(k["KEY_LEFTSHIFT"], 1), (k["KEY_J"], 1), (k["KEY_J"], 0), (k["KEY_N"], 1), (k["KEY_LEFTSHIFT"], 0),
              (k["KEY_1"], 1), (k["KEY_ENTER"], 1)]
    dev = _FakeEvdevDevice(events)
    scanner = EvdevScanner("/dev/input/by-id/usb-scanner-event-kbd", opener=lambda _p: dev)
    q = _collect(scanner)
    try:
        assert q.get(timeout=3) == ScannerState(True)
        assert dev.grabbed
        assert _next_scan(q).payload == "JN1"
    finally:
        scanner.stop()
    assert not dev.grabbed


def test_factory(tmp_path: Path) -> None:
    from contract.settings import load_settings

    s = load_settings(environ={}, overrides={"data_dir": str(tmp_path), "scanner": {"driver": "simulator"}})
    demo = DemoDevices()
    scanner = make_scanner(s, demo)
    sim = demo.scanner
    assert isinstance(scanner, SerialScanner) and isinstance(sim, ScannerSimulator)
    threading.Timer(0.5, sim.scan, args=("JN-42",)).start()
    event = wait_for_scan(scanner, timeout=5)
    sim.stop()
    assert event is not None and event.payload == "JN-42"
    no_scanner = load_settings(environ={}, overrides={"data_dir": str(tmp_path), "scanner": {"driver": "none"}})
    assert make_scanner(no_scanner) is None


def test_cli_scan(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ui.main import main

    with ScannerSimulator(9600) as sim:
        threading.Timer(0.5, sim.scan, args=(RECEIPT_QR,)).start()
        assert main(["scan", "--port", sim.port, "--json", "--timeout", "5"]) == 0
        assert json.loads(capsys.readouterr().out) == {"payload": RECEIPT_QR, "source": "serial"}
        assert main(["scan", "--port", sim.port, "--timeout", "0.2"]) == 3
        capsys.readouterr()
    assert main(["scan", "--port", str(tmp_path / "none"), "--json", "--timeout", "2"]) == 4
    assert json.loads(capsys.readouterr().out)["error"] == "disconnected"
    with pytest.raises(SystemExit) as info:
        main(["scan"])
    assert info.value.code == 2
