"""What the screen sweeps check, and the one run per window size that checks it all (tests/journeys/screen_sweep.py).

Every size is swept for layout in normal and large text; the portrait size also for contrast in the normal and
the high-contrast theme. A size's checks run in one app in one process, once per test session; each test then
asserts its own check's problems. The sizes the session's tests need are queued in the background at the
session's start (tests/background.py), so their ~20-45 s each pass beside other tests; a size no one queued
is swept when a test first asks for it."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path

import pytest

from tests.background import Background

SIZES = ("1080x1920", "1920x1080", "1280x1024", "1366x768", "1280x720")
CONTRAST_SIZE = "1080x1920"
ROOT = Path(__file__).resolve().parents[2]


def checks(size: str) -> list[tuple[str, str]]:
    """(measure, look) pairs swept at this size."""
    found = [("layout", "normal"), ("layout", "large")]
    if size == CONTRAST_SIZE:
        found += [("contrast", "normal"), ("contrast", "contrast")]
    return found


def shots_dir(artifacts: Path, size: str, measure: str, look: str) -> Path:
    """Where a check's screens are kept to look at."""
    if measure == "contrast":
        return artifacts / "journeys" / "contrast" / look
    return artifacts / "journeys" / "screens" / f"{size}-{look}"


def size_of(item: pytest.Item) -> str:
    """The window size a sweep test checks: its ``size`` parameter, else the contrast sweep's size."""
    callspec = getattr(item, "callspec", None)
    return str(callspec.params["size"]) if callspec is not None and "size" in callspec.params else CONTRAST_SIZE


class ScreenSweeps:
    """Each size's sweep, run once per session (queued by :meth:`start`, else when a test first asks for it)."""

    def __init__(self, artifacts: Path, jobs: Background, env: dict[str, str]) -> None:
        self.artifacts = artifacts
        self.jobs = jobs
        self.env = {**env, "PYTHONPATH": str(ROOT)}  # the environment as the session started

    def start(self, size: str) -> None:
        self.jobs.start(f"sweep {size}", partial(self._run, size))

    def problems(self, size: str, measure: str, look: str) -> list[str]:
        if (measure, look) not in checks(size):
            raise ValueError(f"{measure} in {look} look is not swept at {size}")
        answer = self.jobs.result(f"sweep {size}", partial(self._run, size))
        if isinstance(answer, str):
            raise AssertionError(answer)
        return answer[f"{measure}:{look}"]

    def _run(self, size: str) -> dict[str, list[str]] | str:
        args = [f"{m}:{look}:{shots_dir(self.artifacts, size, m, look)}" for m, look in checks(size)]
        run = self.jobs.run([sys.executable, "-m", "tests.journeys.screen_sweep", size, *args],
                            cwd=ROOT, env=self.env, timeout=900)
        if run.returncode != 0:
            return f"the {size} sweep failed ({run.returncode}):\n{run.stderr[-3000:]}"
        found: dict[str, list[str]] = json.loads(run.stdout.strip().splitlines()[-1])
        return found
