"""``kiosk card read|sam`` against the pty simulator: every card type, JSON keys, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from devices.idcard.simulator import SamSimulator
from ui.main import main

COMMON_KEYS = ["card_type", "name", "sex", "nation", "birth_date", "address", "id_number", "issuer",
               "valid_from", "valid_to", "checksum_ok", "expired"]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("key", "card_type", "specific"), [
    ("resident", "resident", {"nation": "汉"}),
    ("long_term", "resident", {"valid_to": "long_term"}),
    ("expired", "resident", {"expired": True}),
    ("rare_name", "resident", {"name": "王䶮"}),
    ("hmt", "hmt_permit", {"pass_number": "H12345678", "issue_count": "01"}),
    ("foreign2017", "foreign_2017", {"english_name": "SMITH, JOHN WILLIAM", "nation": "USA"}),
    ("foreign2023", "foreign_2023", {"english_name": "DUPONT, MARIE", "layout": "unconfirmed"}),
])
def test_card_read_json_every_type(sim: SamSimulator, capsys: pytest.CaptureFixture[str], key: str,
                                   card_type: str, specific: dict[str, object]) -> None:
    sim.place(key)
    code, out = _run(["card", "read", "--port", sim.port, "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert list(data)[:len(COMMON_KEYS)] == COMMON_KEYS
    assert data["card_type"] == card_type and data["checksum_ok"] is True
    for k, v in specific.items():
        assert data[k] == v
    assert "*" in data["id_number"]
    assert len(data["birth_date"]) == 10 and data["birth_date"][4] == "-"


def test_unmasked_and_text_output(sim: SamSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.place("resident")
    code, out = _run(["card", "read", "--port", sim.port, "--json", "--unmasked", "--timeout", "2"], capsys)
    assert code == 0 and json.loads(out)["id_number"] == "370102196803150029"
    code, out = _run(["card", "read", "--port", sim.port], capsys)
    assert code == 0 and "370102********0029" in out and "370102196803150029" not in out


def test_exit_codes(sim: SamSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = _run(["card", "read", "--port", sim.port, "--json"], capsys)
    assert code == 3 and json.loads(out)["error"] == "no_card"
    sim.place("resident")
    sim.set_status("read", 0x41)
    code, out = _run(["card", "read", "--port", sim.port, "--json"], capsys)
    assert code == 4 and json.loads(out)["code"] == "SW3=41"
    sim.set_status("read", None)
    sim.set_fault("silence")
    assert _run(["card", "read", "--port", sim.port, "--timeout", "0.5"], capsys)[0] == 4
    assert _run(["card", "read", "--port", str(tmp_path / "gone"), "--json"], capsys)[0] == 4
    for bad in (["card", "read"], ["card", "read", "--port", sim.port, "--baud", "1234"],
                ["card", "read", "--port", sim.port, "--timeout", "-1"]):
        with pytest.raises(SystemExit) as info:
            main(bad)
        assert info.value.code == 2
    assert main(["card"]) == 2


def test_card_sam(sim: SamSimulator, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out = _run(["card", "sam", "--port", sim.port, "--json"], capsys)
    assert code == 0
    assert json.loads(out) == {"sam_id": "05.01-20261126-0000000042-1234567890", "status": "ok", "connected": True}
    sim.set_status("status", 0x60)
    code, out = _run(["card", "sam", "--port", sim.port, "--json"], capsys)
    assert code == 4 and json.loads(out)["status"] == "SW3=60"
    code, out = _run(["card", "sam", "--port", str(tmp_path / "gone"), "--json"], capsys)
    assert code == 4 and json.loads(out)["connected"] is False


def test_as_a_process_at_another_baud(tmp_path: Path) -> None:
    with SamSimulator(57600, card="foreign2017") as s:
        proc = subprocess.run([sys.executable, "-m", "ui.main", "card", "read", "--port", s.port, "--baud", "57600",
                               "--json"], capture_output=True, text=True, timeout=30, check=False,
                              cwd=Path(__file__).resolve().parents[3])
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["card_type"] == "foreign_2017"
