"""Fixtures for the technician mode: an enrolled terminal on simulators, optionally with real pcscd."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from kiosk.content import load_sample_content
from terminal.bootstrap import build_services
from tests.devices.pcsc.conftest import SOCKET, VPCD_CONF, Pcscd
from tests.technician.helpers import Platform, enrol, new_platform, settings_for
from ui.app import KioskApp


@pytest.fixture(scope="session")
def platform() -> Platform:
    return new_platform()


@pytest.fixture(scope="package")
def pcscd() -> Iterator[Any]:
    """A pcscd with the vpcd virtual readers: our own (stopped after this package), or the one the
    device tests started earlier in the same session (tests/devices/pcsc, session-scoped)."""

    if shutil.which("pcscd") is None or not VPCD_CONF.exists():
        pytest.fail("pcscd and vsmartcard-vpcd are needed (Makefile APT_PACKAGES installs them)")
    if subprocess.run(["pgrep", "-x", "pcscd"], capture_output=True, check=False).returncode == 0:
        if not SOCKET.exists():
            pytest.fail("a pcscd is running but its socket is missing")
        yield None
        return
    daemon = Pcscd()
    daemon.start()
    yield daemon
    daemon.stop()


class Terminal:
    """The whole kiosk (QML, resident and technician backends) on simulated devices."""

    def __init__(self, data_dir: Path, platform: Platform, *, language: str = "zh_CN", pcsc: str = "pcscd",
                 size: tuple[int, int] = (1080, 1920), dev_dock: bool = False) -> None:
        self.settings = settings_for(data_dir, idcard={"driver": "simulator"}, printer={"driver": "simulator"},
                                     pcsc={"driver": pcsc}, ui={"dev_dock": dev_dock})
        self.config_file = data_dir / "kiosk.toml"
        self.clock = FakeClock()
        self.services = build_services(self.settings, self.clock)
        self.services.config_file = self.config_file
        self.services.settings_overrides = {"data_dir": str(data_dir), "ui": {"fullscreen": False},
                                                      "pcsc": {"driver": pcsc}}
        enrol(self.services.store, platform)
        self.app = KioskApp(self.services, load_sample_content(), size=size, fullscreen=False, language=language)
        self.tech = self.app.technician
        self.quits: list[int] = []
        self.tech.quit_handler = self.quits.append
        self.window = self.app.window

    @property
    def printer_sim(self) -> Any:
        return self.services.demo.printer

    @property
    def idcard_sim(self) -> Any:
        return self.services.demo.idcard

    def close(self) -> None:
        self.app.close()
        self.services.close()


@pytest.fixture
def make_terminal(qtbot: Any, tmp_path: Path, platform: Platform) -> Iterator[Any]:
    made: list[Terminal] = []

    def make(**kw: Any) -> Terminal:
        t = Terminal(tmp_path / f"data{len(made)}", platform, **kw)
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()
