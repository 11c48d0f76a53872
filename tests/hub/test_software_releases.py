"""Software releases through the hub (issue 20): the upload's checks, rollout rings, the offer in the heartbeat,
the resumable download, pause and halt by hand and by the failure rate, the CLI's exit codes."""

from __future__ import annotations

import json
import os
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from contract import crypto
from contract.release import ReleaseManifest, UpdateState, sign_release, verify_release
from hub import releases
from hub.audit import CLI_ACTOR
from hub.cli import main as hub_cli
from hub.models import AuditEntry
from hub.releases_fleet import PACKAGE_PATH
from hub.schemas import UpdateStateName
from hub.testing import SimTerminal
from tests.hub.conftest import Hub, make_hub


class Signer:
    """The offline release key (packaging/tools/sign_release.py's job, done in-process here)."""

    def __init__(self) -> None:
        self.key = crypto.new_signing_key()
        self.public = crypto.public_bytes(self.key)
        self.kid = crypto.key_id(self.public)

    def install(self, data_dir: Path) -> None:
        keys = data_dir / "release-keys"
        keys.mkdir(exist_ok=True)
        (keys / f"release-{self.kid}.pub").write_text(crypto.b64e(self.public) + "\n", encoding="ascii")

    def package(self, tmp: Path, version: str, size: int = 200_000) -> tuple[Path, dict[str, Any]]:
        data = os.urandom(size)
        path = tmp / f"community-kiosk_{version}_amd64.deb"
        path.write_bytes(data)
        manifest = ReleaseManifest(version=version, sha256=crypto.sha256_hex(data), size=size, notes=f"v{version}")
        return path, sign_release(self.key, manifest, self.kid)


@pytest.fixture
def signer(tmp_path: Path) -> Signer:
    signer = Signer()
    signer.install(tmp_path)
    return signer


def _session(hub: Hub) -> Session:
    return Session(create_engine(hub.db_url))


def upload(hub: Hub, path: Path, record: dict[str, Any]) -> Any:
    app = hub.client.app
    with _session(hub) as db:
        release, _created = releases.upload(db, CLI_ACTOR, app.state.config, app.state.keys, path,  # type: ignore[attr-defined]
                                            record)
        db.commit()
        return release.version


def rollout(hub: Hub, version: str, ring: str, percent: int = 0, terminals: tuple[str, ...] = (),
            force: bool = False) -> None:
    with _session(hub) as db:
        releases.rollout(db, CLI_ACTOR, version, releases.Ring(ring, percent, terminals), force=force)
        db.commit()


def beat(sim: SimTerminal, running: str = "0.1.0", offered: str | None = None, state: str = "idle",
         last_error: str | None = None, with_software: bool = True) -> Any:
    body = sim.heartbeat_body()
    if with_software:
        body["software"] = {"running": running, "offered": offered, "state": state, "last_error": last_error}
    response = sim.signed("POST", "/api/v1/heartbeat", body)
    assert response.status_code == 200, response.text
    return response.json()["release"]


def test_the_schema_names_every_update_state() -> None:
    assert set(typing.get_args(UpdateStateName)) == {s.value for s in UpdateState}


