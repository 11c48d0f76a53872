"""Issue 24 items 4, 8 and 10: no green without a measurement, a bad setting is one failing component while
everything else is checked, every code in the catalogue, and ``kiosk diag``'s exit codes as documented."""

from __future__ import annotations

import ast
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from devices.idcard.simulator import SamSimulator
from devices.pcsc.readers import PcscUnavailable
from devices.printer.simulator import PrinterSimulator
from kiosk.roles.staffcard import ReaderSnapshot
from sync.store import open_store
from terminal.bootstrap import build_services
from terminal.diag import checks as checks_mod
from terminal.diag.checks import DiagContext, Status, run_checks
from terminal.diag.codes import CATALOGUE
from tests.technician.helpers import enrol, new_platform, settings_for
from ui.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def devices() -> Iterator[dict[str, Any]]:
    """Real drivers' endpoints: a loopback ESC/POS printer and a SAM reader on a pty (not 'simulator' drivers:
    the settings name them as real hardware, as a technician would on a terminal)."""

    printer = PrinterSimulator().start()
    sam = SamSimulator(115200).start()
    yield {"printer": printer, "sam": sam}
    printer.stop()
    sam.stop()


def _free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = int(s.getsockname()[1])
    s.close()
    return port


def _config(tmp_path: Path, printer_uri: str, sam_port: str, name: str = "kiosk.toml") -> Path:
    cfg = tmp_path / name
    cfg.write_text(f'data_dir = "{tmp_path / "data"}"\n[idcard]\ndriver = "sam_serial"\nport = "{sam_port}"\n'
                   f'[printer]\ndriver = "escpos"\nuri = "{printer_uri}"\n[pcsc]\nenabled = false\n',
                   encoding="utf-8")
    return cfg


