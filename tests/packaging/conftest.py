"""Builds the .deb once per session (``make package``'s script) and starts lintian on it.

The build takes ~30-80 s on two cores and lintian ~1-2 min on the ~400 MB
package, so lintian runs in the background from the moment the .deb exists
while the other packaging tests inspect it; ``test_lintian`` collects its result.

The tests' .deb is compressed with gzip level 1 (``KIOSK_PACKAGE_LEVEL``): the same files, control
area and format as ``make package``'s level 6, 8% larger, and ~25 s to compress instead of ~80 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
NAME = "community-kiosk"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


# Checks whose every tag is of info severity, which lintian does not display at its default level (so no test
# and no reader ever sees them): binaries/spelling (only spelling-error-in-binary) reads the strings of every
# shared library in the vendored Qt and took 64 of lintian's ~150 s. Its output is the same without them.
LINTIAN_SKIPS = ("--dont-check-part", "binaries/spelling")


@dataclass
class Lintian:
    proc: subprocess.Popen[bytes]
    output: Path

    def result(self, timeout: float = 900) -> tuple[int, str]:
        rc = self.proc.wait(timeout=timeout)
        return rc, self.output.read_text(encoding="utf-8", errors="replace")


@dataclass
class Built:
    deb: Path
    tree: Path  # the package's files, extracted (dpkg-deb -x)
    control: Path  # its control area (dpkg-deb -e)
    lintian: Lintian | None

    @property
    def venv(self) -> Path:
        return self.tree / "opt/kiosk/venv"

    @property
    def site_packages(self) -> Path:
        return next((self.venv / "lib").glob("python3*/site-packages"))


def _need(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.fail(f"missing tools {missing}: `make setup` installs them (APT_PACKAGES)")


@pytest.fixture(scope="session")
def built() -> Iterator[Built]:
    _need("dpkg-deb", "lintian")
    env = {**os.environ, "KIOSK_PACKAGE_QUIET": "1", "KIOSK_PACKAGE_COMPRESS": "gzip", "KIOSK_PACKAGE_LEVEL": "1"}
    out = subprocess.run(["bash", str(PACKAGING / "build.sh")], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=1200, check=False)
    if out.returncode != 0:
        pytest.fail(f"packaging/build.sh failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}")
    deb = Path(out.stdout.strip().splitlines()[-1])
    assert deb == ROOT / "dist" / f"{NAME}_{project_version()}_amd64.deb", out.stdout
    with tempfile.TemporaryDirectory(prefix="kiosk-deb-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as d:
        work = Path(d)
        lint_out = work / "lintian.txt"
        with lint_out.open("wb") as sink:
            proc = subprocess.Popen(["lintian", *LINTIAN_SKIPS, "--info", "--tag-display-limit", "0", str(deb)],
                                    stdout=sink, stderr=subprocess.STDOUT, cwd=work)
        lintian = Lintian(proc, lint_out)
        tree, control = work / "tree", work / "control"
        subprocess.run(["dpkg-deb", "-x", str(deb), str(tree)], check=True, timeout=300)
        subprocess.run(["dpkg-deb", "-e", str(deb), str(control)], check=True, timeout=60)
        try:
            yield Built(deb, tree, control, lintian)
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
