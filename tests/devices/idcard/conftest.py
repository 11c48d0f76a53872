"""Fixtures: a SAM simulator on a pty and the real serial driver connected to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.simulator import SamSimulator

TODAY = date(2026, 11, 26)


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[SamSimulator]:
    s = SamSimulator(115200, link=tmp_path / "usb-IDCARD-if00").start()
    yield s
    s.stop()


@pytest.fixture
def reader(sim: SamSimulator) -> Iterator[SamSerialReader]:
    r = SamSerialReader(sim.port, 115200, today=lambda: TODAY, reconnect_interval_s=0.05)
    yield r
    r.close()
