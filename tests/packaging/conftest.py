"""Builds the .deb once per session (``make package``'s script) and starts lintian on it.

The build takes ~30-80 s on two cores and lintian ~1-2 min on the ~400 MB
package. Both run in the background (tests/background.py) from the session's start
when a selected test needs the package, so by the time the packaging tests run
the package is usually built and lintian done; ``test_lintian`` collects its result.

The tests' .deb is compressed with gzip level 1 (``KIOSK_PACKAGE_LEVEL``): the same files, control
area and format as ``make package``'s level 6, 8% larger, and ~25 s to compress instead of ~80 s.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pytest

from tests.background import Background, background, wanted
from tests.packaging.install_run import install_upgrade_remove_purge

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
NAME = "community-kiosk"


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


UPGRADE_VERSION = f"{project_version()}+upgradetest1"  # the version the install test upgrades to
WHEELS = ("hub", "terminal")  # the distributions (packaging/<dist>/pyproject.toml)


# Checks whose every tag is of info severity, which lintian does not display at its default level (so no test
# and no reader ever sees them): binaries/spelling (only spelling-error-in-binary) reads the strings of every
# shared library in the vendored Qt and took 64 of lintian's ~150 s. Its output is the same without them.
LINTIAN_SKIPS = ("--dont-check-part", "binaries/spelling")
# gzip level 1 for the tests' package (see the module's docstring)
TEST_BUILD = {"KIOSK_PACKAGE_QUIET": "1", "KIOSK_PACKAGE_COMPRESS": "gzip", "KIOSK_PACKAGE_LEVEL": "1"}


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


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.kill()
    proc.wait()


def _build(jobs: Background, env: dict[str, str]) -> Built:
    """``make package``'s script, then the package extracted and lintian started on it (not waited for)."""
    _need("dpkg-deb", "lintian")
    out = jobs.run(["bash", str(PACKAGING / "build.sh")], cwd=ROOT, env={**env, **TEST_BUILD}, timeout=1200)
    if out.returncode != 0:
        pytest.fail(f"packaging/build.sh failed ({out.returncode}):\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}")
    deb = Path(out.stdout.strip().splitlines()[-1])
    assert deb == ROOT / "dist" / f"{NAME}_{project_version()}_amd64.deb", out.stdout
    work = Path(tempfile.mkdtemp(prefix="kiosk-deb-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
    jobs.at_close(lambda: shutil.rmtree(work, ignore_errors=True))
    lint_out = work / "lintian.txt"
    with lint_out.open("wb") as sink:
        proc = subprocess.Popen(["lintian", *LINTIAN_SKIPS, "--info", "--tag-display-limit", "0", str(deb)],
                                stdout=sink, stderr=subprocess.STDOUT, cwd=work)
    jobs.at_close(partial(_stop, proc))
    tree, control = work / "tree", work / "control"
    jobs.run(["dpkg-deb", "-x", str(deb), str(tree)], timeout=300).check_returncode()
    jobs.run(["dpkg-deb", "-e", str(deb), str(control)], timeout=60).check_returncode()
    return Built(deb, tree, control, Lintian(proc, lint_out))


def _build_job(config: pytest.Config) -> Callable[[], Built]:
    jobs = background(config)
    return partial(_build, jobs, dict(os.environ))  # the environment as the session started, whatever tests change


def _install(config: pytest.Config) -> dict[str, str]:
    jobs, built = background(config), background(config).result("deb", _build_job(config))
    return install_upgrade_remove_purge(jobs, built.deb, built.tree, built.control, UPGRADE_VERSION)


@dataclass
class Wheel:
    """One distribution's wheel, built by packaging/tools/build_wheel.sh as ``make wheels`` does."""
    build: subprocess.CompletedProcess[str]
    out: Path  # where the wheel is


def _build_wheels(config: pytest.Config) -> dict[str, Wheel]:
    jobs = background(config)
    scratch = Path(tempfile.mkdtemp(prefix="kiosk-wheels-"))
    jobs.at_close(lambda: shutil.rmtree(scratch, ignore_errors=True))
    return {dist: Wheel(jobs.run(["bash", str(PACKAGING / "tools/build_wheel.sh"), dist, str(scratch / dist),
                                  sys.executable], timeout=600), scratch / dist) for dist in WHEELS}


def pytest_collection_finish(session: pytest.Session) -> None:
    """Queue the build (tests/background.py) when a selected test needs the package, and the install test's
    run after it; the two wheels too."""
    jobs = background(session.config)
    if wanted(session, "built"):
        jobs.start("deb", _build_job(session.config))
    if wanted(session, "install_report"):
        jobs.start("install", partial(_install, session.config))
    if wanted(session, "wheels"):
        jobs.start("wheels", partial(_build_wheels, session.config))


@pytest.fixture(scope="session")
def built(request: pytest.FixtureRequest) -> Built:
    """The package, built once per session (in the background from the session's start, when queued); its
    files and lintian go at the session's end."""
    return background(request.config).result("deb", _build_job(request.config))


@pytest.fixture(scope="session")
def install_report(request: pytest.FixtureRequest, built: Built) -> dict[str, str]:
    """What installing, upgrading, removing and purging the package reported (tests/packaging/install_run.py)."""
    return background(request.config).result("install", partial(_install, request.config))


@pytest.fixture(scope="session")
def wheels(request: pytest.FixtureRequest) -> dict[str, Wheel]:
    """Both distributions' wheels, by distribution, built once per session."""
    return background(request.config).result("wheels", partial(_build_wheels, request.config))
