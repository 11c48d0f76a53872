"""Every text on every resident screen against its rendered background, in the normal and the high-contrast
theme: at least 4.5:1 (ux.md; WCAG AA for text) and 7:1 in high contrast (issue 15 item 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor

from tests.journeys.contrast import ratio
from tests.journeys.test_screens_fit import run_sweep

pytestmark = [pytest.mark.gui, pytest.mark.journey]


def test_the_ratio_is_wcags() -> None:
    assert round(ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert round(ratio(QColor("#767676"), QColor("white")), 2) == 4.54  # the known AA grey


@pytest.mark.parametrize("mode", ["normal", "contrast"])
def test_every_text_is_readable_on_its_background(mode: str, artifacts: Path) -> None:
    found = run_sweep("contrast", "1080x1920", mode, artifacts / "journeys" / "contrast" / mode)
    assert not found, "\n".join(found)
