"""The terminal's updater against the real hub (issue 20 part 4, short of the boot): a release signed offline
is uploaded and rolled out to a canary with ``kiosk-hub releases``; the terminal's heartbeat brings the offer,
the package comes down through the hub's Range endpoint; a version that fails its health check is rolled
back by the terminal, which reports it, and the hub halts the rollout by itself."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from contract import crypto
from contract.clock import FakeClock
from contract.release import ReleaseManifest, UpdateState, sign_release
from contract.settings import Settings
from hub.cli import main as hub_cli
from hub.testing import admin_call, make_enroll_token, run_hub
from kiosk.update.channel import AppChannel
from kiosk.update.updater import Machine, Updater, UpdaterConfig
from terminal.update_system import HubFetcher, SqliteFileCopy
from tests.update.conftest import FakePackages, FakeService, package_bytes

pytestmark = pytest.mark.slow


def _release(tmp: Path, key: Any, kid: str, version: str) -> tuple[Path, Path]:
    data = package_bytes(version, size=2_000_000)
    deb = tmp / f"community-kiosk_{version}_amd64.deb"
    deb.write_bytes(data)
    manifest = ReleaseManifest(version=version, sha256=crypto.sha256_hex(data), size=len(data))
    record = tmp / f"{deb.name}.release.json"
    record.write_text(json.dumps(sign_release(key, manifest, kid)), encoding="utf-8")
    return deb, record


def test_a_canary_that_rolls_back_halts_the_rollout_at_the_real_hub(tmp_path: Path,
                                                                    terminal_factory: Callable[..., Any]) -> None:
    key = crypto.new_signing_key()
    kid = crypto.key_id(crypto.public_bytes(key))
    with run_hub(tmp_path / "h", env={"KIOSK_HUB_TERMINAL_RATE": "1000000"}) as hub:
        data_dir = tmp_path / "h" / "hub"
        (data_dir / "release-keys").mkdir()
        (data_dir / "release-keys" / f"release-{kid}.pub").write_text(crypto.b64e(crypto.public_bytes(key)))
        hub_args = ["--data-dir", str(data_dir)]

        t = terminal_factory(hub.base_url)
        state_dir = tmp_path / "update-state"
        t.settings = Settings(data_dir=t.settings.data_dir, sync=t.settings.sync, update={"state_dir": state_dir})
        t.service.settings = t.settings
        terminal_id = t.enroll(hub.base_url, make_enroll_token(hub.base_url, hub.admin_token)).terminal_id
        channel = t.service.updates = AppChannel(t.settings.data_dir / "update")
        t.service.is_idle = lambda: True

        deb, record = _release(tmp_path, key, kid, "3.0")
        assert hub_cli(["releases", "upload", str(deb), "--manifest", str(record), *hub_args]) == 0
        assert hub_cli(["releases", "rollout", "3.0", "--ring", "canary", "--terminals", terminal_id,
                        *hub_args]) == 0
        assert t.service.run_once().ok
        offer = channel.offer()
        assert offer is not None and offer.url == "/api/v1/releases/3.0/package"

        (state_dir / "kept").mkdir(parents=True)
        (state_dir / "kept" / "1.0.deb").write_bytes(package_bytes("1.0"))
        packages = FakePackages(installed="1.0")
        packages.on_install.append(lambda version: channel.start_health() if version == "3.0" else None)  # no frame
        clock = FakeClock()
        machine = Machine(fetcher=HubFetcher(t.settings), packages=packages, service=FakeService(),
                          database=SqliteFileCopy(t.settings.db_path, state_dir / "database"), boot_id=lambda: "b")
        config = UpdaterConfig(state_dir=state_dir, release_keys={kid: crypto.public_bytes(key)},
                               window=("00:00", "00:00"), health_deadline_s=30)
        result = Updater(config, channel, machine, clock, clock.advance).run()
        assert result.state == UpdateState.ROLLED_BACK and packages.installed == "1.0"
        assert [v for v, _ in packages.installs] == ["3.0", "1.0"]  # the bytes came through the hub and verified

        assert t.service.run_once().ok  # the heartbeat carries the rollback
        [release] = admin_call(hub.base_url, hub.admin_token, "GET", "/api/v1/admin/software-releases")
        assert release["version"] == "3.0" and release["rolled_back"] == 1
        assert release["state"] == "halted" and release["halted_reason"]  # one canary of one: the hub stopped
        assert release["failures"][0]["terminal_id"] == terminal_id
        assert t.service.run_once().ok
        assert channel.offer() is None  # a halted release is offered no more
