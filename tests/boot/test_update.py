"""The software update under a real systemd (issue 20, part 4): an enrolled terminal is offered v2, which
installs, passes its health check and is committed; then a v3 whose app cannot start, which is rolled back
to v2 by itself with the database copy; and a power cut during the v2 install, after which the machine
boots a working version and the update finishes or rolls back.

The hub is the HTTP hub double (tests/sync/contract_hub.py, run inside the machine by
in_container/hub_double.py on its loopback) until the real hub's release side lands: it enrols, puts the
offer the test signed with its own release key into heartbeat answers, and serves the packages with Range.
The packages are the session's .deb repacked with that release key pinned and higher versions.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from contract import crypto
from contract.release import ReleaseManifest, ReleaseOffer, sign_release
from tests.boot.conftest import BOOT_ARTIFACTS, HELPERS_MOUNT, ROOT, Kiosk

pytestmark = [pytest.mark.boot, pytest.mark.long]

PORT = 8765
KID = "boot-release"
SETTINGS = f"""sed -i -e 's|^hub_url = .*|hub_url = "http://127.0.0.1:{PORT}"\\ninterval_s = 2\\nheartbeat_s = 2|' \
 -e 's|^window_start = .*|window_start = "00:00"|' -e 's|^window_end = .*|window_end = "00:00"|' \
 -e 's|^health_deadline_s = .*|health_deadline_s = 60|' /etc/kiosk/kiosk.toml"""


@dataclass
class Releases:
    directory: Path  # bound at /mnt/releases: <version>.deb
    key: Any  # the release private key (the packages pin its public half)
    base: str  # the version the machine runs first

    def version(self, n: int) -> str:
        return f"{self.base}+upd{n}"

    def offer(self, control: Path, version: str) -> None:
        """The hub offers ``version``: a manifest signed with the release key, as the releases side will."""
        deb = self.directory / f"{version}.deb"
        digest = hashlib.sha256()
        with deb.open("rb") as f:
            for block in iter(lambda: f.read(1 << 22), b""):
                digest.update(block)
        manifest = ReleaseManifest(version=version, sha256=digest.hexdigest(), size=deb.stat().st_size)
        offer = ReleaseOffer(manifest=sign_release(self.key, manifest, KID), url=f"/api/v1/releases/{version}/package")
        (control / "offer.tmp").write_text(json.dumps(offer.as_json()))
        (control / "offer.tmp").replace(control / "offer.json")


def _build(tree: Path, version: str, out: Path) -> None:
    control = tree / "DEBIAN/control"
    fields = control.read_text()
    old = next(line for line in fields.splitlines() if line.startswith("Version: "))
    control.write_text(fields.replace(old, f"Version: {version}"))
    subprocess.run(["dpkg-deb", "-Znone", "-b", str(tree), str(out)], check=True, timeout=900, capture_output=True)


@pytest.fixture(scope="session")
def releases(pkg_dir: Path) -> Iterator[Releases]:
    """v1 (the machine's first version, its package kept for rollbacks), v2 (good) and v3 (its app cannot
    start: the unit runs it with an unknown option), all pinning the test's release key."""
    work = pkg_dir.parent / "releases"
    tree = pkg_dir.parent / "release-tree"
    work.mkdir()
    subprocess.run(["dpkg-deb", "-R", str(pkg_dir / "v1.deb"), str(tree)], check=True, timeout=900)
    key = crypto.new_signing_key()
    keys = tree / "usr/share/community-kiosk/release-keys"  # as build.sh with KIOSK_RELEASE_KEYS pins it
    keys.mkdir(parents=True, exist_ok=True)
    (keys / f"{KID}.pub").write_text(crypto.b64e(crypto.public_bytes(key)) + "\n")
    base = next(line.split(": ", 1)[1] for line in (tree / "DEBIAN/control").read_text().splitlines()
                if line.startswith("Version: "))
    made = Releases(work, key, base)
    _build(tree, made.version(1), work / f"{made.version(1)}.deb")
    _build(tree, made.version(2), work / f"{made.version(2)}.deb")
    unit = tree / "lib/systemd/system/kiosk.service"
    unit.write_text(unit.read_text().replace("/opt/kiosk/venv/bin/kiosk run", "/opt/kiosk/venv/bin/kiosk run --bad"))
    _build(tree, made.version(3), work / f"{made.version(3)}.deb")
    shutil.rmtree(tree)
    yield made


@pytest.fixture
def control(tmp_path: Path) -> Path:
    """Bound read-write at /mnt/hub-control: the offer the hub double serves, its token, the reported software."""
    path = tmp_path / "hub-control"
    path.mkdir()
    return path


def _binds(releases: Releases, control: Path) -> list[str]:
    return [f"--bind-ro={releases.directory}:/mnt/releases", f"--bind={control}:/mnt/hub-control",
            f"--bind-ro={ROOT}:/mnt/src"]


