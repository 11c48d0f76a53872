"""What the technician screen shows, as QML properties: the state every technician page and the entry
read, with the signals that announce its changes.

PySide6 needs a property's notify signal declared in the same class (a subclass property that
notifies with a base-class signal crashes the QML engine), so all of them live here, and
:class:`ui.technician_pages.TechnicianPages` and :class:`ui.technician.TechnicianBackend` only
add slots and behaviour on top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal

from kiosk.staff import CardCheck, StaffAuth, StaffSession
from terminal.technician_tools import TechnicianTools, code_catalogue, overall_status
from ui.workers import TaskRunner


def qml_property(kind: Any, getter: Callable[[Any], Any], notify: Any = None) -> Any:
    """A read-only QML property, constant without ``notify``. ``kind`` may name a Qt type ("QVariantList"),
    which PySide6's stubs do not accept although PySide6 does."""
    if notify is None:
        return Property(kind, getter, constant=True)
    return Property(kind, getter, notify=notify)


def attr_property(attr: str, kind: Any, notify: Any) -> Any:
    """A read-only QML property showing one attribute."""
    return qml_property(kind, lambda self: getattr(self, attr), notify)


class TechnicianState(QObject):
    changed = Signal()
    componentsChanged = Signal()
    testsChanged = Signal()
    settingsRowsChanged = Signal()
    logsChanged = Signal()
    faultsChanged = Signal()
    busyChanged = Signal()

    def __init__(self, tools: TechnicianTools, auth: StaffAuth, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tools = tools
        self.auth = auth
        self.results = tools.results
        self._clock = tools.clock
        self._session: StaffSession | None = None
        self._message = ""  # a code QML turns into words: card_not_recognised, wrong_pin, locked, bad_code, error
        self._busy = 0
        self._last_touch = self._clock.monotonic()
        self._components: list[dict[str, Any]] = []
        self._last_test: dict[str, Any] = {}
        self._awaiting = ""
        self._report: dict[str, Any] = {}
        self._settings_rows: list[dict[str, Any]] = []
        self._pending: dict[str, Any] = {}
        self._saved: dict[str, str] = {}  # saved but not yet running (needs a restart): key -> shown value
        self._settings_result: dict[str, Any] = {}
        self._ports: list[str] = []
        self._logs: list[dict[str, Any]] = []
        self._faults: list[dict[str, Any]] = []
        self._log_event = ""
        self._log_staff = ""
        self._export: dict[str, Any] = {}
        self._following = False
        self._tid = tools.terminal_id()
        self._tasks = TaskRunner(self)
        # the entry (ui.technician)
        self._active = False
        self._entry_mode = ""  # "card" (PIN pad) or "otp"
        self._card: CardCheck | None = None
        self._card_reader = ""
        self._page = "overview"
        self._locked_s = 0
        self._lock_key = ""  # whose lockout the countdown follows (card or one-time code entry alike)
        self._tries_left = 0
        self._idle_left = 0  # > 0: the idle warning is shown with this many seconds left

    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        self._busy += 1
        self.busyChanged.emit()

        def finish(result: Any, error: BaseException | None) -> None:
            self._busy -= 1
            self.busyChanged.emit()
            self._last_touch = self._clock.monotonic()
            if error is not None:
                self._message = "error"
                self.changed.emit()
                return
            done(result)

        self._tasks.run(fn, finish)

    def _action(self, action: str, **detail: Any) -> None:
        self.auth.record_action(self._session, action, **detail)

    def _clear_pages(self) -> None:
        """What the pages forget when the mode ends (the checks and saved settings stay)."""
        self._awaiting = ""
        self._pending = {}
        self._last_test = {}
        self._settings_result = {}
        self._export = {}

    # ------------------------------------------------------------------ properties
    active = attr_property("_active", bool, changed)
    entryMode = attr_property("_entry_mode", str, changed)
    page = attr_property("_page", str, changed)
    lockedSeconds = attr_property("_locked_s", int, changed)
    triesLeft = attr_property("_tries_left", int, changed)
    idleSecondsLeft = attr_property("_idle_left", int, changed)
    authenticated = qml_property(bool, lambda self: self._session is not None, changed)
    staffId = qml_property(str, lambda self: self._session.staff_id if self._session
                           else (self._card.staff_id if self._card else ""), changed)
    role = qml_property(str, lambda self: self._session.role if self._session else "", changed)
    isAdmin = qml_property(bool, lambda self: bool(self._session and self._session.is_admin), changed)
    cardPresent = qml_property(bool, lambda self: bool(self._card_reader), changed)
    message = attr_property("_message", str, changed)
    awaitingConfirm = attr_property("_awaiting", str, changed)
    components = attr_property("_components", "QVariantList", componentsChanged)
    lastTest = attr_property("_last_test", "QVariantMap", testsChanged)
    report = attr_property("_report", "QVariantMap", testsChanged)
    settingsRows = attr_property("_settings_rows", "QVariantList", settingsRowsChanged)
    settingsResult = attr_property("_settings_result", "QVariantMap", settingsRowsChanged)
    ports = attr_property("_ports", "QVariantList", settingsRowsChanged)
    logs = attr_property("_logs", "QVariantList", logsChanged)
    faults = attr_property("_faults", "QVariantList", faultsChanged)
    exportResult = attr_property("_export", "QVariantMap", testsChanged)
    terminalId = attr_property("_tid", str, componentsChanged)
    codes = qml_property("QVariantList", lambda self: code_catalogue())
    busy = qml_property(bool, lambda self: self._busy > 0, busyChanged)
    overall = qml_property(str, lambda self: overall_status(self._components), componentsChanged)
    tests = qml_property("QVariantMap", lambda self: self.results.all(), testsChanged)
    restartPending = qml_property(bool, lambda self: bool(self._saved), settingsRowsChanged)

    def terminal_id(self) -> str:
        """Reads the enrolment file: call it off the GUI thread (the screen shows ``terminalId``)."""
        return self.tools.terminal_id()
