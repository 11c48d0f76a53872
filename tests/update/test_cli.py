"""``kiosk update status|check|apply|keep`` as a technician runs them: the exact JSON and the exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract import crypto
from contract.release import UpdateState
from kiosk.update.channel import AppChannel
from kiosk.update.record import StateFile, UpdateRecord
from tests.update.conftest import Terminal
from ui.main import main


@pytest.fixture
def env(terminal: Terminal, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    keys = terminal.tmp / "release-keys"
    keys.mkdir()
    (keys / f"{terminal.kid}.pub").write_text(crypto.b64e(crypto.public_bytes(terminal.release_key)) + "\n")
    monkeypatch.setenv("KIOSK_DATA_DIR", str(terminal.tmp / "data"))
    monkeypatch.setenv("KIOSK_UPDATE__STATE_DIR", str(terminal.state_dir))
    monkeypatch.setenv("KIOSK_UPDATE__RELEASE_KEYS_DIR", str(keys))
    monkeypatch.setenv("KIOSK_UPDATE__WINDOW_START", "00:00")  # the whole day: no test depends on the hour
    monkeypatch.setenv("KIOSK_UPDATE__WINDOW_END", "00:00")
    return terminal


def test_status_json_is_exactly_the_contract(env: Terminal, capsys: pytest.CaptureFixture[str]) -> None:
    StateFile(env.state_dir / "state.json").save(UpdateRecord(
        state=UpdateState.ROLLED_BACK, running="1.0", offered="3.0", last_error="health check failed", target=None))
    assert main(["update", "status", "--json"]) == 1  # the last update was rolled back
    assert json.loads(capsys.readouterr().out) == {
        "running": "1.0", "offered": "3.0", "state": "rolled_back", "last_error": "health check failed"}


def test_status_of_a_fresh_terminal(env: Terminal, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["update", "status", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["running", "offered", "state", "last_error"]
    assert out["offered"] is None and out["state"] == "idle" and out["last_error"] is None and out["running"]


def test_check_verifies_the_offer_and_tells_why_it_waits(env: Terminal, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["update", "check"]) == 1
    assert "nothing offered" in capsys.readouterr().err
    env.offer("2.0")
    assert main(["update", "check"]) == 0
    assert "offered 2.0" in capsys.readouterr().out
    AppChannel(env.tmp / "data" / "update").report_activity(idle=False)  # the app, on the real wall clock
    assert main(["update", "check", "--force"]) == 1
    assert "a resident session is running" in capsys.readouterr().err
    env.offer("2.0", key=crypto.new_signing_key())
    assert main(["update", "check"]) == 1
    assert "refused: release signature" in capsys.readouterr().err


def test_apply_and_keep_need_root(env: Terminal, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 1000)
    assert main(["update", "apply"]) == 2
    assert main(["update", "keep", str(Path("/nonexistent.deb"))]) == 2
    assert "run as root" in capsys.readouterr().err


def test_unreadable_release_keys_are_a_settings_error(env: Terminal, capsys: pytest.CaptureFixture[str]) -> None:
    (env.tmp / "release-keys" / "broken.pub").write_text("not a key")
    assert main(["update", "check"]) == 2
    assert "release keys" in capsys.readouterr().err
