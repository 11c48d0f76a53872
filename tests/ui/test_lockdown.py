"""No way out for a resident: escape shortcuts do nothing and the window stays fullscreen on its screen."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QWindow

import ui.app as app_module
from contract.clock import FakeClock
from kiosk.audit import AuditEvent
from kiosk.content import load_sample_content
from terminal.bootstrap import build_services
from tests.ui.qml_driver import pump
from ui.app import KioskApp
from ui.harness import _load
from ui.out_of_service import OutOfServiceWindow, show_out_of_service

pytestmark = pytest.mark.gui

COMBOS = [
    (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_F11, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Super_L, Qt.KeyboardModifier.MetaModifier),
    (Qt.Key.Key_Meta, Qt.KeyboardModifier.MetaModifier),
    (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
    (Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier),
]


@pytest.fixture
def fullscreen_app(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    settings = _load(tmp_path / "data", {"fullscreen": True})
    services = build_services(settings, FakeClock())
    app = KioskApp(services, load_sample_content(), fullscreen=True)
    try:
        yield app
    finally:
        app.close()
        services.close()


def test_escape_combinations_do_nothing(fullscreen_app: Any) -> None:
    w = fullscreen_app.window
    pump(100)
    assert w.visibility() == QWindow.Visibility.FullScreen
    assert w.flags() & Qt.WindowType.FramelessWindowHint
    screen = w.screen()
    fullscreen_app.backend.start()
    for key, mods in COMBOS:
        for kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QCoreApplication.sendEvent(w, QKeyEvent(kind, key, mods))
        pump()
        assert w.isVisible(), f"{key} closed the window"
        assert w.visibility() == QWindow.Visibility.FullScreen, f"{key} left fullscreen"
        assert w.screen() is screen
        assert fullscreen_app.backend.screen == "home"
    assert fullscreen_app.filter.blocked >= len(COMBOS)


def test_no_context_menu_event_reaches_the_ui(fullscreen_app: Any) -> None:
    w = fullscreen_app.window
    ev = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(10, 10), QPoint(10, 10))
    assert fullscreen_app.filter.eventFilter(w, ev) is True


def test_qml_load_failure_shows_out_of_service_and_records_it(tmp_path: Path, qtbot: Any, monkeypatch: Any) -> None:
    broken = tmp_path / "Main.qml"
    broken.write_text("import QtQuick\nItem { this is not QML", encoding="utf-8")
    monkeypatch.setattr(app_module, "QML_MAIN", broken)
    services = build_services(_load(tmp_path / "data", {}), FakeClock())
    try:
        with pytest.raises(RuntimeError, match="failed to load"):
            app_module.KioskApp(services, load_sample_content(), fullscreen=False)
        shown = show_out_of_service(services)
        assert isinstance(shown.window, OutOfServiceWindow) and shown.window.isVisible()
        db = sqlite3.connect(services.settings.db_path)
        events = [r[0] for r in db.execute("SELECT event FROM audit_log")]
        db.close()
        assert str(AuditEvent.APP_LOAD_FAILED) in events
        shown.window.close()
    finally:
        services.close()
