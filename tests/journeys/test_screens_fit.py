"""Every resident screen at every screen size the terminals in the field have, in normal and large text:
no text clipped or spilling out of its place, no two controls drawn over each other (issue 15 items 3,
12 and 15). Screens are reached as ``kiosk screenshot`` reaches them; each is kept as a PNG to look at.
Each size runs in a process of its own (tests/journeys/screen_sweep.py says why)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.journey]

SIZES = ("1080x1920", "1920x1080", "1280x1024", "1366x768", "1280x720")
ROOT = Path(__file__).resolve().parents[2]


def run_sweep(measure: str, size: str, mode: str, shots: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "tests.journeys.screen_sweep", measure, size, mode, str(shots)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    found: list[str] = json.loads(run.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits(size: str, mode: str, artifacts: Path) -> None:
    found = run_sweep("layout", size, mode, artifacts / "journeys" / "screens" / f"{size}-{mode}")
    assert not found, "\n".join(found)
