"""The software update under a real systemd, against the real hub (issue 20, part 4).

``kiosk-hub serve`` runs on the host's loopback (``hub.testing.run_hub``); the machine reaches it through a
bound unix socket (``hub_link``). v1 is installed and enrolled; v2 is signed offline with
``packaging/tools/sign_release.py``, uploaded with ``kiosk-hub releases upload`` and rolled out to the
terminal as a canary -> installed, healthy, committed, and the hub's fleet view shows v2 for it; v3, whose
app cannot start, is rolled out next -> rolled back to v2 by the terminal itself, and the rollout halted
by the hub. A power cut during the v2 install -> the machine boots a working version and the update
finishes or rolls back. The packages are the session's .deb repacked with the release key pinned.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hub.cli import main as hub_cli
from hub.testing import RunningHub, admin_call, make_enroll_token, run_hub
from tests.boot import hub_link
from tests.boot.conftest import BOOT_ARTIFACTS, ROOT, Kiosk
from tests.boot.frames import fills_output, laid_out_for_output

pytestmark = [pytest.mark.boot, pytest.mark.long]

HUB_URL = f"http://127.0.0.1:{hub_link.PORT}"
SETTINGS = f"""sed -i -e 's|^hub_url = .*|hub_url = "{HUB_URL}"\\ninterval_s = 2\\nheartbeat_s = 2|' \
 -e 's|^window_start = .*|window_start = "00:00"|' -e 's|^window_end = .*|window_end = "00:00"|' \
 -e 's|^health_deadline_s = .*|health_deadline_s = 60|' /etc/kiosk/kiosk.toml"""
SIGN = [sys.executable, str(ROOT / "packaging/tools/sign_release.py")]
SIGN_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass
class Releases:
    directory: Path  # bound at /mnt/releases: <version>.deb and <version>.deb.release.json
    keys: Path  # release-<kid>.key and .pub, as sign_release.py keygen made them
    base: str  # the session package's version

    def version(self, n: int) -> str:
        return f"{self.base}+upd{n}"

    def deb(self, n: int) -> Path:
        return self.directory / f"{self.version(n)}.deb"


def _build(tree: Path, version: str, out: Path) -> None:
    control = tree / "DEBIAN/control"
    fields = control.read_text()
    old = next(line for line in fields.splitlines() if line.startswith("Version: "))
    control.write_text(fields.replace(old, f"Version: {version}"))
    subprocess.run(["dpkg-deb", "-Znone", "-b", str(tree), str(out)], check=True, timeout=900, capture_output=True)


@pytest.fixture(scope="session")
def releases(pkg_dir: Path) -> Iterator[Releases]:
    """v1 (what the machine runs first; its package kept for rollbacks), v2 (good) and v3 (its app cannot
    start: the unit runs it with an unknown option), all pinning a release key made with the offline tool;
    v2 and v3 signed with it."""
    work, keys, tree = pkg_dir.parent / "releases", pkg_dir.parent / "release-keys", pkg_dir.parent / "release-tree"
    work.mkdir()
    made = json.loads(subprocess.run([*SIGN, "keygen", "--out", str(keys)], check=True, capture_output=True,
                                     text=True, env=SIGN_ENV).stdout)
    subprocess.run(["dpkg-deb", "-R", str(pkg_dir / "v1.deb"), str(tree)], check=True, timeout=900)
    pinned = tree / "usr/share/community-kiosk/release-keys"  # as build.sh with KIOSK_RELEASE_KEYS pins it
    pinned.mkdir(parents=True, exist_ok=True)
    shutil.copy(made["public_key"], pinned / f"{made['kid']}.pub")
    base = next(line.split(": ", 1)[1] for line in (tree / "DEBIAN/control").read_text().splitlines()
                if line.startswith("Version: "))
    out = Releases(work, keys, base)
    _build(tree, out.version(1), out.deb(1))
    _build(tree, out.version(2), out.deb(2))
    unit = tree / "lib/systemd/system/kiosk.service"
    unit.write_text(unit.read_text().replace("/opt/kiosk/venv/bin/kiosk run", "/opt/kiosk/venv/bin/kiosk run --bad"))
    _build(tree, out.version(3), out.deb(3))
    shutil.rmtree(tree)
    for n in (2, 3):
        subprocess.run([*SIGN, "sign", str(out.deb(n)), "--key", made["private_key"]], check=True,
                       capture_output=True, env=SIGN_ENV, timeout=600)
    yield out


@dataclass
class Hub:
    running: RunningHub
    data_dir: Path
    link: str  # the --bind option for the machine

    def cli(self, *args: str) -> None:
        assert hub_cli([*args, "--data-dir", str(self.data_dir)]) == 0, args

    def publish(self, releases: Releases, n: int, terminal_id: str) -> float:
        """Upload release n and roll it out to the terminal as a canary; the monotonic time of the rollout."""
        deb = releases.deb(n)
        self.cli("releases", "upload", str(deb), "--manifest", f"{deb}.release.json")
        rolled_out = time.monotonic()
        self.cli("releases", "rollout", releases.version(n), "--ring", "canary", "--terminals", terminal_id)
        return rolled_out

    def call(self, path: str) -> Any:
        return admin_call(self.running.base_url, self.running.admin_token, "GET", f"/api/v1/admin{path}")

    def software(self, terminal_id: str) -> dict[str, Any]:
        """What the fleet view shows of the terminal's software (its last heartbeat's report)."""
        return self.call(f"/terminals/{terminal_id}")["software"] or {}

    def release(self, version: str) -> dict[str, Any]:
        return next(r for r in self.call("/software-releases") if r["version"] == version)

    def update_events(self, terminal_id: str) -> list[str]:
        """The terminal's ``update.*`` audit events the hub received with its outbox (in the hub's registry)."""
        with sqlite3.connect(self.data_dir / "hub.sqlite3") as db:
            rows = db.execute("SELECT body FROM outbox_items WHERE kind = 'audit' AND terminal_id = ? "
                              "ORDER BY created_at", (terminal_id,)).fetchall()
        return [e for (body,) in rows if (e := json.loads(body)["event"]).startswith("update.")]


@pytest.fixture
def hub(tmp_path: Path, releases: Releases) -> Iterator[Hub]:
    """``kiosk-hub serve`` on the host's loopback, trusting the release key, linked for the machines."""
    data_dir = tmp_path / "hub"
    data_dir.mkdir()
    (data_dir / "release-keys").mkdir()
    for pub in releases.keys.glob("*.pub"):
        shutil.copy(pub, data_dir / "release-keys" / pub.name)
    with run_hub(tmp_path, env={"KIOSK_HUB_TERMINAL_RATE": "1000000"}, data_dir=data_dir) as running, \
            hub_link.host_side(running.base_url, tmp_path / "hub-link") as link:
        yield Hub(running, data_dir, link)


