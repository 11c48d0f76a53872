"""Polling (read once, removal detection, reconnection) and the bootstrap wiring of the simulator."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from devices.idcard.fake import FakeIdCardReader
from devices.idcard.poller import CardInserted, CardPoller, CardRemoved, PollEvent, ReaderState
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.simulator import SamSimulator, running
from kiosk.roles.idcard import CardRead, NoCard


class _Events:
    def __init__(self) -> None:
        self.items: list[PollEvent] = []
        self.cond = threading.Condition()

    def __call__(self, event: PollEvent) -> None:
        with self.cond:
            self.items.append(event)
            self.cond.notify_all()

    def wait_for(self, pred: Callable[[PollEvent], bool], timeout: float = 5.0) -> PollEvent:
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for e in self.items:
                    if pred(e):
                        self.items.remove(e)
                        return e
                left = deadline - time.monotonic()
                assert left > 0, f"no matching event in {self.items}"
                self.cond.wait(left)


def test_poller_reads_once_detects_removal_and_reconnects(sim: SamSimulator, reader: SamSerialReader) -> None:
    events = _Events()
    poller = CardPoller(reader, events, interval_s=0.05, reconnect_s=0.05).start()
    try:
        assert events.wait_for(lambda e: isinstance(e, ReaderState)) == ReaderState(True)
        sim.place("resident")
        ins = events.wait_for(lambda e: isinstance(e, CardInserted))
        assert isinstance(ins, CardInserted) and isinstance(ins.result, CardRead)
        reads_before = sim.commands.count("read")
        time.sleep(0.4)  # card left on the reader: only presence checks, no re-read
        assert sim.commands.count("read") == reads_before
        sim.remove()
        assert isinstance(events.wait_for(lambda e: isinstance(e, CardRemoved)), CardRemoved)
        sim.unplug()
        assert events.wait_for(lambda e: isinstance(e, ReaderState)) .connected is False  # type: ignore[union-attr]
        sim.replug()
        assert events.wait_for(lambda e: isinstance(e, ReaderState)).connected is True  # type: ignore[union-attr]
    finally:
        poller.stop()


def test_poller_with_fake_and_no_presence_probe() -> None:
    from datetime import date

    from kiosk.identity import CardType, Identity

    fake = FakeIdCardReader()
    events = _Events()
    poller = CardPoller(fake, events, interval_s=0.02).start()
    try:
        fake.place(Identity(CardType.MANUAL, "张三", "370102196803150029", birth_date=date(1968, 3, 15)))
        assert isinstance(events.wait_for(lambda e: isinstance(e, CardInserted)), CardInserted)
        fake.remove()
        assert isinstance(events.wait_for(lambda e: isinstance(e, CardRemoved)), CardRemoved)
    finally:
        poller.stop()
    assert isinstance(fake.read(), NoCard)


def test_build_services_with_default_settings_uses_the_simulator(tmp_path: Path) -> None:
    from contract.settings import load_settings
    from terminal.bootstrap import build_services

    # the printer is another helper's device: keep this test about the ID card reader
    settings = load_settings(environ={}, overrides={"data_dir": str(tmp_path), "printer": {"driver": "fake"}})
    assert settings.idcard.driver == "simulator"
    services = build_services(settings)
    try:
        sim = services.demo.idcard
        assert isinstance(sim, SamSimulator) and sim in running()
        assert isinstance(services.idcard, SamSerialReader)  # the real driver, on the simulator's pty
        assert sim.sample_keys()[:2] == ["resident", "rare_name"]
        assert isinstance(services.idcard.read(), NoCard)
        sim.place("hmt")
        result = services.idcard.read()
        assert isinstance(result, CardRead) and result.identity.card_type == "hmt_permit"
    finally:
        services.close()
    assert sim not in running()


def test_simulator_runs_standalone_and_prints_its_port(tmp_path: Path) -> None:
    import subprocess
    import sys

    link = tmp_path / "idcard"
    proc = subprocess.Popen([sys.executable, "-m", "devices.idcard.simulator", "--card", "resident",
                             "--link", str(link)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            cwd=Path(__file__).resolve().parents[3])
    try:
        assert proc.stdout is not None
        port = proc.stdout.readline().strip()
        assert port == str(link)
        r = SamSerialReader(port)
        assert isinstance(r.read(), CardRead)
        r.close()
    finally:
        proc.terminate()
        proc.wait(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()
