"""Settings: defaults < file < KIOSK_* environment; invalid values name their key and exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from contract.settings import SettingsError, documented_defaults, load_settings


def test_layers_file_then_environment_win(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text('[ui]\nidle_timeout_s = 90\ndefault_language = "en_US"\n[idcard]\nbaud = 57600\n', encoding="utf-8")
    s = load_settings(cfg, environ={"KIOSK_UI__IDLE_TIMEOUT_S": "75", "KIOSK_DATA_DIR": str(tmp_path / "d")})
    assert s.ui.idle_timeout_s == 75  # environment beats file
    assert s.ui.default_language == "en_US"  # file beats default
    assert s.idcard.baud == 57600
    assert s.data_dir == tmp_path / "d"
    assert load_settings(cfg, environ={}).ui.idle_timeout_s == 90


@pytest.mark.parametrize(
    ("environ", "key"),
    [
        ({"KIOSK_UI__IDLE_TIMEOUT_S": "soon"}, "ui.idle_timeout_s"),
        ({"KIOSK_IDCARD__BAUD": "12345"}, "idcard.baud"),
        ({"KIOSK_PRINTER__PAPER_WIDTH_MM": "70"}, "printer.paper_width_mm"),
        ({"KIOSK_UI__NO_SUCH": "1"}, "ui.no_such"),
        ({"KIOSK_TERMINAL__DISTRICT_CODE": "3701"}, "terminal.district_code"),
    ],
)
def test_invalid_value_names_the_key(environ: dict[str, str], key: str) -> None:
    with pytest.raises(SettingsError, match=key.replace(".", r"\.")):
        load_settings(None, environ=environ)


def test_production_refuses_simulators() -> None:
    with pytest.raises(SettingsError, match="not allowed in production"):
        load_settings(None, environ={"KIOSK_MODE": "production"})
    s = load_settings(None, environ={"KIOSK_MODE": "production", "KIOSK_IDCARD__DRIVER": "sam_serial",
                                     "KIOSK_PRINTER__DRIVER": "escpos", "KIOSK_SCANNER__DRIVER": "serial",
                                     "KIOSK_DOCCAM__DRIVER": "v4l2"})
    assert s.mode == "production"


@pytest.mark.parametrize(("role", "driver"), [("idcard", "simulator"), ("idcard", "fake"), ("printer", "simulator"),
                                             ("printer", "fake"), ("scanner", "simulator"), ("scanner", "fake"),
                                             ("doccam", "simulator"), ("doccam", "fake"), ("camera", "simulator"),
                                             ("camera", "fake"), ("pcsc", "fake")])
def test_production_refuses_a_simulator_or_fake_for_every_device_role(role: str, driver: str) -> None:
    real = {"KIOSK_MODE": "production", "KIOSK_IDCARD__DRIVER": "sam_serial", "KIOSK_PRINTER__DRIVER": "escpos",
            "KIOSK_SCANNER__DRIVER": "serial", "KIOSK_DOCCAM__DRIVER": "v4l2"}
    with pytest.raises(SettingsError, match=f"{role}.driver='{driver}' is not allowed in production"):
        load_settings(None, environ={**real, f"KIOSK_{role.upper()}__DRIVER": driver})


def test_newer_schema_and_bad_toml_are_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text("schema_version = 99\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="schema_version"):
        load_settings(cfg, environ={})
    cfg.write_text("[ui\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(cfg, environ={})
    with pytest.raises(SettingsError, match="does not exist"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_documented_defaults_parse_back_to_the_defaults(tmp_path: Path) -> None:
    text = documented_defaults()
    cfg = tmp_path / "defaults.toml"
    cfg.write_text(text, encoding="utf-8")
    s = load_settings(cfg, environ={})
    assert s.ui.idle_timeout_s == 60 and str(s.data_dir) == "/var/lib/kiosk"
    assert "# Seconds without a touch before the session is wiped" in text


def test_cli_exits_2_and_names_the_key(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "KIOSK_UI__IDLE_TIMEOUT_S": "-5", "KIOSK_DATA_DIR": str(tmp_path)}
    res = subprocess.run([sys.executable, "-m", "ui.main", "settings"], env=env, capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert res.returncode == 2
    assert "ui.idle_timeout_s" in res.stderr
    ver = subprocess.run([sys.executable, "-m", "ui.main", "--version"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent, timeout=60)
    assert ver.returncode == 0 and ver.stdout.startswith("kiosk ")
