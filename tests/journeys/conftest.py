"""Journeys run on the app fixture's real window (offscreen, or a real X display under ``xvfb-run`` with
``QT_QPA_PLATFORM=xcb``); each gets a finger that keeps its screenshots under the test artifacts.

Each journey that passes writes how many taps it took into ``test-artifacts/journeys/taps.json`` (by test
name), so the tap counts in docs/journeys.md come from the suite itself, not from counting by hand."""

from __future__ import annotations

import json
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.background import background, wanted
from tests.conftest import ARTIFACTS
from tests.journeys.finger import Finger
from tests.journeys.sweeps import ScreenSweeps, size_of
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


def _sweeps(config: pytest.Config) -> ScreenSweeps:
    return ScreenSweeps(ARTIFACTS, background(config), dict(os.environ))


def pytest_collection_finish(session: pytest.Session) -> None:
    """Queue the sweeps of the sizes the selected tests check, in their order (tests/background.py)."""
    sweeps = _sweeps(session.config)
    for size in dict.fromkeys(size_of(item) for item in wanted(session, "screen_sweeps")):
        sweeps.start(size)


@pytest.fixture(scope="session")
def screen_sweeps(request: pytest.FixtureRequest) -> ScreenSweeps:
    """Every resident screen at each window size, swept once per session for all the checks that size has."""
    return _sweeps(request.config)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Keep the call's report on the item, so the finger fixture knows at teardown whether the journey passed."""
    report = yield
    if report.when == "call":
        item.stash[PASSED] = report.passed
    return report


PASSED = pytest.StashKey[bool]()


def record_taps(path: Path, journey: str, taps: int) -> None:
    """Add one journey's tap count to the file (the other journeys' counts stay)."""
    counts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    counts[journey] = taps
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dict(sorted(counts.items())), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.fixture
def finger(app: Any, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[Finger]:
    window = app.app.window
    window.requestActivate()  # on a real display with no window manager the kiosk window must take the keyboard
    wait_for(window.isActive, what="the kiosk window active")
    f = Finger(window, artifacts / "journeys" / request.node.name.replace("/", "_"))
    yield f
    if request.node.stash.get(PASSED, False):
        record_taps(artifacts / "journeys" / "taps.json", request.node.name, f.taps)
