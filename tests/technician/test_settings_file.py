"""Issue 24 items 2 and 8 (settings): the demo and any run with KIOSK_DATA_DIR never touch /etc; a typo'd
printer URI or key is caught by ``kiosk settings`` with a suggestion; diagnostics still run with a bad setting."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from contract import settings as settings_mod
from contract.clock import FakeClock
from contract.settings import Settings, SettingsError, load_settings, load_tolerant, settings_file
from terminal.settings_edit import SettingsEditor
from ui.demo_hub import demo_hub_dir
from ui.main import main
from ui.start import _settings, config_file


@pytest.fixture
def fake_etc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The machine's /etc/kiosk/kiosk.toml, moved under tmp_path so the test can see whether it is touched."""
    etc = tmp_path / "etc" / "kiosk" / "kiosk.toml"
    monkeypatch.setattr(settings_mod, "DEFAULT_CONFIG_FILE", etc)
    return etc


def test_kiosk_data_dir_runs_neither_read_nor_write_etc(tmp_path: Path, fake_etc: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    fake_etc.parent.mkdir(parents=True)
    fake_etc.write_text('[printer]\ndriver = "none"\n', encoding="utf-8")
    data = tmp_path / "data"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    assert settings_file() == data / "kiosk.toml"
    assert load_settings().printer.driver == "simulator"  # /etc was not read
    monkeypatch.delenv("KIOSK_DATA_DIR")
    assert settings_file() == fake_etc and load_settings().printer.driver == "none"  # production: /etc


def test_the_demos_settings_screen_saves_into_its_data_dir(tmp_path: Path, fake_etc: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    args = argparse.Namespace(config=None, gui_mode="demo", size=None, lang=None, windowed=True)
    cfg = config_file(args)
    assert cfg.is_relative_to(tmp_path / "xdg")
    current = _settings(args)
    editor = SettingsEditor(cfg, None, FakeClock(), environ={})
    res = editor.apply({"ui.idle_timeout_s": "90"}, "T1001", current=current)
    assert res.ok and Path(res.saved_to) == cfg and cfg.exists()
    assert not fake_etc.parent.exists()
    assert _settings(args).ui.idle_timeout_s == 90  # the demo reads back what it saved
    run = argparse.Namespace(config=None, gui_mode="run")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path / "d2"))
    assert config_file(run) == tmp_path / "d2" / "kiosk.toml"


def test_a_typod_printer_uri_and_key_are_refused_with_help(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text('[printer]\nuri = "seral:/dev/ttyS0?baud=19200"\n[idcard]\nbaut = 9600\n', encoding="utf-8")
    with pytest.raises(SettingsError) as exc:
        load_settings(cfg, environ={})
    text = str(exc.value)
    assert "invalid setting printer.uri" in text and "scheme 'seral' not supported" in text
    assert "invalid setting idcard.baut: unknown setting; did you mean 'baud'?" in text
    assert "Extra inputs" not in text


def test_tolerant_loading_keeps_the_good_keys_and_names_the_bad(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text('mode = "production"\n[printer]\nuri = "seral:/dev/ttyS0"\ndriver = "escpos"\n'
                   '[ui]\nidle_timeout_s = 90\n', encoding="utf-8")
    settings, errors = load_tolerant(cfg, environ={"KIOSK_DATA_DIR": str(tmp_path / "d")})
    assert set(errors) == {"printer.uri", "(settings)"}  # and production refuses the simulated ID reader
    assert settings.ui.idle_timeout_s == 90 and settings.printer.driver == "escpos"
    assert settings.printer.uri == "tcp://127.0.0.1:9100" and settings.mode == "demo"


def test_kiosk_settings_cli_exits_2_on_the_typo(tmp_path: Path, capsys: Any) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n[printer]\nuri = "seral:/dev/ttyS0"\n', encoding="utf-8")
    assert main(["settings", "--config", str(cfg)]) == 2
    assert "printer.uri" in capsys.readouterr().err
    cfg.write_text(f'data_dir = "{tmp_path}"\n[printer]\nuri = "serial:/dev/ttyS0?baud=19200"\n', encoding="utf-8")
    assert main(["settings", "--config", str(cfg)]) == 0
    assert json.loads(capsys.readouterr().out)["printer"]["uri"].startswith("serial:")


def test_the_demo_hub_honours_kiosk_hub_data_dir(tmp_path: Path) -> None:
    """Issue 24 item 12: ``kiosk demo --with-hub`` keeps its hub where ``kiosk-hub`` looks for it."""

    s = Settings(data_dir=tmp_path / "d")
    assert demo_hub_dir(s, {}) == tmp_path / "d" / "demo-hub" / "hub"
    assert demo_hub_dir(s, {"KIOSK_HUB_DATA_DIR": str(tmp_path / "hubdata")}) == tmp_path / "hubdata"
