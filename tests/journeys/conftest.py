"""Journeys run on the app fixture's real window (offscreen, or a real X display under ``xvfb-run`` with
``QT_QPA_PLATFORM=xcb``); each gets a finger that keeps its screenshots under the test artifacts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.journeys.finger import Finger
from tests.ui.qml_driver import wait_for


@pytest.fixture
def finger(app: Any, artifacts: Path, request: pytest.FixtureRequest) -> Finger:
    window = app.app.window
    window.requestActivate()  # on a real display with no window manager the kiosk window must take the keyboard
    wait_for(window.isActive, what="the kiosk window active")
    return Finger(window, artifacts / "journeys" / request.node.name.replace("/", "_"))
