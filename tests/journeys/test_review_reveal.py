"""The review's press-and-hold reveal, by a finger on the window (the form is filled by the screenshot helper:
the journey here is only the check itself)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from tests.journeys.finger import Finger
from tests.ui.qml_driver import find, pump, wait_for
from ui.harness import sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = pytest.mark.gui


def test_a_masked_answer_shows_only_while_held(app: Any, finger: Finger) -> None:
    b, w = app.backend, app.app.window
    ident = sample_identity("resident", app.clock)
    b.start()
    b.openService("residence_certificate")
    b.resident.session.identity = ident
    b.apply()
    _fill_sample_answers(app)
    b._show_review()
    wait_for(lambda: find(w, "reveal_id_number") is not None, what="the reveal button")
    value = find(w, "reviewValue_id_number")
    assert value is not None and value.property("text") == ident.masked_id
    button = find(w, "reveal_id_number")
    assert button is not None
    centre = button.mapToScene(QPointF(button.width() / 2, button.height() / 2))
    at = QPoint(int(centre.x()), int(centre.y()))
    QTest.mousePress(w, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    pump()
    assert value.property("text") == ident.id_number
    finger.shot("review_held")
    QTest.mouseRelease(w, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at, 600)
    pump()
    assert value.property("text") == ident.masked_id
    finger.shot("review")