def test_upload_stores_a_release_signed_by_a_release_key(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    path, record = signer.package(tmp_path, "0.2.0")
    assert upload(hub, path, record) == "0.2.0"
    stored = releases.package_path(hub.data_dir, record["sha256"])
    assert stored.read_bytes() == path.read_bytes()
    assert upload(hub, path, record) == "0.2.0"  # the same signed release again changes nothing
    (tmp_path / "other").mkdir()
    other, other_record = signer.package(tmp_path / "other", "0.2.0")
    with pytest.raises(releases.ApiError, match="already stored with other bytes"):
        upload(hub, other, other_record)


def test_upload_refuses_a_manifest_the_hubs_own_key_signed(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    path, record = signer.package(tmp_path, "0.2.0")
    keys = hub.client.app.state.keys  # type: ignore[attr-defined]
    forged = sign_release(keys.signing, ReleaseManifest.from_record(record), keys.kid)
    with pytest.raises(releases.ApiError, match="unknown signing key"):
        upload(hub, path, forged)
    forged_as_release_key = sign_release(keys.signing, ReleaseManifest.from_record(record), signer.kid)
    with pytest.raises(releases.ApiError, match="does not verify"):
        upload(hub, path, forged_as_release_key)
    # an operator who trusts the hub's own key as a release key is told so: the hub could then sign code
    hub_pub = keys.all_signing_public[keys.kid]
    (hub.data_dir / "release-keys" / "hub.pub").write_text(crypto.b64e(hub_pub), encoding="ascii")
    with pytest.raises(releases.ApiError, match="one of this hub's own signing keys"):
        upload(hub, path, forged)
    assert not any((hub.data_dir / "releases").glob("*"))


@pytest.mark.parametrize("change", ["one byte", "one byte more"])
def test_upload_refuses_a_package_the_manifest_does_not_sign(hub: Hub, signer: Signer, tmp_path: Path,
                                                             change: str) -> None:
    path, record = signer.package(tmp_path, "0.2.0")
    data = bytearray(path.read_bytes())
    if change == "one byte":
        data[1000] ^= 0xFF
        expected = "SHA-256 differs"
    else:
        data.append(0)
        expected = "the manifest signs 200000"
    path.write_bytes(bytes(data))
    with pytest.raises(releases.ApiError, match=expected):
        upload(hub, path, record)
    assert hub.count("software_releases") == 0
    assert not any((hub.data_dir / "releases").glob("*"))  # not even a partial copy


def test_upload_without_a_configured_release_key_is_refused(tmp_path: Path) -> None:
    for hub in make_hub(tmp_path):
        path, record = Signer().package(tmp_path, "0.2.0")
        with pytest.raises(releases.ApiError, match="no release public key is configured"):
            upload(hub, path, record)


def test_rollout_rings_decide_who_gets_the_offer(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    sims = [hub.terminal() for _ in range(12)]
    path, record = signer.package(tmp_path, "0.2.0")
    upload(hub, path, record)
    assert [beat(s) for s in sims] == [None] * 12  # uploaded, not rolled out: nobody

    rollout(hub, "0.2.0", "canary", terminals=(sims[0].terminal_id, sims[1].terminal_id))
    offers = [beat(s) for s in sims]
    assert [o is not None for o in offers] == [True, True] + [False] * 10
    offer = offers[0]
    assert offer["url"] == "/api/v1/releases/0.2.0/package" and offer["force"] is False
    assert verify_release(offer["manifest"], {signer.kid: signer.public}).version == "0.2.0"

    rollout(hub, "0.2.0", "percent", percent=50)
    expected = [releases.bucket(s.terminal_id) < 50 for s in sims]
    assert 0 < sum(expected) < 12
    assert [beat(s) is not None for s in sims] == expected

    rollout(hub, "0.2.0", "all", force=True)
    offers = [beat(s) for s in sims]
    assert all(o is not None and o["force"] for o in offers)
    assert beat(sims[0], running="0.2.0") is None  # it runs it already
    assert beat(sims[1], with_software=False) is None  # a terminal that cannot update is offered nothing


def test_unknown_canary_terminal_is_refused(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    upload(hub, *signer.package(tmp_path, "0.2.0"))
    with pytest.raises(releases.ApiError, match="no such terminal"):
        rollout(hub, "0.2.0", "canary", terminals=("t-nobody",))


def test_download_resumes_with_range_and_the_bytes_match(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    sim = hub.terminal()
    path, record = signer.package(tmp_path, "0.2.0", size=300_001)
    upload(hub, path, record)
    url = PACKAGE_PATH.format(version="0.2.0")
    assert hub.client.get(url).status_code == 401  # terminals only, signed
    whole = sim.signed("GET", url)
    assert whole.status_code == 200 and whole.headers["accept-ranges"] == "bytes"
    assert whole.content == path.read_bytes()
    cut = 123_457  # a download interrupted here resumes from here
    rest = sim.signed("GET", url, headers={"Range": f"bytes={cut}-"})
    assert rest.status_code == 206, rest.text
    assert rest.headers["content-range"] == f"bytes {cut}-{300_000}/300001"
    resumed = whole.content[:cut] + rest.content
    assert crypto.sha256_hex(resumed) == record["sha256"] and len(resumed) == record["size"]
    assert sim.signed("GET", url, headers={"Range": "bytes=400000-"}).status_code == 416
    assert sim.signed("GET", PACKAGE_PATH.format(version="9.9.9")).status_code == 404


def test_pause_and_halt_stop_the_offers(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    sim = hub.terminal()
    upload(hub, *signer.package(tmp_path, "0.2.0"))
    rollout(hub, "0.2.0", "all")
    assert beat(sim) is not None
    with _session(hub) as db:
        releases.pause(db, CLI_ACTOR, "0.2.0")
        db.commit()
    assert beat(sim) is None
    rollout(hub, "0.2.0", "all")  # a rollout resumes a paused release
    assert beat(sim) is not None
    with _session(hub) as db:
        releases.halt(db, CLI_ACTOR, "0.2.0", "bad build")
        db.commit()
    assert beat(sim) is None
    assert sim.signed("GET", PACKAGE_PATH.format(version="0.2.0")).json()["error"] == "release_halted"
    with pytest.raises(releases.ApiError, match="was halted"):
        rollout(hub, "0.2.0", "all")


def test_a_newer_rollout_supersedes_the_older(hub: Hub, signer: Signer, tmp_path: Path) -> None:
    sim = hub.terminal()
    upload(hub, *signer.package(tmp_path, "0.2.0"))
    (tmp_path / "b").mkdir()
    upload(hub, *signer.package(tmp_path / "b", "0.3.0"))
    rollout(hub, "0.2.0", "all")
    rollout(hub, "0.3.0", "all")
    assert beat(sim)["manifest"]["version"] == "0.3.0"
    listed = {r["version"]: r["state"] for r in hub.admin("GET", "/software-releases", role="viewer")}
    assert listed == {"0.2.0": "superseded", "0.3.0": "active"}


@pytest.fixture
def strict_hub(tmp_path: Path) -> Iterator[Hub]:
    """A hub that halts a rollout when over 20% of at least 5 finished terminals failed."""
    yield from make_hub(tmp_path, release_halt_rate=0.2, release_halt_min_reports=5)


def test_failures_past_the_threshold_halt_the_rollout(strict_hub: Hub, tmp_path: Path) -> None:
    hub = strict_hub
    signer = Signer()
    signer.install(tmp_path)
    sims = [hub.terminal() for _ in range(8)]
    upload(hub, *signer.package(tmp_path, "0.3.0"))
    rollout(hub, "0.3.0", "all")
    assert all(beat(s) is not None for s in sims)
    # the first failure, of one finished: too few reports to judge
    assert beat(sims[0], offered="0.3.0", state="rolled_back", last_error="health check: no first frame") is None
    for s in sims[1:5]:
        beat(s, running="0.3.0", state="committed")
    assert beat(sims[5], offered="0.3.0", state="installing") is not None  # still offered: 1 of 5 is 20%, not over
    listed = hub.admin("GET", "/software-releases")[0]
    assert (listed["state"], listed["committed"], listed["rolled_back"], listed["in_progress"]) == ("active", 4, 1, 1)
    assert listed["failures"][0]["last_error"] == "health check: no first frame"
    # the second failure: 2 of 6 finished, 33% > 20%: the hub halts it by itself
    beat(sims[5], offered="0.3.0", state="failed", last_error="dpkg: error processing")
    assert beat(sims[6]) is None
    listed = hub.admin("GET", "/software-releases")[0]
    assert listed["state"] == "halted" and listed["halted_reason"].startswith("automatic: 2 of 6")
    assert {f["terminal_id"] for f in listed["failures"]} == {sims[0].terminal_id, sims[5].terminal_id}
    with _session(hub) as db:
        entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "software.halted")).one()
    assert (entry.actor, entry.target) == ("hub", "0.3.0")


def test_a_lone_canary_that_rolls_back_halts_its_rollout(strict_hub: Hub, tmp_path: Path) -> None:
    """Fewer terminals in the ring than the minimum: all of them finished is enough to judge."""
    hub = strict_hub
    signer = Signer()
    signer.install(tmp_path)
    sims = [hub.terminal() for _ in range(3)]
    upload(hub, *signer.package(tmp_path, "0.3.0"))
    rollout(hub, "0.3.0", "canary", terminals=(sims[0].terminal_id,))
    beat(sims[0], running="0.2.0", offered="0.3.0", state="rolled_back", last_error="health check timed out")
    assert hub.admin("GET", "/software-releases")[0]["state"] == "halted"
    view = hub.admin("GET", f"/terminals/{sims[0].terminal_id}")
    assert view["software"] == {"running": "0.2.0", "offered": "0.3.0", "state": "rolled_back",
                                "last_error": "health check timed out"}
    assert {"code": "update_failed", "detail": "0.3.0 rolled_back: health check timed out"} in view["alerts"]


def test_heartbeat_software_is_bounded(hub: Hub) -> None:
    sim = hub.terminal()
    body = sim.heartbeat_body(software={"running": "x" * 41, "offered": None, "state": "idle", "last_error": None})
    assert sim.signed("POST", "/api/v1/heartbeat", body).status_code == 422
    body["software"] = {"running": "0.1.0", "state": "exploded"}
    assert sim.signed("POST", "/api/v1/heartbeat", body).status_code == 422


def test_cli_upload_rollout_list_pause_halt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "hub"
    signer = Signer()
    path, record = signer.package(tmp_path, "0.2.0")
    (tmp_path / "m.json").write_text(json.dumps(record), encoding="utf-8")
    base = ["--data-dir", str(data)]
    assert hub_cli(["releases", "upload", str(path), "--manifest", str(tmp_path / "m.json"), *base]) == 1
    assert "no release public key" in capsys.readouterr().err
    data.mkdir(exist_ok=True)
    signer.install(data)
    assert hub_cli(["releases", "upload", str(path), "--manifest", str(tmp_path / "m.json"), *base]) == 0
    (tmp_path / "bad.json").write_text("[" * 100, encoding="utf-8")
    assert hub_cli(["releases", "upload", str(path), "--manifest", str(tmp_path / "bad.json"), *base]) == 1
    assert "not a signed release" in capsys.readouterr().err
    assert hub_cli(["releases", "rollout", "0.2.0", "--ring", "canary", *base]) == 2
    assert hub_cli(["releases", "rollout", "0.2.0", "--ring", "percent", *base]) == 2
    assert hub_cli(["releases", "rollout", "0.2.0", "--ring", "all", "--percent", "5", *base]) == 2
    assert hub_cli(["releases", "rollout", "9.9.9", "--ring", "all", *base]) == 1
    assert hub_cli(["releases", "rollout", "0.2.0", "--ring", "percent", "--percent", "10", *base]) == 0
    assert hub_cli(["releases", "pause", "0.2.0", *base]) == 0
    assert hub_cli(["releases", "pause", "0.2.0", *base]) == 1  # not active any more
    assert hub_cli(["releases", "halt", "0.2.0", "--reason", "bad build", *base]) == 0
    capsys.readouterr()
    assert hub_cli(["releases", "list", "--json", *base]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["version"], listed["state"], listed["halted_reason"]) == ("0.2.0", "halted", "bad build")
    assert listed["rollout"]["ring"] == "percent" and listed["rollout"]["percent"] == 10
    assert hub_cli(["releases", "list", *base]) == 0
    assert "0.2.0" in capsys.readouterr().out


def test_a_release_key_is_never_made_by_the_hub(tmp_path: Path) -> None:
    """``kiosk-hub`` has no command that signs a release: ``releases`` uploads, lists, rolls out, pauses, halts."""
    with pytest.raises(SystemExit) as exited:
        hub_cli(["releases", "keygen", "--data-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert isinstance(Signer().key, Ed25519PrivateKey)
