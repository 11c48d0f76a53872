"""Shared fixtures. Qt runs offscreen; warnings are errors (pyproject).

``app`` is the one fixture that assembles the whole kiosk (QML UI, backend, core
services) from fake devices, a fake clock and a throwaway data directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ui.qt_env import QT_LOGGING_RULES

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
os.environ.setdefault("QT_LOGGING_RULES", QT_LOGGING_RULES)

import pytest

from tests.background import KEY as BACKGROUND

ARTIFACTS = Path(os.environ.get("KIOSK_TEST_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts"))


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def app(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """The kiosk on fakes: ``app.backend``, ``app.services`` (fake reader/printer, real SQLite store), ``app.clock``."""
    from ui.harness import build_harness

    h = build_harness(data_dir=tmp_path / "data")
    qtbot.waitExposed(h.app.window) if h.app.window.isVisible() else None
    try:
        yield h
    finally:
        h.close()


@pytest.fixture(scope="session")
def qapp_cls() -> Any:
    """The kiosk is a Qt Quick app: a QGuiApplication, whoever creates it first."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stop what tests/background.py still runs (after an early stop: -x, Ctrl-C) and remove its scratch files."""
    if BACKGROUND in session.config.stash:
        session.config.stash[BACKGROUND].close()
