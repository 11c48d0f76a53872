"""Journeys run on the app fixture's real window (offscreen, or a real X display under ``xvfb-run`` with
``QT_QPA_PLATFORM=xcb``); each gets a finger that keeps its screenshots under the test artifacts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.journeys.finger import Finger
from tests.ui.qml_driver import wait_for
from ui.harness import build_harness

PORTRAIT = (1080, 1920)


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """The suite's kiosk on fakes, at the window size a journey asks for (``indirect`` parametrisation:
    ``@pytest.mark.parametrize("app", [(1920, 1080)], indirect=True)``), portrait 1080x1920 otherwise."""
    h = build_harness(data_dir=tmp_path / "data", size=getattr(request, "param", PORTRAIT))
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def finger(app: Any, artifacts: Path, request: pytest.FixtureRequest) -> Finger:
    window = app.app.window
    window.requestActivate()  # on a real display with no window manager the kiosk window must take the keyboard
    wait_for(window.isActive, what="the kiosk window active")
    return Finger(window, artifacts / "journeys" / request.node.name.replace("/", "_"))
