"""``kiosk demo --with-hub``: the hub runs as its own process, reached only through its CLI and HTTP API."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import requests

from contract.settings import Settings
from sync.store import open_store
from ui import demo_hub as demo_hub_module
from ui.demo_hub import DEMO_CONSOLE, HubUnavailable, demo_hub, hub_command
from ui.start import run_gui


def test_without_the_hub_installed_with_hub_says_so_and_exits_2(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(demo_hub_module, "_hub_root", lambda: None)
    monkeypatch.setattr(demo_hub_module.shutil, "which", lambda _name: None)
    with pytest.raises(HubUnavailable):
        hub_command()
    args = argparse.Namespace(gui_mode="demo", with_hub=True, config=None, size=None, lang=None, windowed=True)
    assert run_gui(args) == 2
    assert "the platform hub is not installed" in capsys.readouterr().err


def test_a_kiosk_hub_on_path_is_used_when_the_hub_is_not_importable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_hub_module, "_hub_root", lambda: None)
    monkeypatch.setattr(demo_hub_module.shutil, "which", lambda name: f"/opt/hub/bin/{name}")
    assert hub_command() == ["/opt/hub/bin/kiosk-hub"]


@pytest.mark.slow
def test_the_demo_hub_serves_publishes_and_enrols_the_demo_terminal(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_HUB_DATA_DIR", raising=False)
    settings = Settings(data_dir=tmp_path)
    with demo_hub(settings) as (url, admin_token):
        assert requests.get(f"{url}/healthz", timeout=5).status_code == 200
        assert settings.sync.hub_url == url
        releases = requests.get(f"{url}/api/v1/admin/releases", headers={"Authorization": f"Bearer {admin_token}"},
                                timeout=10)
        assert releases.status_code == 200
        kinds = {r["kind"] for r in releases.json()}
        assert {"catalog", "notices", "topics", "form", "staff"} <= kinds
        assert _console_sign_in(url, *DEMO_CONSOLE)  # the account the demo prints opens the console
    with demo_hub(settings) as (url, _token):  # a second run finds the account and the enrolment
        assert _console_sign_in(url, *DEMO_CONSOLE)
    store = open_store(settings)
    try:
        assert store.keys.enrollment() is not None  # enrolled once; the next run keeps it
    finally:
        store.close()
    assert (tmp_path / "demo-hub" / "hub" / "hub.sqlite3").is_file()


def _console_sign_in(url: str, username: str, password: str) -> bool:
    """Sign in on the console's page as a person does (its form, its CSRF field); True when it lets us in."""
    with requests.Session() as browser:
        page = browser.get(f"{url}/console/login", timeout=10)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert csrf, page.text[:500]
        done = browser.post(f"{url}/console/login", data={"username": username, "password": password,
                                                          "csrf": csrf.group(1)}, timeout=10)
        return done.status_code == 200 and "/console/login" not in done.url
