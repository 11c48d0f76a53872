"""Assembles the Qt Quick application over core services: engine, translator, backend, window.

Used by ``kiosk demo``/``kiosk run``, ``kiosk screenshot`` and the test ``app`` fixture,
so all three run the same composition.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTranslator, QUrl
from PySide6.QtGui import QImage, QKeyEvent
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.resident import ResidentService
from ui import devdock
from ui.backend import KioskBackend
from ui.community import CommunityBackend
from ui.consultation import ConsultationBackend
from ui.face_backend import FaceBackend
from ui.first_frame import ensure_qt_app, window_size
from ui.i18n import qm_path
from ui.icon_provider import IconImageProvider
from ui.lookup import LookupBackend
from ui.materials_backend import MaterialsBackend
from ui.qr_provider import QrImageProvider
from ui.technician import TechnicianBackend
from ui.voice import VoiceGuide

log = logging.getLogger(__name__)

QML_MAIN = Path(__file__).resolve().parent / "qml" / "Main.qml"

# Keys that would let a resident leave the kiosk or reach the system.
_BLOCKED_KEYS = {
    Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R,
    Qt.Key.Key_Meta, Qt.Key.Key_Menu, Qt.Key.Key_Q, Qt.Key.Key_W, Qt.Key.Key_F1, Qt.Key.Key_Back,
    Qt.Key.Key_Close, Qt.Key.Key_Launch0, Qt.Key.Key_Explorer, Qt.Key.Key_PowerOff, Qt.Key.Key_Sleep,
}


class SessionEventFilter(QObject):
    """Every touch resets the idle timer; system and escape shortcuts are swallowed."""

    def __init__(self, backend: KioskBackend) -> None:
        super().__init__()
        self._backend = backend
        self.blocked = 0

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        t = event.type()
        if t in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.KeyPress):
            self._backend.touch()
        if t in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(event, QKeyEvent):
            mods = event.modifiers()
            key = event.key()
            combo = bool(mods & (Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
                                 | Qt.KeyboardModifier.MetaModifier))
            if key in (Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta,
                       Qt.Key.Key_Menu) or (combo and key in _BLOCKED_KEYS):
                self.blocked += 1
                return True
        if t == QEvent.Type.ContextMenu:
            return True
        return False


class KioskApp:
    """One kiosk window over one set of services and content."""

    def __init__(self, services: Any, content: Any, *, size: tuple[int, int] = (1080, 1920),
                 fullscreen: bool = True, language: str | None = None, voice: VoiceGuide | None = None) -> None:
        self.qt = ensure_qt_app()
        self.services = services
        self.content = content
        self.resident = ResidentService(services, content)
        if language:
            self.resident.session.language = language
            services.settings.ui.default_language = language  # a demo started in English stays English
        self.backend = KioskBackend(self.resident, content)
        self.lookup = LookupBackend(self.backend)
        self.community = CommunityBackend(self.backend)
        self.materials = MaterialsBackend(self.backend, getattr(services, "doccam", None))  # issue 19: papers
        self.dev_dock: devdock.DevDockBackend | None = None
        if devdock.dock_enabled(services.settings):
            devdock.register()
            self.dev_dock = devdock.DevDockBackend(self.backend, services)
        self.voice = voice or VoiceGuide()
        self.backend.screenShown.connect(self._speak)
        self.backend.promptWanted.connect(self._speak)
        self.backend.settingsEnded.connect(self.voice.disable)
        self.technician = TechnicianBackend(services, self.backend, config_file=services.config_file,
                                            settings_overrides=services.settings_overrides)
        self.technician.quit_handler = self.qt.exit
        self.face = FaceBackend(self.backend, self.technician)  # issue 18: the face check before the form
        self.face.prompt.connect(self._speak)
        if self.dev_dock is not None:
            self.dev_dock.camera_scene = self.face.set_scene
        self.consultation = ConsultationBackend(self.backend)  # issue 11: topics, votes, opinions
        self.consultation.pageShown.connect(self._speak)
        self._translator: QTranslator | None = None
        self.backend.languageSwitchRequested.connect(self._install_translator)
        self.engine = QQmlApplicationEngine()
        self.engine.addImageProvider("qr", QrImageProvider())
        self.engine.addImageProvider("icon", IconImageProvider())
        self.engine.addImageProvider("face", self.face.preview)
        self.engine.addImageProvider("doccam", self.materials.images)
        self._install_translator(self.resident.session.language)
        initial = {"backend": self.backend, "kioskFullscreen": fullscreen, "technician": self.technician,
                   "voice": self.voice, "consultation": self.consultation, "lookup": self.lookup,
                   "community": self.community, "face": self.face,
                   "materials": self.materials}
        if self.dev_dock is not None:  # demo mode only: elsewhere the property stays null (QML cannot take None)
            initial["devDock"] = self.dev_dock
        self.engine.setInitialProperties(initial)
        self.engine.load(QUrl.fromLocalFile(str(QML_MAIN)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the QML user interface failed to load")
        window = roots[0]
        assert isinstance(window, QQuickWindow)
        self.window: QQuickWindow = window
        self.window.resize(window_size(self.window, size, fullscreen))
        warm = getattr(content.catalog, "warm_up", None)
        if warm is not None:  # pinyin search index, off the GUI thread, after the window exists
            self.backend.tasks.run(warm, lambda _r, _e: None)
        self.filter = SessionEventFilter(self.backend)
        self.qt.installEventFilter(self.filter)

    def _speak(self, prompt: str) -> None:
        """A screen, a page or a moment (kiosk.voice_prompts) read aloud in the resident's language, when on."""
        self.voice.on_screen(prompt, self.resident.session.language)

    def _install_translator(self, lang: str) -> None:
        if self._translator is not None:
            self.qt.removeTranslator(self._translator)
            self._translator = None
        qm = qm_path(lang)
        if qm.exists():
            tr = QTranslator()
            if tr.load(str(qm)):
                self.qt.installTranslator(tr)
                self._translator = tr
            else:
                log.warning("translation %s could not be loaded", qm.name)
        if hasattr(self, "engine"):
            self.engine.retranslate()

    def grab(self) -> QImage:
        return self.window.grabWindow()

    def close(self) -> None:
        """Tear down in order: stop I/O, destroy the QML scene, then let the backend go."""
        self.qt.removeEventFilter(self.filter)
        # a language switch still queued (e.g. by the wipe) must not reach the engine deleted below
        self.backend.languageSwitchRequested.disconnect(self._install_translator)
        self.technician.shutdown()
        self.consultation.shutdown()
        self.face.shutdown()
        self.materials.stop()
        self.backend.shutdown()
        self.window.close()
        if shiboken6.isValid(self.engine):
            shiboken6.delete(self.engine)
        if self._translator is not None:
            self.qt.removeTranslator(self._translator)
            self._translator = None
