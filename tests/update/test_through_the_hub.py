"""The app's and the updater's ends against the hub double at the HTTP level (tests/sync/contract_hub.py):
the heartbeat reports the software and brings the release offer, the package comes down signed and resumed
with ``Range``, and an update offered by the hub ends committed, its audit events delivered with the outbox."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract import crypto
from contract.release import ReleaseManifest, ReleaseOffer, UpdateState, sign_release
from contract.settings import Settings
from kiosk.update.channel import AppChannel
from kiosk.update.download import download
from kiosk.update.updater import Machine, Updater, UpdaterConfig
from terminal.update_system import HubFetcher, SqliteFileCopy
from tests.sync.contract_hub import ContractHub
from tests.update.conftest import FakePackages, FakeService, package_bytes


def _offer(hub: ContractHub, version: str, key: Any) -> tuple[bytes, ReleaseManifest]:
    data = package_bytes(version, size=3_000_000)
    manifest = ReleaseManifest(version=version, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    hub.state.packages[version] = data
    hub.state.release = ReleaseOffer(manifest=sign_release(key, manifest, "rel-1"),
                                     url=f"/api/v1/releases/{version}/package").as_json()
    return data, manifest


def _enrolled(contract_hub: ContractHub, terminal_factory: Callable[..., Any], tmp_path: Path) -> Any:
    t = terminal_factory(contract_hub.url)
    t.settings = Settings(data_dir=t.settings.data_dir, sync=t.settings.sync,
                          update={"state_dir": tmp_path / "update-state"})
    t.service.settings = t.settings
    t.enroll(contract_hub.url, contract_hub.new_token())
    t.service.updates = AppChannel(t.settings.data_dir / "update")
    return t


def test_the_heartbeat_reports_the_software_and_brings_the_offer(contract_hub: ContractHub,
                                                                terminal_factory: Callable[..., Any],
                                                                tmp_path: Path) -> None:
    t = _enrolled(contract_hub, terminal_factory, tmp_path)
    _offer(contract_hub, "2.0", crypto.new_signing_key())
    t.service.is_idle = lambda: False
    report = t.service.run_once()
    assert report.ok, report.errors
    software = contract_hub.state.heartbeats[-1]["software"]
    assert set(software) == {"running", "offered", "state", "last_error"} and software["state"] == "idle"
    channel = t.service.updates
    offer = channel.offer()
    assert offer is not None and offer.url == "/api/v1/releases/2.0/package"
    assert channel.health() is not None and channel.health().marks["heartbeat"]
    assert channel.idle(max_age_s=60) is False  # a resident session runs: reported every round

    contract_hub.state.release = None  # the hub withdraws the offer
    t.service.run_once()
    assert channel.offer() is None


def test_the_package_comes_down_signed_and_resumes_with_range(contract_hub: ContractHub,
                                                             terminal_factory: Callable[..., Any],
                                                             tmp_path: Path) -> None:
    t = _enrolled(contract_hub, terminal_factory, tmp_path)
    data, manifest = _offer(contract_hub, "2.0", crypto.new_signing_key())
    part = tmp_path / "2.0.deb.part"
    part.write_bytes(data[:1_234_567])  # what arrived before the connection dropped
    start, body = HubFetcher(t.settings).open("/api/v1/releases/2.0/package", 1_234_567)
    assert start == 1_234_567
    body.close()  # type: ignore[attr-defined]
    download(HubFetcher(t.settings), "/api/v1/releases/2.0/package", manifest, part)
    assert part.read_bytes() == data


def test_an_update_the_hub_offers_ends_committed(contract_hub: ContractHub,
                                                 terminal_factory: Callable[..., Any], tmp_path: Path) -> None:
    t = _enrolled(contract_hub, terminal_factory, tmp_path)
    release_key = crypto.new_signing_key()
    _offer(contract_hub, "2.0", release_key)
    t.service.run_once()  # the heartbeat brings the offer; the app is idle
    state_dir = tmp_path / "update-state"
    (state_dir / "kept").mkdir(parents=True)
    (state_dir / "kept" / "1.0.deb").write_bytes(package_bytes("1.0"))
    packages = FakePackages(installed="1.0")
    channel = t.service.updates

    def postinst(version: str) -> None:  # the new version starts: store, first frame, then a heartbeat
        channel.start_health()
        channel.mark("store")
        channel.mark("first_frame")
        t.service.run_once()

    packages.on_install.append(postinst)
    machine = Machine(fetcher=HubFetcher(t.settings), packages=packages, service=FakeService(),
                      database=SqliteFileCopy(t.settings.db_path, state_dir / "database"), boot_id=lambda: "b")
    config = UpdaterConfig(state_dir=state_dir, release_keys={"rel-1": crypto.public_bytes(release_key)},
                           window=("00:00", "00:00"))
    record = Updater(config, channel, machine, t.store.clock, lambda s: None).run()
    assert record.state == UpdateState.COMMITTED and packages.installed == "2.0"
    t.service.run_once()
    assert contract_hub.state.heartbeats[-1]["software"] == {
        "running": "2.0", "offered": "2.0", "state": "committed", "last_error": None}
    # The root updater's audit events, imported by the app's sync round, reached the hub as audit items.
    delivered = [i["body"] for i in contract_hub.state.items.values() if i["kind"] == "audit"]
    update_events = [b["event"] for b in sorted(delivered, key=lambda b: b["at"]) if b["event"].startswith("update.")]
    assert update_events == ["update.offered", "update.downloaded", "update.installed", "update.committed"]
    committed = next(b for b in delivered if b["event"] == "update.committed")
    assert committed["detail"]["version"] == "2.0" and committed["detail"]["previous"] == "1.0"
    assert not list((t.settings.data_dir / "update" / "events").iterdir())  # imported once, then removed
