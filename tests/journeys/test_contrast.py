"""Every text on every resident screen against its rendered background, in the normal and the high-contrast
theme: at least 4.5:1 (ux.md; WCAG AA for text) and 7:1 in high contrast (issue 15 item 13). The sweep shows
each screen a second time with a field being typed in, so the on-screen keyboard (its space bar) and the app's
keypads are measured too (tests/journeys/screen_sweep.py)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QColor

from tests.journeys.contrast import ratio
from tests.journeys.layout import scene_rect
from tests.journeys.sweeps import CONTRAST_SIZE, ScreenSweeps
from tests.ui.qml_driver import find, pump

pytestmark = [pytest.mark.gui, pytest.mark.journey]


def test_the_ratio_is_wcags() -> None:
    assert round(ratio(QColor("black"), QColor("white")), 1) == 21.0
    assert round(ratio(QColor("#767676"), QColor("white")), 2) == 4.54  # the known AA grey


@pytest.mark.parametrize("mode", ["normal", "contrast"])
def test_every_text_is_readable_on_its_background(mode: str, screen_sweeps: ScreenSweeps) -> None:
    found = screen_sweeps.problems(CONTRAST_SIZE, "contrast", mode)
    assert not found, "\n".join(found)


def test_call_staff_keeps_a_visible_outline_in_high_contrast(app: Any) -> None:
    """In high contrast the header is the call-staff button's own yellow: its dark outline is what shows
    where it is (issue 15 item 13), at least 3:1 against the header as WCAG asks of a control's edge."""
    app.backend.start()
    app.backend.toggleHighContrast()
    pump(200)
    window, image = app.app.window, app.app.grab()
    button = find(window, "callStaffButton")
    assert button is not None
    rect, scale = scene_rect(button), image.width() / window.width()
    y = int(rect.center().y() * scale)
    edge = QColor(image.pixel(int((rect.left() + 2) * scale), y))  # on the outline, at the pill's flat end
    header = QColor(image.pixel(int((rect.left() - 4) * scale), y))
    assert ratio(edge, header) >= 3.0, f"outline {edge.name()} on header {header.name()}"
