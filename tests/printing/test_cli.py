"""``kiosk print ...`` through the real entry point, against the simulator and files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devices.printer.decoder import decode
from devices.printer.simulator import PrinterSimulator
from ui.main import main


def test_status_json_keys(sim: PrinterSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.set_paper("near_end")
    assert main(["print", "status", "--printer", sim.uri, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {k: data[k] for k in ("online", "paper", "cover_open")} == {"online": True, "paper": "near_end",
                                                                      "cover_open": False}


def test_status_paper_out_and_unreachable(sim: PrinterSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.set_paper("out")
    assert main(["print", "status", "--printer", sim.uri, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["paper"] == "out"
    assert main(["print", "status", "--printer", "tcp://127.0.0.1:9", "--json", "--timeout", "1"]) == 4
    assert json.loads(capsys.readouterr().out)["error"] == "unreachable"


def test_receipt_sample_to_simulator(sim: PrinterSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "receipt", "--sample", "--printer", sim.uri]) == 0
    assert "printed" in capsys.readouterr().out
    d = sim.jobs()[-1].decoded()
    assert d.complete and any("办理回执" in line for line in d.lines)


def test_receipt_paper_out_exit_code(sim: PrinterSimulator, capsys: pytest.CaptureFixture[str]) -> None:
    sim.out_of_paper_after(500)
    assert main(["print", "receipt", "--sample", "--printer", sim.uri]) == 4
    assert "NOT printed: paper_out" in capsys.readouterr().err


def test_ticket_and_test_page_and_inspect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ticket = tmp_path / "ticket.bin"
    assert main(["print", "ticket", "--sample", "--printer", f"file:{ticket}"]) == 0
    assert "A017" in decode(ticket.read_bytes()).lines
    page = tmp_path / "test.bin"
    assert main(["print", "test", "--printer", f"file:{page}", "--mode", "raster", "--width", "58"]) == 0
    capsys.readouterr()
    png = tmp_path / "page.png"
    assert main(["print", "inspect", str(page), "--png", str(png), "--json"]) == 0
    out = json.loads(capsys.readouterr().out.split("\nwrote ")[0])
    assert out["complete"] and out["qr_raster"] == ["https://kiosk.example.cn/test"]
    assert out["images"][0][0] == 384 and png.stat().st_size > 0


def test_inspect_human_output_shows_native_qr_and_truncation(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "r.bin"
    assert main(["print", "receipt", "--sample", "--native-qr", "--printer", f"file:{f}"]) == 0
    f.write_bytes(f.read_bytes()[:-3])  # a capture cut off inside the final cut command
    capsys.readouterr()
    assert main(["print", "inspect", str(f)]) == 0
    out = capsys.readouterr().out
    assert "INCOMPLETE" in out and "cut off inside a command" in out
    assert "[QR (native)] https://kiosk.example.cn/t/261126000100017" in out


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["print", "status", "--printer", "lpt1"]) == 2
    assert main(["print", "receipt", "--printer", "file:/tmp/x"]) == 2  # --sample is required
    assert main(["print", "document", "--sample", "guide", "--printer", "tcp://x:1"]) == 2
    assert main(["print", "inspect", "/no/such/file"]) == 2
    assert "kiosk:" in capsys.readouterr().err


def test_document_out_without_printing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "guide.pdf"
    assert main(["print", "document", "--sample", "guide", "--no-print", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