def _binds(releases: Releases, hub: Hub) -> list[str]:
    return [f"--bind-ro={releases.directory}:/mnt/releases", hub.link]


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


def _finished(kiosk: Kiosk, states: tuple[str, ...], timeout: float, what: str) -> dict[str, Any]:
    return _wait(lambda: (s := _status(kiosk)).get("state") in states and s, timeout, f"{what}: {_status(kiosk)}")


def _installed(kiosk: Kiosk) -> str:
    return kiosk.box.sh("dpkg-query -W -f '${Version}' community-kiosk").stdout


def _enrolled_on_v1(boot: Callable[..., Kiosk], releases: Releases, hub: Hub) -> tuple[Kiosk, str]:
    """A terminal installed with v1 (its package kept for a rollback), enrolled with the real hub, syncing;
    and its terminal id."""
    kiosk = boot(_binds(releases, hub))
    hub_link.install_in(kiosk.box.root)
    kiosk.box.sh("systemctl daemon-reload && systemctl start hub-link.socket")
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    v1 = releases.deb(1).name
    kiosk.box.sh(f"DEBIAN_FRONTEND=noninteractive apt-get install -y -q /mnt/releases/{v1}", timeout=900)
    kiosk.box.sh(f"kiosk update keep /mnt/releases/{v1}")
    kiosk.box.sh(SETTINGS)
    token = make_enroll_token(hub.running.base_url, hub.running.admin_token)
    enrolled = kiosk.kiosk_cli("enroll", "--hub", HUB_URL, "--token", token)
    assert enrolled.returncode == 0, enrolled.stderr
    kiosk.box.sh("systemctl restart kiosk.service")
    kiosk.wait_first_frame(after_restarts=0, timeout=120)
    [terminal] = hub.call("/terminals")
    _wait(lambda: hub.software(terminal["terminal_id"]).get("running") == releases.version(1), 60,
          "no heartbeat with the terminal's software reached the hub")
    return kiosk, terminal["terminal_id"]


