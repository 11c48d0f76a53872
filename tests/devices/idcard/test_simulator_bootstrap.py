"""The bootstrap wiring of the ID card simulator, and the simulator run on its own."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from contract.settings import load_settings
from devices.idcard.sam_serial import SamSerialReader
from devices.idcard.simulator import SamSimulator, running
from kiosk.roles.idcard import CardRead, NoCard
from terminal.bootstrap import build_services


def test_build_services_with_default_settings_uses_the_simulator(tmp_path: Path) -> None:
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
