"""The QML-facing adapter of the technician mode (``Kiosk.Technician``), separate from the resident backend.

Everything decided here comes from the core (:mod:`kiosk.staff`) and the composition root
(:mod:`terminal.technician_tools`, :mod:`terminal.diag`); this class holds the entry state and
the pages' adapter (:class:`ui.technician_pages.TechnicianPages`) the rest. Entry: a staff card
on the PC/SC reader (the reader's thread is bridged to a Qt signal) then a PIN, or the hidden
gesture then a staff id and one-time code. While the mode is active the resident session is
wiped and the overlay covers the whole window; the mode ends on idle, on card removal (card
entry) and on "exit"; all of it is audited with the staff id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.roles.staffcard import CardInserted, CardRemoved, StaffCardEvent, StaffCardReader
from kiosk.staff import AuthResult, CardCheck, StaffAuth, StaffSession
from sync.bundles import BundleManager
from terminal.bootstrap import make_pcsc_monitor
from terminal.technician_tools import TechnicianTools
from ui.technician_pages import TechnicianPages

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Technician"
QML_IMPORT_MAJOR_VERSION = 1

PAGES = ("overview", "tests", "touch", "report", "settings", "logs", "faults", "export", "codes")
RESTART_EXIT_CODE = 75  # the service manager starts the app again
DESKTOP_EXIT_CODE = 0
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 3.0
IDLE_WARNING_S = 30  # the last seconds of the technician idle timeout show a countdown


class _CardBridge(QObject):
    pcsc = Signal(object)  # one StaffCardEvent from the reader's thread, delivered on the GUI thread


def _start_monitor(settings: Any, on_event: Callable[[StaffCardEvent], None]) -> StaffCardReader | None:
    """The staff card reader, started; None without one (the hidden gesture still opens the mode)."""
    try:
        monitor = make_pcsc_monitor(settings, on_event)
        if monitor is not None:
            monitor.start()
    except Exception:
        log.exception("PC/SC monitor could not start")
        return None
    return monitor


@QmlElement
@QmlUncreatable("TechnicianBackend is created by the application")
class TechnicianBackend(TechnicianPages):  # type: ignore[operator]  # the stubs call QmlUncreatable a class
    entered = Signal(str)
    exited = Signal(str)
    remoteRestart = Signal()  # the hub's restart_app command, from the sync thread to the GUI thread

    def __init__(self, services: Any, resident_backend: Any = None, *, config_file: Path | None = None,
                 settings_overrides: dict[str, Any] | None = None, parent: QObject | None = None) -> None:
        settings, store = services.settings, services.store
        tools = TechnicianTools(services, config_file=Path(config_file) if config_file
                                else Path(settings.data_dir) / "kiosk.toml", overrides=dict(settings_overrides or {}))
        auth = StaffAuth(store, services.clock, Path(settings.data_dir), active_bundle=BundleManager(store).active)
        super().__init__(tools, auth, parent)
        self._settings = settings
        self._resident = resident_backend
        self.quit_handler: Callable[[int], None] = lambda code: None
        self.card_claim: Callable[[str], bool] = lambda reader: False  # a resident screen may want the card (face check)

        self._taps: list[float] = []

        self._bridge = _CardBridge()
        self._bridge.pcsc.connect(self._on_pcsc_event)  # before the start: a card may already be on it
        self.monitor = tools.monitor = _start_monitor(settings, self._bridge.pcsc.emit)
        services.diag_context = tools.context  # the heartbeat checks what this screen checks
        sync = services.sync
        if sync is not None:  # the hub may ask for a bundle ("upload_diagnostics" heartbeat command)
            sync.subscribe(tools.on_sync_event)
        tools.restart = self.remoteRestart.emit
        self.remoteRestart.connect(lambda: self.quit_handler(RESTART_EXIT_CODE))
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # ------------------------------------------------------------------ lifecycle
    def shutdown(self) -> None:
        self._timer.stop()
        app = QGuiApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.monitor is not None:
            self.monitor.stop()
        self._tasks.shutdown()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if self._active and event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin,
                                             QEvent.Type.KeyPress):
            self._last_touch = self._clock.monotonic()
            if self._idle_left:
                self._idle_left = 0  # a touch keeps the mode open and takes the warning away
                QTimer.singleShot(0, self.changed.emit)
        return False

    # ------------------------------------------------------------------ entry
    def _activate(self, mode: str) -> None:
        if self._resident is not None:
            self._resident.wipe("technician")  # no resident data survives into the technician mode
        first = not self._active
        self._active = True
        self._entry_mode = mode
        self._message = ""
        self._locked_s = 0
        self._lock_key, self._tries_left = "", 0
        self._last_touch = self._clock.monotonic()
        self.changed.emit()
        if first:
            self.entered.emit(mode)

    @Slot()
    def hiddenGesture(self) -> None:
        """Five taps within 3 s in the attract screen's corner open the one-time-code entry."""
        now = self._clock.monotonic()
        self._taps = [t for t in self._taps if now - t <= GESTURE_WINDOW_S] + [now]
        if len(self._taps) >= GESTURE_TAPS and not self._active:
            self._taps = []
            self._activate("otp")

    @Slot()
    def showOtpEntry(self) -> None:
        """From the card screen (reader broken, card unreadable): switch to the code entry."""
        if self._active and self._session is None:
            self._card = None
            self._activate("otp")

    def _on_pcsc_event(self, event: StaffCardEvent) -> None:
        if isinstance(event, CardInserted):
            self._card_reader = event.reader
            if self._session is not None:
                self.changed.emit()
                return
            self.cardPresented(event.reader)
        elif isinstance(event, CardRemoved) and event.reader == self._card_reader:
            self._card_reader = ""
            if self._active and (self._session is None or self._session.method == "card"):
                self.exit("card_removed")
            else:
                self.changed.emit()

    @Slot(str)
    def cardPresented(self, reader: str) -> None:
        monitor, auth = self.monitor, self.auth
        if monitor is None:
            return  # no staff card reader: nothing presented a card
        if not self._active and self.card_claim(reader):
            return  # staff letting a resident through the face check (ui.face_backend)

        def read() -> CardCheck:
            return auth.check_card(monitor.read_staff(reader, auth.trusted_keys()))

        def done(check: CardCheck) -> None:
            if self._card_reader != reader:
                return  # pulled while it was being read
            if not check.ok and not self._active and self._resident is not None \
                    and self._resident.screen != "attract":
                return  # a resident's own card on the staff reader: audited, but their session goes on
            self._card = check
            self._activate("card")
            if not check.ok:
                self._message = "card_not_recognised"
            self._locked_s = int(self.auth.locked_for(check.staff_id) + 0.999) if check.ok else 0
            self._lock_key = check.staff_id if self._locked_s else ""
            if self._locked_s:
                self._message = "locked"
            self.changed.emit()

        self._run(read, done)

    def _auth_done(self, res: AuthResult, failure: str) -> None:
        if res.ok and res.session is not None:
            self._session = res.session
            self.tools.maintenance(True, res.session.staff_id)
            self._message = ""
            self._locked_s = 0
            self._lock_key, self._tries_left = "", 0
            self._page = "overview"
            self.changed.emit()
            self.refresh()
            return
        self._message = "locked" if res.reason == "locked" else failure
        self._locked_s = int(res.locked_s + 0.999)
        self._lock_key = res.lock_key if self._locked_s else ""
        self._tries_left = 0 if self._locked_s else res.tries_left
        self.changed.emit()

    @Slot(str)
    def submitPin(self, pin: str) -> None:
        card = self._card
        if card is None or self._session is not None:
            return
        if not card.ok:
            self._message = "card_not_recognised"
            self.changed.emit()
            return
        self._run(lambda: self.auth.check_pin(card, pin), lambda r: self._auth_done(r, "wrong_pin"))

    @Slot(str, str)
    def submitOtp(self, staff_id: str, code: str) -> None:
        if self._session is not None:
            return
        self._run(lambda: self.auth.check_otp(staff_id, code), lambda r: self._auth_done(r, "bad_code"))

    @Slot()
    def cancel(self) -> None:
        self.exit("cancelled")

    @Slot(str)
    def exit(self, reason: str = "exit") -> None:
        if not self._active:
            return
        if self._session is not None:
            self.auth.record_exit(self._session, reason)
        elif self._card is not None and self._card.staff_id:
            self.auth.record_exit(StaffSession(self._card.staff_id, "", "card"), f"{reason}_before_entry")
        session, self._session = self._session, None
        if session is not None:
            self.tools.maintenance(False, session.staff_id)
        self._active = False
        self._entry_mode = ""
        self._card = None
        self._message = ""
        self._locked_s = 0
        self._lock_key, self._tries_left = "", 0
        self._page = "overview"
        self._clear_pages()
        self.changed.emit()
        self.testsChanged.emit()
        if self._resident is not None:
            self._resident.wipe("technician")
        self.exited.emit(reason if session else f"{reason}_before_entry")

    def idle_timeout_s(self) -> float:
        """Technician mode's own idle timeout (the residents' 60 s is far too short for a repair)."""
        return float(self._settings.ui.technician_idle_timeout_s)

    @Slot()
    def tick(self) -> None:
        """Twice a second (tests call it after moving the fake clock): idle exit and lockout countdown."""
        if not self._active:
            return
        self._follow_upload()
        if self._busy:
            self._last_touch = self._clock.monotonic()
        idle_left = self.idle_timeout_s() - (self._clock.monotonic() - self._last_touch)
        if idle_left <= 0:
            self.exit("idle")
            return
        warning = int(idle_left + 0.999) if idle_left <= IDLE_WARNING_S else 0
        if warning != self._idle_left:
            self._idle_left = warning
            self.changed.emit()
        if self._locked_s and self._lock_key:
            left = int(self.auth.locked_for(self._lock_key) + 0.999)
            if left != self._locked_s:
                self._locked_s = left
                if not left:
                    self._message = ""
                    self._lock_key = ""
                self.changed.emit()

    # ------------------------------------------------------------------ navigation
    @Slot(str)
    def showPage(self, name: str) -> None:
        if self._session is None or name not in PAGES:
            return
        self._page = name
        self._action("page", page=name)
        self.changed.emit()
        if name == "overview":
            self.refresh()
        elif name == "settings":
            self.loadSettings()
        elif name == "logs":
            self.refreshLogs()
        elif name == "faults":
            self.refreshFaults()

    # ------------------------------------------------------------------ restart and desktop
    @Slot()
    def restartApp(self) -> None:
        if self._session is None:
            return
        self._action("restart_app")
        self.exit("restart")
        self.quit_handler(RESTART_EXIT_CODE)

    @Slot()
    def exitToDesktop(self) -> None:
        if self._session is None or not self._session.is_admin:
            return
        self._action("exit_to_desktop")
        self.exit("desktop")
        self.quit_handler(DESKTOP_EXIT_CODE)
