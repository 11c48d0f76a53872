"""Every resident screen at every screen size the terminals in the field have, in normal and large text:
no text clipped or spilling out of its place, no two controls drawn over each other (issue 15 items 3,
12 and 15). Screens are reached as ``kiosk screenshot`` reaches them; each is kept as a PNG to look at.
Each size runs in a process of its own, once for both text sizes (tests/journeys/screen_sweep.py says why)."""

from __future__ import annotations

import pytest

from tests.journeys.sweeps import SIZES, ScreenSweeps

pytestmark = [pytest.mark.gui, pytest.mark.journey]


@pytest.mark.parametrize("mode", ["normal", "large"])
@pytest.mark.parametrize("size", SIZES)
def test_every_screen_fits(size: str, mode: str, screen_sweeps: ScreenSweeps) -> None:
    found = screen_sweeps.problems(size, "layout", mode)
    assert not found, "\n".join(found)
