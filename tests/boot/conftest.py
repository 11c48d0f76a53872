"""Fixtures of the boot tests: the package installed with apt in a cached Debian 12 tree, machines booted
from it under systemd-nspawn, and the kiosk inside them (service state, screenshots, measured times).

Every test here is marked ``boot`` and ``long`` (``make test-boot``, ``make test-long``) and is skipped
here, with the reason, on a machine that cannot boot containers (see ``machine.missing_capability``).
``KIOSK_BOOT_DEB`` names an already built .deb; otherwise ``packaging/build.sh`` (``make package``) runs.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path

import pytest
from PIL import Image

from tests.boot import machine
from tests.boot.machine import Machine
from tests.conftest import ARTIFACTS

ROOT = Path(__file__).resolve().parents[2]
IN_CONTAINER = Path(__file__).resolve().parent / "in_container"
BOOT_ARTIFACTS = ARTIFACTS / "boot"
PKG_MOUNT = "/mnt/pkg"
HELPERS_MOUNT = "/mnt/boot-helpers"
APP_PYTHON = "/opt/kiosk/venv/bin/python"
# The test-only environment (issue 20): cage on wlroots' headless backend with the software renderer and
# no input devices, the app on its demo settings; and, as in any container, no tty1 to take.
DROP_IN = """[Service]
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 KIOSK_MODE=demo
TTYPath=
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
StandardInput=null
"""
KIOSK_ENV = "KIOSK_MODE=demo"

_reason = machine.missing_capability()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _reason and Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.skip(reason=_reason))


@pytest.fixture(scope="session")
def deb() -> Path:
    given = os.environ.get("KIOSK_BOOT_DEB")
    if given:
        return Path(given)
    out = subprocess.run(["bash", str(ROOT / "packaging/build.sh")], cwd=ROOT, capture_output=True, text=True,
                         timeout=1800, check=False, env={**os.environ, "KIOSK_PACKAGE_QUIET": "1"})
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-5000:]
    return Path(out.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def workdir() -> Iterator[Path]:
    """Scratch space for the layers (on disk: the installed layer is ~1 GB)."""
    path = Path(tempfile.mkdtemp(prefix="kiosk-boot-", dir="/var/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def pkg_dir(deb: Path, workdir: Path) -> Path:
    """The directory bound read-only at /mnt/pkg: the package, and a copy with a higher version for the upgrade."""
    d = workdir / "pkg"
    d.mkdir()
    shutil.copy(deb, d / "v1.deb")
    return d


@pytest.fixture(scope="session")
def upgrade_version(pkg_dir: Path) -> str:
    """pkg_dir/v2.deb: the same package with a higher version (unpacked and rebuilt uncompressed, ~30 s)."""
    tree = pkg_dir.parent / "v2-tree"
    subprocess.run(["dpkg-deb", "-R", str(pkg_dir / "v1.deb"), str(tree)], check=True, timeout=600)
    control = tree / "DEBIAN/control"
    fields = control.read_text()
    version = next(line.split(": ", 1)[1] for line in fields.splitlines() if line.startswith("Version: "))
    control.write_text(fields.replace(f"Version: {version}", f"Version: {version}+boot1"))
    subprocess.run(["dpkg-deb", "-Znone", "-b", str(tree), str(pkg_dir / "v2.deb")], check=True, timeout=600,
                   capture_output=True)
    shutil.rmtree(tree)
    return f"{version}+boot1"


@pytest.fixture(scope="session")
def installed(pkg_dir: Path, workdir: Path) -> Path:
    """The base tree with the package installed by apt (its dependencies from Debian's mirror) and the drop-in."""
    base = machine.base_tree()
    archives = machine.CACHE / "apt-archives"  # downloaded .debs kept between runs
    archives.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with machine.overlay([base], workdir / "installed") as tree:
        machine.nspawn_run(tree, f"apt-get -q update >/dev/null && apt-get install -y -q {PKG_MOUNT}/v1.deb",
                           [f"--bind-ro={pkg_dir}:{PKG_MOUNT}", f"--bind={archives}:/var/cache/apt/archives"],
                           timeout=1200)
        drop_in = tree / "etc/systemd/system/kiosk.service.d"
        drop_in.mkdir(parents=True)
        (drop_in / "boot-test.conf").write_text(DROP_IN)
    print(f"\nboot tests: package installed with apt in {time.monotonic() - started:.0f} s")
    return workdir / "installed" / "upper"


class Kiosk:
    """A booted machine with the package: the service's state, the app's process, the screen."""

    def __init__(self, box: Machine) -> None:
        self.box = box

    def show(self, *props: str) -> dict[str, str]:
        out = self.box.sh(f"systemctl show kiosk.service -p {','.join(props)}").stdout
        return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)

    def app_pid(self) -> int:
        """The kiosk app (Python), cage's child."""
        cage = self.show("MainPID")["MainPID"]
        out = self.box.sh(f"pgrep -P {cage} -f 'bin/kiosk run'", check=False).stdout.split()
        assert out, f"no app under cage {cage}: {self.journal()[-3000:]}"
        return int(out[0])

    def screenshot(self) -> Image.Image | None:
        """cage's headless output through grim, or None while there is no compositor to ask."""
        out = subprocess.run(self.box.cmd("runuser", "-u", "kiosk", "--", "env", "XDG_RUNTIME_DIR=/run/kiosk",
                                          "WAYLAND_DISPLAY=wayland-0", "grim", "-"),
                             capture_output=True, timeout=30, check=False)
        if out.returncode != 0 or not out.stdout:
            return None
        return Image.open(io.BytesIO(out.stdout)).convert("RGB")

    def wait_first_frame(self, after_restarts: int, timeout: float) -> tuple[float, Image.Image]:
        """Wait for the service to have restarted ``after_restarts`` times and the app to draw (the output
        no longer one flat colour): the monotonic time of that frame, and the frame."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.show("ActiveState", "NRestarts")
            if state.get("ActiveState") == "active" and int(state.get("NRestarts", "0")) >= after_restarts:
                shot = self.screenshot()
                if shot is not None and shot.getcolors(maxcolors=1) is None:  # more than one colour
                    return time.monotonic(), shot
            time.sleep(0.1)
        raise AssertionError(f"no frame within {timeout} s; state {self.show('ActiveState', 'SubState', 'NRestarts')}"
                             f"\n{self.journal()[-4000:]}")

    def kiosk_cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return self.box.sh(f"{KIOSK_ENV} kiosk {' '.join(args)}", check=False)

    def helper(self, *args: str, check: bool = True) -> list[str]:
        out = self.box.sh(f"runuser -u kiosk -- env {KIOSK_ENV} {APP_PYTHON} {HELPERS_MOUNT}/submissions.py "
                          f"{' '.join(args)}", check=check)
        return out.stdout.split()

    def journal(self) -> str:
        return self.box.sh("journalctl -b --no-pager -o short-monotonic -u kiosk.service", check=False).stdout


@pytest.fixture
def boot(installed: Path, pkg_dir: Path, tmp_path: Path) -> Iterator[Callable[..., Kiosk]]:
    """Boots machines on one writable layer over the installed tree (reboots keep that layer);
    every machine is stopped and the layer unmounted and removed, whatever the test did."""
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="layer-", dir=installed.parent.parent))
        stack.callback(shutil.rmtree, work, True)
        tree = stack.enter_context(machine.overlay([installed, machine.base_tree()], work))
        BOOT_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        binds = [f"--bind-ro={pkg_dir}:{PKG_MOUNT}", f"--bind-ro={IN_CONTAINER}:{HELPERS_MOUNT}"]

        def start(extra_binds: Sequence[str] = ()) -> Kiosk:
            box = Machine(tree, [*binds, *extra_binds], tmp_path / "console.log")
            stack.callback(box.stop)
            box.boot()
            return Kiosk(box)

        yield start


@pytest.fixture(scope="session")
def times() -> Iterator[dict[str, float]]:
    """Measured seconds, printed and written to test-artifacts/boot/times.json at the end of the session."""
    measured: dict[str, float] = {}
    yield measured
    if measured:
        BOOT_ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (BOOT_ARTIFACTS / "times.json").write_text(json.dumps(measured, indent=2) + "\n")
        print("\nboot times (s): " + ", ".join(f"{k} {v:.2f}" for k, v in measured.items()))
