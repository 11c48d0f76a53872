"""Settings changed with test-before-save: a bad value never reaches the file the app reads."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from contract.clock import FakeClock
from contract.settings import load_settings
from devices.idcard.simulator import SamSimulator
from devices.printer.simulator import PrinterSimulator
from kiosk.audit import AuditEvent
from sync.store import open_store
from terminal.settings_edit import SettingsEditor, autodetect_ports, dump_toml
from tests.technician.helpers import settings_for


@pytest.fixture
def env(tmp_path: Path) -> Any:
    data = tmp_path / "data"
    settings = settings_for(data, idcard={"driver": "fake"}, printer={"driver": "fake"})
    cfg = data / "kiosk.toml"
    cfg.write_text('[terminal]\nterminal_id = "t-0001"\n', encoding="utf-8")
    store = open_store(settings, FakeClock())
    editor = SettingsEditor(cfg, store, FakeClock(), environ={}, overrides={"data_dir": str(data)})
    yield editor, cfg, store, settings
    store.close()


def test_invalid_values_are_refused_with_the_key(env: Any) -> None:
    editor, cfg, _store, _s = env
    before = cfg.read_bytes()
    res = editor.apply({"ui.idle_timeout_s": "5"}, "T1001")
    assert not res.ok and "ui.idle_timeout_s" in res.errors
    res = editor.apply({"idcard.baud": "12345"}, "T1001")
    assert not res.ok and "idcard.baud" in res.errors
    res = editor.apply({"mode": "production"}, "T1001")
    assert not res.ok and res.errors == {"mode": "this setting cannot be changed here"}
    assert cfg.read_bytes() == before


def test_a_port_that_fails_its_test_is_not_saved_and_one_that_passes_is(env: Any, tmp_path: Path) -> None:
    editor, cfg, store, _s = env
    before = cfg.read_bytes()
    res = editor.apply({"idcard.driver": "sam_serial", "idcard.port": str(tmp_path / "no-such-tty")}, "T1001")
    assert not res.ok and res.tests and not res.tests[0].ok
    assert cfg.read_bytes() == before  # the previous settings stay in force
    with SamSimulator() as sim:
        res = editor.apply({"idcard.driver": "sam_serial", "idcard.port": sim.port}, "T1001")
        assert res.ok, res
        assert res.tests[0].ok and "SAM" in res.tests[0].detail
    assert res.restart_needed
    saved = tomllib.loads(cfg.read_text(encoding="utf-8"))
    assert saved["idcard"] == {"driver": "sam_serial", "port": sim.port}
    assert saved["terminal"]["terminal_id"] == "t-0001"  # the rest of the file is kept
    assert (cfg.parent / "kiosk.toml.prev").read_bytes() == before
    s = load_settings(cfg, environ={}, overrides={"data_dir": str(cfg.parent)})
    assert s.idcard.port == sim.port
    changed = [(d, staff) for e, _at, d, staff in store.audit_events() if e == AuditEvent.TECH_SETTINGS_CHANGED]
    assert changed == [({"keys": ["idcard.driver", "idcard.port"],
                         "values": {"idcard.driver": "sam_serial", "idcard.port": sim.port}}, "T1001")]


def test_live_keys_apply_at_once(env: Any) -> None:
    editor, _cfg, _store, settings = env
    res = editor.apply({"ui.idle_timeout_s": "90", "ui.languages": "en_US, zh_CN"}, "A2001", current=settings)
    assert res.ok and settings.ui.idle_timeout_s == 90
    assert res.settings is not None and res.settings.ui.languages == ["en_US", "zh_CN"]


def test_printer_uri_is_tested_against_a_real_endpoint(env: Any) -> None:
    editor, _cfg, _store, _s = env
    with PrinterSimulator() as sim:
        res = editor.apply({"printer.driver": "escpos", "printer.uri": sim.uri}, "T1001")
        assert res.ok and "paper=ok" in res.tests[0].detail
        port = int(sim.uri.rsplit(":", 1)[1])
    res = editor.apply({"printer.uri": f"tcp://127.0.0.1:{port}"}, "T1001")  # the simulator is gone
    assert not res.ok and "does not answer" in res.tests[0].detail


def test_dump_toml_round_trips_and_ports_are_detected() -> None:
    data = {"mode": "demo", "ui": {"languages": ["zh_CN", "en_US"], "idle_timeout_s": 60, "fullscreen": False},
            "sync": {"hub_url": 'https://hub.example.cn/"x"'}}
    assert tomllib.loads(dump_toml(data)) == data

    with SamSimulator() as sim:
        assert sim.port in autodetect_ports()
