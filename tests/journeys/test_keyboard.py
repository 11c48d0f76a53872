"""Large text enlarges the on-screen keyboard too (issue 15 item 9), at every screen size the terminals have:
the key labels and the Pinyin candidates grow by the theme's large-text factor, every key stays a target
of at least 9 mm, and the keyboard never covers the field being typed in, nor Back and Home."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QRectF

from tests.journeys.finger import Finger, on_screen
from tests.journeys.layout import scene_rect, visible_rect
from tests.journeys.sweeps import SIZES
from tests.journeys.test_journeys import _field
from tests.ui.qml_driver import find, is_shown, items, pump, text_of, wait_for
from ui.screenshot import prepare

pytestmark = [pytest.mark.gui, pytest.mark.journey]

LARGE_FACTOR = 1.5  # Theme.qml's textFactor in large text
# The finest pixel pitch among the terminals' screens: a 15.6" 1366x768 panel, 0.252 mm a pixel. A key of
# 36 px is at least 9 mm there and larger on every other screen.
MIN_KEY_PX = round(9 / 0.252)


def _keys(panel: Any) -> list[Any]:
    """The keyboard's keys on screen (Qt's BaseKey items: each has a displayText)."""
    return [i for i in items(panel) if i.metaObject().indexOfProperty("displayText") >= 0 and is_shown(i)
            and i.width() > 0 and i.property("displayText")]


def _label_px(panel: Any, label: str) -> int:
    found = [i for i in items(panel) if i.inherits("QQuickText") and text_of(i) == label and is_shown(i)]
    assert found, f"no {label!r} drawn on the keyboard"
    return int(found[0].property("font").pixelSize())


def _measure(app: Any, finger: Finger, mode: str) -> tuple[int, int]:
    """Focus the name field of manual entry, type "ni" on the Pinyin keys; the sizes of the key "q" and of
    the candidate 你, after checking what the keyboard leaves free."""
    window = app.app.window
    app.backend.wipe("idle")
    prepare(app, "manual")
    if mode == "large":
        app.backend.toggleLargeText()
    pump(200)
    finger.tap_item(_field(app, "manualName"))
    wait_for(lambda: find(window, "inputPanel") is not None, what="the on-screen keyboard")
    panel = _field(app, "inputPanel")
    for ch in "ni":
        finger.tap(ch, under=panel)
    wait_for(lambda: any(text_of(i) == "你" for i in items(panel) if is_shown(i)), what="the candidate 你")
    pump(300)
    finger.shot(f"keyboard_{mode}")

    board = scene_rect(panel)
    name = _field(app, "manualName")
    box = next(i for i in items(_field(app, "manualName")) if i.inherits("QQuickTextInput"))
    assert visible_rect(window, box).height() >= scene_rect(box).height() - 2, "the field being typed in is cut off"
    assert not scene_rect(name).intersects(board), "the keyboard covers the field being typed in"
    for nav in ("backButton", "homeButton"):
        button = _field(app, nav)
        assert on_screen(window, button) and not scene_rect(button).intersects(board), f"the keyboard covers {nav}"
    small = [(k.property("displayText"), round(k.width()), round(k.height())) for k in _keys(panel)
             if min(k.width(), k.height()) < MIN_KEY_PX]
    assert not small, f"keys under 9 mm ({MIN_KEY_PX} px): {small}"
    assert QRectF(0, 0, window.width(), window.height()).contains(board), "the keyboard runs off the window"
    return _label_px(panel, "q"), _label_px(panel, "你")


@pytest.mark.parametrize("app", [tuple(int(v) for v in s.split("x")) for s in SIZES], ids=SIZES, indirect=True)
def test_large_text_enlarges_the_keyboard_by_the_themes_factor(app: Any, finger: Finger) -> None:
    key, candidate = _measure(app, finger, "normal")
    key_large, candidate_large = _measure(app, finger, "large")
    assert key_large == pytest.approx(key * LARGE_FACTOR, abs=1), (key, key_large)
    assert candidate_large == pytest.approx(candidate * LARGE_FACTOR, abs=1), (candidate, candidate_large)
