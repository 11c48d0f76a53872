"""When the QML cannot load: an "out of service" screen, the fault recorded, heartbeats going on."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QRasterWindow

from kiosk.audit import AuditEvent, AuditRecord


class OutOfServiceWindow(QRasterWindow):
    """Painted without QML, so it shows even when the QML files are broken or missing."""

    def paintEvent(self, event: Any) -> None:
        p = QPainter(self)
        whole = QRect(0, 0, self.width(), self.height())  # a QWindow has no rect() (it raised here)
        p.fillRect(whole, QColor("#0B4F9C"))
        p.setPen(QColor("white"))
        f = QFont()
        f.setPixelSize(max(40, self.width() // 16))
        f.setBold(True)
        p.setFont(f)
        p.drawText(whole.adjusted(40, 0, -40, -self.height() // 6), Qt.AlignmentFlag.AlignCenter
                   | Qt.TextFlag.TextWordWrap, "暂停服务")
        f.setPixelSize(max(28, self.width() // 30))
        f.setBold(False)
        p.setFont(f)
        p.drawText(whole.adjusted(40, self.height() // 6, -40, 0), Qt.AlignmentFlag.AlignCenter
                   | Qt.TextFlag.TextWordWrap,
                   "本机暂时无法使用，请到窗口办理。\nThis terminal is out of service. Please go to the counter.")
        p.end()


_recovery_windows: list[OutOfServiceWindow] = []


def show_while_recovering(_damage: Any) -> None:
    """Start-up found the database damaged: "out of service" stays up while the recovery runs.

    Recovery runs before the kiosk's screens exist; the window is painted now and closed by
    :func:`close_recovery_window` once the kiosk's own screen is up.
    """
    w = OutOfServiceWindow()
    w.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
    w.showFullScreen()
    _recovery_windows.append(w)
    app = QGuiApplication.instance()
    if app is not None:
        app.processEvents()


def close_recovery_window() -> None:
    while _recovery_windows:
        _recovery_windows.pop().close()


def show_out_of_service(services: Any) -> Any:
    services.store.record(AuditRecord(AuditEvent.APP_LOAD_FAILED, datetime.now(UTC), {"what": "qml"}))
    w = OutOfServiceWindow()
    w.setFlags(Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
    w.showFullScreen()
    assert QGuiApplication.instance() is not None
    return SimpleNamespace(window=w)
