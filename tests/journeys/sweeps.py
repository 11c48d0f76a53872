"""What the screen sweeps check, and the one run per window size that checks it all (tests/journeys/screen_sweep.py).

Every size is swept for layout in normal and large text; the portrait size also for contrast in the normal and
the high-contrast theme. A size's checks run in one app in one process, once per test session, whichever test
asks first; each test then asserts its own check's problems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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


class ScreenSweeps:
    """Runs each size's sweep once, when a test first asks for one of its checks, and keeps the answers."""

    def __init__(self, artifacts: Path) -> None:
        self.artifacts = artifacts
        self._done: dict[str, dict[str, list[str]] | str] = {}

    def problems(self, size: str, measure: str, look: str) -> list[str]:
        if (measure, look) not in checks(size):
            raise ValueError(f"{measure} in {look} look is not swept at {size}")
        if size not in self._done:
            self._done[size] = self._run(size)
        answer = self._done[size]
        if isinstance(answer, str):
            raise AssertionError(answer)
        return answer[f"{measure}:{look}"]

    def _run(self, size: str) -> dict[str, list[str]] | str:
        args = [f"{m}:{look}:{shots_dir(self.artifacts, size, m, look)}" for m, look in checks(size)]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        run = subprocess.run([sys.executable, "-m", "tests.journeys.screen_sweep", size, *args],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
        if run.returncode != 0:
            return f"the {size} sweep failed ({run.returncode}):\n{run.stderr[-3000:]}"
        found: dict[str, list[str]] = json.loads(run.stdout.strip().splitlines()[-1])
        return found