def _start_hub(kiosk: Kiosk, control: Path) -> str:
    (control / "token").unlink(missing_ok=True)
    kiosk.box.sh(f"systemd-run --unit=hub-double --setenv=PYTHONPATH=/mnt/src /opt/kiosk/venv/bin/python "
                 f"{HELPERS_MOUNT}/hub_double.py /mnt/hub-control /mnt/releases {PORT}")
    _wait(lambda: (control / "token").exists(), 60, "the hub double did not start")
    return (control / "token").read_text()


def _wait(ready: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = ready()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(what)


def _status(kiosk: Kiosk) -> dict[str, Any]:
    out = kiosk.box.sh("kiosk update status --json", check=False).stdout
    return json.loads(out) if out.strip() else {}


def _installed(kiosk: Kiosk) -> str:
    return kiosk.box.sh("dpkg-query -W -f '${Version}' community-kiosk").stdout


def _enrolled_on_v1(boot: Callable[..., Kiosk], releases: Releases, control: Path) -> Kiosk:
    """A terminal installed with v1 (its package kept for a rollback), enrolled with the hub, syncing."""
    kiosk = boot(_binds(releases, control))
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    v1 = releases.version(1)
    kiosk.box.sh(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q /mnt/releases/{v1}.deb", timeout=900)
    kiosk.box.sh(f"kiosk update keep /mnt/releases/{v1}.deb")
    kiosk.box.sh(SETTINGS)
    token = _start_hub(kiosk, control)
    enrolled = kiosk.kiosk_cli("enroll", "--hub", f"http://127.0.0.1:{PORT}", "--token", token)
    assert enrolled.returncode == 0, enrolled.stderr
    kiosk.box.sh("systemctl restart kiosk.service")
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    _wait(lambda: (control / "software.json").exists(), 60, "no heartbeat reached the hub")
    return kiosk


def _hub_sees(control: Path, state: str, running: str) -> bool:
    try:
        software = json.loads((control / "software.json").read_text())
    except (FileNotFoundError, ValueError):
        return False
    return bool(software) and software["state"] == state and software["running"] == running


def test_update_committed_then_a_bad_release_rolled_back(boot: Callable[..., Kiosk], releases: Releases,
                                                         control: Path, times: dict[str, float]) -> None:
    kiosk = _enrolled_on_v1(boot, releases, control)
    kiosk.helper("submit", "2")  # queued, then delivered to the hub by the app's sync
    v2, v3 = releases.version(2), releases.version(3)

    offered = time.monotonic()
    releases.offer(control, v2)
    status = _wait(lambda: (s := _status(kiosk)).get("state") in ("committed", "rolled_back", "failed") and s,
                   900, f"v2 neither committed nor refused: {_status(kiosk)}")
    assert status == {"running": v2, "offered": v2, "state": "committed", "last_error": None}, status
    times["update offered to committed"] = time.monotonic() - offered
    assert _installed(kiosk) == v2
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=120)
    frame.save(BOOT_ARTIFACTS / "update-v2-committed.png")
    _wait(lambda: _hub_sees(control, "committed", v2), 60, "the hub did not hear of the commit")

    offered = time.monotonic()
    releases.offer(control, v3)
    status = _wait(lambda: (s := _status(kiosk)).get("state") in ("rolled_back", "failed") and s, 900,
                   f"v3 was not rolled back: {_status(kiosk)}")
    assert status["state"] == "rolled_back" and status["running"] == v2, status
    times["bad update offered to rolled back"] = time.monotonic() - offered
    assert "health check failed within 60 s" in status["last_error"], status
    assert _installed(kiosk) == v2
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=180)
    frame.save(BOOT_ARTIFACTS / "update-v3-rolled-back.png")
    assert kiosk.helper("integrity") == ["ok"]  # the database copy put back is whole
    _wait(lambda: _hub_sees(control, "rolled_back", v2), 60, "the hub did not hear of the rollback")
    assert kiosk.box.sh("dpkg --audit").stdout.strip() == ""


def test_a_power_cut_during_the_install_boots_a_working_version(boot: Callable[..., Kiosk], releases: Releases,
                                                                control: Path) -> None:
    kiosk = _enrolled_on_v1(boot, releases, control)
    state_file = kiosk.box.root / "var/lib/kiosk-update/state.json"
    releases.offer(control, releases.version(2))

    def installing() -> bool:
        try:
            return json.loads(state_file.read_text()).get("state") == "installing"
        except (FileNotFoundError, ValueError):
            return False

    _wait(installing, 600, "the install never started")
    time.sleep(3)  # apt is unpacking ~1 GB
    kiosk.box.power_cut()

    kiosk = boot(_binds(releases, control))
    _start_hub(kiosk, control)
    status = _wait(lambda: (s := _status(kiosk)).get("state") in ("committed", "rolled_back", "failed") and s,
                   900, f"the update did not finish after the power cut: {_status(kiosk)}")
    assert status["state"] in ("committed", "rolled_back"), status
    assert _installed(kiosk) == status["running"]
    assert kiosk.box.sh("dpkg --audit").stdout.strip() == ""
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=180)
    frame.save(BOOT_ARTIFACTS / f"update-after-power-cut-{status['state']}.png")
