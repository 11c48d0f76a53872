"""Every resident screen at every screen size the terminals in the field have, in normal and large text:
no text clipped or spilling out of its place, no two controls drawn over each other (issue 15 items 3,
12 and 15). Screens are reached as ``kiosk screenshot`` reaches them; each is kept as a PNG to look at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.roles.printer import Paper
from tests.journeys.layout import layout_problems
from ui.harness import build_harness
from ui.screenshot import SCREEN_NAMES, _settle, prepare

pytestmark = [pytest.mark.gui, pytest.mark.journey]

SIZES = ((1080, 1920), (1920, 1080), (1280, 1024), (1366, 768), (1280, 720))


@pytest.fixture
def sized(qtbot: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    size = request.param
    h = build_harness(size=size)
    try:
        yield h
    finally:
        h.close()


def _fresh(h: Any) -> None:
    """Back to the attract screen with nothing of the last screen left: a new person, a printer with paper."""
    h.services.printer.paper = Paper.OK
    h.backend.wipe("idle")
    _settle(h)


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("sized", SIZES, ids=[f"{w}x{h}" for w, h in SIZES], indirect=True)
def test_every_screen_fits(sized: Any, large: bool, artifacts: Path) -> None:
    h = sized
    w, ht = h.app.window.width(), h.app.window.height()
    out = artifacts / "journeys" / "screens" / f"{w}x{ht}-{'large' if large else 'normal'}"
    out.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    for name in SCREEN_NAMES:
        if large and name == "attract":
            continue  # every visit starts in normal text: the attract screen is never seen large
        _fresh(h)
        prepare(h, name)
        if large:
            h.backend.toggleLargeText()
            _settle(h)
        h.app.grab().save(str(out / f"{name}.png"))
        found += [f"{name}: {p}" for p in layout_problems(h.app.window)]
    assert not found, "\n".join(found)
