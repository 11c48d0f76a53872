"""The attract screen drawn before the rest of the terminal exists (issue 17, "first frame first").

After a power cut, a watchdog restart or an update, a resident would otherwise look at a black screen while
Python imports the store, sync, the form engine and the device drivers and the full QML scene compiles. This
module imports nothing but Qt and the standard library, so ``kiosk run`` can draw the attract screen (the
centre's name and today's notices, from the small cache the full app writes) first, then bring the rest up.
A tap on it is remembered and handed to the full app, which starts the resident's session at once.

The cache holds only what the attract screen shows to everyone passing by: no personal data.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSize, QTranslator, QUrl
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from ui import heap, qt_env, qt_fixes
from ui.i18n import qm_path
from ui.icon_provider import IconImageProvider

log = logging.getLogger(__name__)

QML_FIRST_FRAME = Path(__file__).resolve().parent / "qml" / "FirstFrame.qml"
CACHE_NAME = "attract.json"
MAX_CACHE_BYTES = 64 * 1024  # a few notices; anything larger is not a cache this app wrote
MAX_NOTICES = 20


@functools.cache
def _report_mends() -> None:
    """Say once per process which binding bugs ui.qt_fixes mended (the app reaches Qt from several places)."""
    if qt_fixes.PATCHED:
        log.info("this Qt for Python loses a reference per emitted signal; mended by ui.qt_fixes")
    if qt_fixes.NONE_IMMORTAL:
        log.info("this Qt for Python loses a reference to None per void call; mended by ui.qt_fixes")


def prepare_environment() -> None:
    """Set what Qt must know before the QGuiApplication exists (and, by importing ``ui.qt_fixes``, mend the
    binding before the first signal is emitted: every Qt entry of the terminal comes through here)."""
    _report_mends()
    qt_env.prepare()  # (the entries call it before importing Qt, where the logging rules take effect)


def ensure_qt_app() -> QGuiApplication:
    prepare_environment()
    app = QGuiApplication.instance()
    if app is None:
        app = QGuiApplication(["kiosk"])
    return app  # type: ignore[return-value]


@dataclass(frozen=True)
class AttractCard:
    """What the attract screen shows: the centre's name and the notices in force on ``day``."""

    centre_name: str
    language: str
    day: str = ""  # ISO date the notices were in force; other days show none (one may have expired)
    notices: list[dict[str, str]] = field(default_factory=list)

    def write(self, data_dir: Path) -> None:
        """Atomically, so a power cut leaves the old card or the new one, never half of one."""
        path = data_dir / CACHE_NAME
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"centre_name": self.centre_name, "language": self.language, "day": self.day,
                                   "notices": self.notices[:MAX_NOTICES]}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)

    @classmethod
    def read(cls, data_dir: Path, fallback_name: str, language: str, today: date) -> AttractCard:
        """The cached card when it is this app's, for this language; else the settings' name alone."""
        path = data_dir / CACHE_NAME
        try:
            if path.stat().st_size > MAX_CACHE_BYTES:
                raise ValueError("attract cache too large")
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("language") != language:
                raise ValueError("attract cache for another language")
            notices = [{"title": str(n.get("title", ""))[:200], "body": str(n.get("body", ""))[:2000]}
                       for n in raw.get("notices", [])[:MAX_NOTICES] if isinstance(n, dict)]
            day = str(raw.get("day", ""))
            return cls(str(raw.get("centre_name") or fallback_name)[:200], language, day,
                       notices if day == today.isoformat() else [])
        except FileNotFoundError:
            pass
        except (OSError, ValueError, TypeError, AttributeError) as exc:  # a damaged cache costs the notices only
            log.warning("attract cache unusable (%s): showing the centre's name only", type(exc).__name__)
        return cls(fallback_name, language)


def window_size(window: QQuickWindow, size: tuple[int, int], fullscreen: bool) -> QSize:
    """The size both windows ask for: the screen's when fullscreen, else the configured one.

    Under cage a fullscreen window that asks for another size draws its first frame at that size before the
    compositor's fullscreen configure arrives: the boot test's screenshot showed the terminal's first frame
    laid out at 1080x1920 over the top-left of a 1280x720 output, just as the first frame handed over to it.
    """
    return window.screen().size() if fullscreen else QSize(*size)


class FirstFrame:
    """The attract window shown while the full terminal starts; it remembers a tap and goes once replaced."""

    def __init__(self, card: AttractCard, *, size: tuple[int, int], fullscreen: bool) -> None:
        self.qt = ensure_qt_app()
        self._translator = QTranslator()
        if self._translator.load(str(qm_path(card.language))):
            self.qt.installTranslator(self._translator)
        self.engine = QQmlApplicationEngine()
        self.engine.addImageProvider("icon", IconImageProvider())
        self.engine.setInitialProperties({"centreName": card.centre_name, "noticeRows": card.notices,
                                          "kioskFullscreen": fullscreen})
        self.engine.load(QUrl.fromLocalFile(str(QML_FIRST_FRAME)))
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            raise RuntimeError("the first frame failed to load")
        self.window: QQuickWindow = roots[0]
        self.window.resize(window_size(self.window, size, fullscreen))

    @property
    def tapped(self) -> bool:
        """A resident touched the screen before the full app was ready."""
        return bool(self.window.property("tapped"))

    def hand_over(self, window: QQuickWindow, start: Callable[[str], None]) -> None:
        """Close once ``window`` has drawn its first frame, then start the session a tap asked for (with the
        language "Start in English" chose, else ""). Once: with the threaded render loop (a real display)
        frameSwapped comes from the render thread, queued, and a second frame's call could arrive before the
        first one disconnected (the demo printed "Failed to disconnect" and would have started twice)."""
        handed = False

        def swapped() -> None:
            nonlocal handed
            if handed:
                return
            handed = True
            window.frameSwapped.disconnect(swapped)
            tapped, language = self.tapped, str(self.window.property("language") or "")
            self.close()
            if tapped:
                start(language)

        window.frameSwapped.connect(swapped)
        window.update()

    def close(self) -> None:
        self.window.close()
        self.engine.destroyed.connect(heap.trim)  # its scene and the start's garbage go back to the system
        self.engine.deleteLater()
        self.qt.removeTranslator(self._translator)
