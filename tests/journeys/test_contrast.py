"""Every text on every resident screen against its rendered background, in the normal and the high-contrast
theme: at least 4.5:1 (ux.md; WCAG AA for text) and 7:1 in high contrast (issue 15 item 13)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QColor

from kiosk.roles.printer import Paper
from tests.journeys.contrast import low_contrast, ratio
from ui.harness import build_harness
from ui.screenshot import SCREEN_NAMES, _settle, prepare

pytestmark = [pytest.mark.gui, pytest.mark.journey]


@pytest.fixture
def harness(qtbot: Any) -> Iterator[Any]:
    h = build_harness()
    try:
        yield h
    finally:
        h.close()


def test_the_ratio_is_wcags() -> None:
    assert round(ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert round(ratio(QColor("#767676"), QColor("white")), 2) == 4.54  # the known AA grey


@pytest.mark.parametrize("contrast, minimum", [(False, 4.5), (True, 7.0)], ids=["normal", "high_contrast"])
def test_every_text_is_readable_on_its_background(harness: Any, contrast: bool, minimum: float) -> None:
    h = harness
    found: list[str] = []
    for name in SCREEN_NAMES:
        h.services.printer.paper = Paper.OK
        h.backend.wipe("idle")
        _settle(h)
        prepare(h, name)
        if contrast:
            h.backend.toggleHighContrast()
            _settle(h)
        found += [f"{name}: {p}" for p in low_contrast(h.app.window, h.app.grab(), minimum)]
    assert not found, "\n".join(found)