def test_update_committed_then_a_bad_release_rolled_back(boot: Callable[..., Kiosk], releases: Releases, hub: Hub,
                                                         times: dict[str, float]) -> None:
    kiosk, terminal_id = _enrolled_on_v1(boot, releases, hub)
    kiosk.helper("submit", "2")  # queued, then delivered to the hub by the app's sync
    v2, v3 = releases.version(2), releases.version(3)

    offered = hub.publish(releases, 2, terminal_id)
    status = _finished(kiosk, ("committed", "rolled_back", "failed"), 900, "v2 neither committed nor refused")
    assert status == {"running": v2, "offered": v2, "state": "committed", "last_error": None}, status
    times["update offered to committed"] = time.monotonic() - offered
    assert _installed(kiosk) == v2
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=120)
    frame.save(BOOT_ARTIFACTS / "update-v2-committed.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    _wait(lambda: hub.software(terminal_id).get("state") == "committed" and hub.software(terminal_id)["running"] == v2,
          60, f"the fleet view does not show v2 committed: {hub.software(terminal_id)}")
    assert hub.release(v2)["committed"] == 1
    _wait(lambda: "update.committed" in hub.update_events(terminal_id), 60,
          f"the update's audit events did not reach the hub: {hub.update_events(terminal_id)}")
    assert hub.update_events(terminal_id) == ["update.offered", "update.downloaded", "update.installed",
                                              "update.committed"]

    offered = hub.publish(releases, 3, terminal_id)
    status = _finished(kiosk, ("rolled_back", "failed"), 900, "v3 was not rolled back")
    assert status["state"] == "rolled_back" and status["running"] == v2, status
    times["bad update offered to rolled back"] = time.monotonic() - offered
    assert "health check failed within 60 s" in status["last_error"], status
    assert _installed(kiosk) == v2
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=180)
    frame.save(BOOT_ARTIFACTS / "update-v3-rolled-back.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    assert kiosk.helper("integrity") == ["ok"]  # the database copy put back is whole
    _wait(lambda: hub.release(v3)["state"] == "halted", 60, f"the hub did not halt v3: {hub.release(v3)}")
    assert hub.release(v3)["failures"][0]["terminal_id"] == terminal_id
    fleet = hub.software(terminal_id)
    assert fleet["running"] == v2 and fleet["state"] == "rolled_back", fleet
    _wait(lambda: "update.rolled_back" in hub.update_events(terminal_id), 60,
          f"the rollback's audit event did not reach the hub: {hub.update_events(terminal_id)}")
    assert kiosk.box.sh("dpkg --audit").stdout.strip() == ""


def test_a_power_cut_during_the_install_boots_a_working_version(boot: Callable[..., Kiosk], releases: Releases,
                                                                hub: Hub) -> None:
    kiosk, terminal_id = _enrolled_on_v1(boot, releases, hub)
    state_file = kiosk.box.root / "var/lib/kiosk-update/state.json"
    hub.publish(releases, 2, terminal_id)

    def installing() -> bool:
        try:
            return json.loads(state_file.read_text()).get("state") == "installing"
        except (FileNotFoundError, ValueError):
            return False

    _wait(installing, 600, "the install never started")
    time.sleep(3)  # apt is unpacking ~1 GB
    kiosk.box.power_cut()

    kiosk = boot(_binds(releases, hub))  # the link's units come up with the machine
    status = _finished(kiosk, ("committed", "rolled_back", "failed"), 900, "the update did not finish after the cut")
    assert status["state"] in ("committed", "rolled_back"), status
    assert _installed(kiosk) == status["running"]
    assert kiosk.box.sh("dpkg --audit").stdout.strip() == ""
    _, frame = kiosk.wait_first_frame(after_restarts=0, timeout=180)
    frame.save(BOOT_ARTIFACTS / f"update-after-power-cut-{status['state']}.png")
    assert fills_output(frame), "the attract screen does not cover cage's output"
    assert laid_out_for_output(frame), "the attract screen was laid out for another size than cage's output"
    _wait(lambda: hub.software(terminal_id).get("running") == status["running"], 60,
          f"the fleet view does not show {status['running']}: {hub.software(terminal_id)}")
