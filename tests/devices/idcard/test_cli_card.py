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
    ("rare_name", "resident", {"name": "王*"}),
    ("hmt", "hmt_permit", {"pass_number": "*********", "issue_count": "01"}),
    ("foreign2017", "foreign_2017", {"english_name": "S***** J*** W******", "nation": "USA"}),
    ("foreign2023", "foreign_2023", {"english_name": "D****** M****", "layout": "unconfirmed"}),
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
    assert "*" in data["id_number"] and "*" in data["name"] and data["birth_date"].endswith("-**-**")
    assert len(data["birth_date"]) == 10 and data["birth_date"][4] == "-"


def test_unmasked_and_text_output(sim: SamSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.place("resident")
    code, out = _run(["card", "read", "--port", sim.port, "--json", "--unmasked", "--timeout", "2"], capsys)
    full = json.loads(out)
    assert code == 0 and full["id_number"] == "370102196803150029"
    code, out = _run(["card", "read", "--port", sim.port], capsys)
    assert code == 0 and "370102********0029" in out and "370102196803150029" not in out
    # name, address and birth date are masked like the ID number (issue 24 item 11)
    assert full["name"] not in out and full["address"] not in out and full["birth_date"] not in out
    assert full["name"][0] + "*" in out and full["address"][:6] in out and full["birth_date"][:4] + "-**-**" in out


def test_the_port_comes_from_the_settings(sim: SamSimulator, capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n[idcard]\ndriver = "sam_serial"\nport = "{sim.port}"\n', encoding="utf-8")
    sim.place("resident")
    code, out = _run(["card", "read", "--json", "--config", str(cfg)], capsys)
    assert code == 0 and json.loads(out)["id_number"].startswith("370102")
    code, out = _run(["card", "sam", "--json", "--config", str(cfg)], capsys)
    assert code == 0 and json.loads(out)["connected"] is True


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
    for bad in (["card", "read", "--port", sim.port, "--baud", "1234"],
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