def _diag(capsys: Any, *args: str) -> tuple[int, dict[str, Any]]:
    capsys.readouterr()
    code = main(["diag", *args, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_exit_codes_healthy_device_fault_and_can_serve(tmp_path: Path, capsys: Any, devices: dict[str, Any],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checks_mod, "ntp_synchronised", lambda: True)
    cfg = _config(tmp_path, devices["printer"].uri, devices["sam"].port)
    code, out = _diag(capsys, "--config", str(cfg))
    status = {c["name"]: c["status"] for c in out["components"]}
    assert code == 0, out  # a healthy offline terminal: no platform is "skip", not a fault
    assert status["idcard"] == status["printer"] == "ok" and status["platform"] == "skip" and out["can_serve"]
    devices["printer"].set_paper("near_end")
    assert _diag(capsys, "--config", str(cfg))[0] == 1  # degraded
    devices["printer"].set_paper("ok")
    dead = _config(tmp_path, f"tcp://127.0.0.1:{_free_port()}", devices["sam"].port, "dead.toml")
    code, out = _diag(capsys, "--config", str(dead))
    printer = next(c for c in out["components"] if c["name"] == "printer")
    assert code == 4 and printer["code"] == "PRN-UNREACHABLE" and "127.0.0.1" in printer["detail"]
    assert not out["can_serve"]
    assert _diag(capsys, "--can-serve", "--config", str(dead))[0] == 1
    devices["sam"].stop()  # the ID reader's cable is pulled: a device fault, but residents can still type
    code, out = _diag(capsys, "--config", str(cfg))
    assert code == 4 and out["can_serve"]
    assert _diag(capsys, "--can-serve", "--config", str(cfg))[0] == 0


def test_one_bad_setting_is_one_failing_component(tmp_path: Path, capsys: Any, devices: dict[str, Any]) -> None:
    cfg = _config(tmp_path, "seral:/dev/ttyS0?baud=19200", devices["sam"].port)
    code, out = _diag(capsys, "--config", str(cfg))
    by = {c["name"]: c for c in out["components"]}
    assert code == 2
    assert by["settings"]["code"] == "SET-INVALID" and "printer.uri" in by["settings"]["detail"]
    assert by["printer"]["code"] == "SET-INVALID" and by["printer"]["status"] == "fail"
    assert by["idcard"]["code"] == "IDC-OK" and by["storage"]["code"] in ("STO-OK", "STO-LOW")  # the rest ran
    code, out = _diag(capsys, "printer", "--config", str(cfg))
    assert code == 2 and [c["name"] for c in out["components"]] == ["settings", "printer"]

    zipped = tmp_path / "b.zip"
    assert main(["diag", "bundle", "--out", str(zipped), "--config", str(cfg)]) == 0 and zipped.exists()


def test_defaults_name_the_simulators_and_nothing_is_green_unmeasured(tmp_path: Path) -> None:
    services = build_services(settings_for(tmp_path / "d"), FakeClock())  # the defaults: demo, simulators
    try:
        ctx = DiagContext(settings=services.settings, idcard=services.idcard, printer=services.printer,
                          store=services.store, pcsc_snapshot=list, ntp_synchronised=lambda: None)
        by = {c.name: c for c in run_checks(ctx)}
    finally:
        services.close()
    assert (by["idcard"].status, by["idcard"].code) == (Status.WARN, "IDC-SIMULATED")
    assert (by["printer"].status, by["printer"].code) == (Status.WARN, "PRN-SIMULATED")
    assert "SIMULATOR" in by["idcard"].detail and "SIMULATOR" in by["printer"].detail
    assert (by["touchscreen"].status, by["touchscreen"].code) == (Status.SKIP, "TOUCH-UNTESTED")
    assert (by["clock"].status, by["clock"].code) == (Status.WARN, "CLK-NOT-SYNCED")
    fake = settings_for(tmp_path / "e", pcsc={"driver": "fake"})
    pcsc = run_checks(DiagContext(settings=fake, pcsc_snapshot=lambda: [_Reader("vpcd 0")]), ["pcsc"])[0]
    assert (pcsc.status, pcsc.code) == (Status.WARN, "PCSC-SIMULATED")


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name


def test_print_status_never_says_paper_ok_for_an_unreachable_printer(tmp_path: Path, capsys: Any) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n[printer]\ndriver = "escpos"\nuri = "tcp://127.0.0.1:{_free_port()}"\n',
                   encoding="utf-8")
    capsys.readouterr()
    main(["print", "status", "--json", "--config", str(cfg)])
    out = json.loads(capsys.readouterr().out)
    assert out["paper"] == "unknown" and out["error"] and out["can_print"] is False


CODE_SOURCES = ("terminal/diag/checks.py", "kiosk/storage_faults.py", "sync/storage_health.py", "kiosk/clock_guard.py",
                "terminal/diag/camera.py", "terminal/diag/doccam.py", "devices/doccam/v4l2.py")


def _codes_in_source() -> set[str]:
    """Every code literal the checks (and the storage and clock modules whose codes they pass on) can return."""
    found: set[str] = set()
    for path in CODE_SOURCES:
        found |= _code_literals(ROOT / path)
    return found


def _code_literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isupper() \
                and "-" in node.value and node.value.replace("-", "").isalpha():
            found.add(node.value)
    return found


def test_every_code_is_in_the_catalogue_with_a_next_step_in_both_languages() -> None:
    codes = _codes_in_source()
    assert len(codes) > 40
    assert codes <= set(CATALOGUE), sorted(codes - set(CATALOGUE))
    for c in CATALOGUE.values():
        assert c.meaning_zh and c.meaning_en and c.action_zh and c.action_en, c.code
        assert bool(c.part_zh) == bool(c.part_en), c.code
    doc = (ROOT / "docs" / "technician.md").read_text(encoding="utf-8")
    assert all(f"`{code}`" in doc for code in CATALOGUE), [c for c in CATALOGUE if f"`{c}`" not in doc]


def test_kiosk_diag_codes_explains_a_code(capsys: Any) -> None:
    capsys.readouterr()
    assert main(["diag", "codes", "PRN-UNREACHABLE"]) == 0
    text = capsys.readouterr().out
    assert "PRN-UNREACHABLE" in text and "next:" in text and "part:" in text
    assert main(["diag", "codes", "prn-paper-out", "--lang", "zh_CN"]) == 0
    assert "装入新纸卷" in capsys.readouterr().out
    assert main(["diag", "codes", "NOPE-CODE"]) == 2
    assert main(["diag", "codes", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(CATALOGUE)


def test_one_terminal_id_once_enrolled(tmp_path: Path, capsys: Any) -> None:
    """Issue 24 item 7: after enrolment the hub's id is what ``kiosk settings`` and ``kiosk diag`` show."""

    cfg = tmp_path / "k.toml"
    cfg.write_text(f'data_dir = "{tmp_path / "d"}"\n[pcsc]\nenabled = false\n', encoding="utf-8")
    capsys.readouterr()
    assert main(["settings", "--config", str(cfg)]) == 0
    assert json.loads(capsys.readouterr().out)["terminal"]["terminal_id"] == "demo-terminal-001"  # not enrolled
    store = open_store(settings_for(tmp_path / "d"), FakeClock())
    enrol(store, new_platform(), terminal_id="t-43bdca6f85c4")
    store.close()
    assert main(["settings", "--config", str(cfg)]) == 0
    terminal = json.loads(capsys.readouterr().out)["terminal"]
    assert terminal["terminal_id"] == "t-43bdca6f85c4" and terminal["settings_terminal_id"] == "demo-terminal-001"
    _code, out = _diag(capsys, "storage", "--config", str(cfg))
    assert out["terminal_id"] == "t-43bdca6f85c4"


def test_staff_reader_self_test_needs_a_card_for_green(tmp_path: Path) -> None:
    from terminal.diag.selftest import selftest_pcsc

    s = settings_for(tmp_path / "d")  # pcscd driver: real hardware as far as the settings say
    no_card = selftest_pcsc(DiagContext(settings=s, pcsc_snapshot=lambda: [ReaderSnapshot("ACS ACR122U", False)]))
    assert no_card.status == Status.WARN and "place a staff card" in no_card.detail
    card = selftest_pcsc(DiagContext(settings=s, pcsc_snapshot=lambda: [ReaderSnapshot("ACS ACR122U", True)]))
    assert card.status == Status.OK and "ACS ACR122U" in card.detail

    def down() -> list[Any]:
        raise PcscUnavailable("no socket")

    gone = selftest_pcsc(DiagContext(settings=s, pcsc_snapshot=down))
    assert gone.status == Status.FAIL and gone.data["code"] == "PCSC-NO-SERVICE"
