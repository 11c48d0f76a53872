"""The QML-facing adapter of the technician mode (``Kiosk.Technician``), separate from the resident backend.

Everything decided here comes from the core (:mod:`kiosk.staff`, :mod:`terminal.diag`,
:mod:`terminal.settings_edit`); this class only holds screen state, runs device and network
work on worker threads (:class:`ui.workers.TaskRunner`) and hands results to QML as
properties. Entry: a staff card on the PC/SC reader (the monitor's thread is bridged to a
Qt signal) then a PIN, or the hidden gesture then a staff id and one-time code. While the
mode is active the resident session is wiped and the overlay covers the whole window;
the mode ends on idle, on card removal (card entry) and on "exit"; all of it is audited
with the staff id.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.audit import AuditEvent, AuditRecord
from kiosk.staff import AuthResult, CardCheck, StaffAuth, StaffSession
from sync.bundles import BundleManager
from terminal.diag.checks import COMPONENTS, DiagContext, run_checks, worst
from terminal.diag.selftest import ResultBook, TestResult
from ui.workers import TaskRunner

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Technician"
QML_IMPORT_MAJOR_VERSION = 1

PAGES = ("overview", "tests", "touch", "report", "settings", "logs", "export", "codes")
RESTART_EXIT_CODE = 75  # the service manager starts the app again
DESKTOP_EXIT_CODE = 0
GESTURE_TAPS = 5
GESTURE_WINDOW_S = 3.0
IDLE_WARNING_S = 30  # the last seconds of the technician idle timeout show a countdown


class _CardBridge(QObject):
    pcsc = Signal(object)  # one PcscEvent from the monitor's thread, delivered on the GUI thread


@QmlElement
@QmlUncreatable("TechnicianBackend is created by the application")
class TechnicianBackend(QObject):
    changed = Signal()
    componentsChanged = Signal()
    testsChanged = Signal()
    settingsRowsChanged = Signal()
    logsChanged = Signal()
    busyChanged = Signal()
    entered = Signal(str)
    exited = Signal(str)

    def __init__(self, services: Any, resident_backend: Any = None, *, config_file: Path | None = None,
                 settings_overrides: dict[str, Any] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._settings = services.settings
        self._clock = services.clock
        self._store = services.store
        self._resident = resident_backend
        self._config_file = Path(config_file) if config_file else Path(self._settings.data_dir) / "kiosk.toml"
        self._overrides = dict(settings_overrides or {})
        self.auth = StaffAuth(self._store, self._clock, Path(self._settings.data_dir),
                              active_bundle=BundleManager(self._store).active)
        self.results = ResultBook(Path(self._settings.data_dir))
        self.quit_handler: Callable[[int], None] = lambda code: None

        self._active = False
        self._entry_mode = ""  # "card" (PIN pad) or "otp"
        self._card: CardCheck | None = None
        self._card_reader = ""
        self._session: StaffSession | None = None
        self._page = "overview"
        self._message = ""  # a code QML turns into words: card_not_recognised, wrong_pin, locked, bad_code
        self._locked_s = 0
        self._lock_key = ""  # whose lockout the countdown follows (card or one-time code entry alike)
        self._tries_left = 0
        self._idle_left = 0  # > 0: the idle warning is shown with this many seconds left
        self._busy = 0
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
        self._log_event = ""
        self._log_staff = ""
        self._export: dict[str, Any] = {}
        self._following = False
        self._tid = self.terminal_id()
        self._taps: list[float] = []
        self._last_touch = self._clock.monotonic()

        self._tasks = TaskRunner(self)
        self._bridge = _CardBridge()
        self._bridge.pcsc.connect(self._on_pcsc_event)
        from terminal.bootstrap import make_pcsc_monitor

        try:
            self.monitor = make_pcsc_monitor(self._settings, self._bridge.pcsc.emit)
            if self.monitor is not None:
                self.monitor.start()
        except Exception:
            log.exception("PC/SC monitor could not start")
            self.monitor = None
        services.extras["diag_context"] = self._context  # the heartbeat checks what this screen checks
        sync = services.extras.get("sync")
        if sync is not None:  # the hub may ask for a bundle ("upload_diagnostics" heartbeat command)
            sync.subscribe(self._on_sync_event)
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

    # ------------------------------------------------------------------ properties
    def _p(attr: str, kind: Any, notify: Any) -> Any:
        return Property(kind, lambda self: getattr(self, attr), notify=notify)

    active = _p("_active", bool, changed)
    entryMode = _p("_entry_mode", str, changed)
    page = _p("_page", str, changed)
    message = _p("_message", str, changed)
    lockedSeconds = _p("_locked_s", int, changed)
    triesLeft = _p("_tries_left", int, changed)
    idleSecondsLeft = _p("_idle_left", int, changed)
    awaitingConfirm = _p("_awaiting", str, changed)
    components = _p("_components", "QVariantList", componentsChanged)
    lastTest = _p("_last_test", "QVariantMap", testsChanged)
    report = _p("_report", "QVariantMap", testsChanged)
    settingsRows = _p("_settings_rows", "QVariantList", settingsRowsChanged)
    settingsResult = _p("_settings_result", "QVariantMap", settingsRowsChanged)
    ports = _p("_ports", "QVariantList", settingsRowsChanged)
    logs = _p("_logs", "QVariantList", logsChanged)
    exportResult = _p("_export", "QVariantMap", testsChanged)
    del _p

    def _authenticated(self) -> bool:
        return self._session is not None

    authenticated = Property(bool, _authenticated, notify=changed)

    def _staff_id(self) -> str:
        return self._session.staff_id if self._session else (self._card.staff_id if self._card else "")

    staffId = Property(str, _staff_id, notify=changed)

    def _role(self) -> str:
        return self._session.role if self._session else ""

    role = Property(str, _role, notify=changed)

    def _is_admin(self) -> bool:
        return bool(self._session and self._session.is_admin)

    isAdmin = Property(bool, _is_admin, notify=changed)

    def terminal_id(self) -> str:
        """The enrolled id once enrolled (what the hub knows), else the settings' id (reads the enrolment
        file: call it off the GUI thread; the screen shows ``terminalId``, refreshed with the checks)."""
        from terminal.diag.terminal import terminal_id

        return terminal_id(self._settings, self._store)

    terminalId = Property(str, lambda self: self._tid, notify=componentsChanged)

    def _codes(self) -> list[dict[str, Any]]:
        from terminal.diag.codes import CATALOGUE

        return [c.as_json() for c in CATALOGUE.values()]

    codes = Property("QVariantList", _codes, constant=True)

    def _busy_get(self) -> bool:
        return self._busy > 0

    busy = Property(bool, _busy_get, notify=busyChanged)

    def _overall(self) -> str:
        return str(worst([_check_of(c) for c in self._components])) if self._components else ""

    overall = Property(str, _overall, notify=componentsChanged)

    def _tests(self) -> dict[str, Any]:
        return self.results.all()

    tests = Property("QVariantMap", _tests, notify=testsChanged)

    def _restart_pending(self) -> bool:
        return bool(self._saved)

    restartPending = Property(bool, _restart_pending, notify=settingsRowsChanged)

    def _card_present(self) -> bool:
        return bool(self._card_reader)

    cardPresent = Property(bool, _card_present, notify=changed)

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

    def _on_pcsc_event(self, event: Any) -> None:
        from devices.pcsc.monitor import CardInserted, CardRemoved

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
        monitor = self.monitor
        auth = self.auth

        def read() -> CardCheck:
            keys = auth.trusted_keys()
            reader_fn = getattr(monitor, "read_staff", None)
            if reader_fn is not None:
                result = reader_fn(reader, keys)
            else:
                from devices.pcsc.staff import read_staff_card

                result = read_staff_card(reader, keys)
            return auth.check_card(result)

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
        self._active = False
        self._entry_mode = ""
        self._card = None
        self._message = ""
        self._locked_s = 0
        self._lock_key, self._tries_left = "", 0
        self._page = "overview"
        self._awaiting = ""
        self._pending = {}
        self._last_test = {}
        self._settings_result = {}
        self._export = {}
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

    # ------------------------------------------------------------------ overview
    def _context(self) -> DiagContext:
        touch = self.results.get("touchscreen")
        snapshot = None
        monitor = self.monitor
        if monitor is not None and hasattr(monitor, "read_staff"):  # the fake: its readers, not the machine's
            from devices.pcsc.readers import ReaderSnapshot

            snapshot = lambda: [ReaderSnapshot(r, r in monitor.cards) for r in monitor.readers]
        return DiagContext(settings=self._settings, idcard=self._services.idcard, printer=self._services.printer,
                           store=self._store, documents=self._document_queue(), pcsc_snapshot=snapshot,
                           touch_result=(touch or {}).get("data"), clock_now=self._clock.now)

    def _document_queue(self) -> Any:
        queue = self._settings.document_printer.queue
        if not queue:
            return None
        from devices.cups.jobs import CupsQueue

        try:
            return CupsQueue(queue)
        except ValueError:
            return None

    @Slot()
    def refresh(self) -> None:
        if self._session is None:
            return
        ctx = self._context()

        def done(result: tuple[list[Any], str]) -> None:
            checks, self._tid = result
            self._components = [_with_remedy(c.row()) for c in checks]
            self.componentsChanged.emit()

        self._run(lambda: (run_checks(ctx, COMPONENTS), self.terminal_id()), done)

    # ------------------------------------------------------------------ self-tests
    def _keep(self, result: TestResult, **extra: Any) -> None:
        self.results.put(result)
        self._last_test = {**result.as_json(), **extra}
        self._action("self_test", device=result.device, status=str(result.status))
        self.testsChanged.emit()

    @Slot(str)
    def runTest(self, device: str) -> None:
        if self._session is None:
            return
        from terminal.diag import selftest

        services, settings, store = self._services, self._settings, self._store
        sim, ctx = self._simulated, self._context()
        fns: dict[str, Callable[[], TestResult]] = {
            "idcard": lambda: selftest.test_idcard(services.idcard, is_simulated=sim("idcard")),
            "printer": lambda: selftest.print_test_page(services.printer),
            "pcsc": lambda: selftest.test_pcsc(ctx),
            "cups": lambda: selftest.test_cups(self._document_queue()),
            "network": lambda: selftest.test_network(settings, store),
            "sync": lambda: selftest.test_sync(store),
            "storage": lambda: selftest.test_storage(settings, store),
        }
        if device not in fns:
            return
        self._awaiting = ""
        self._last_test = {"device": device, "status": "running", "detail": "", "data": {}}
        self.testsChanged.emit()
        self.changed.emit()

        def done(result: TestResult) -> None:
            self._keep(result)
            if device in ("printer", "cups") and result.data.get("outcome", {}).get("ok", device == "cups") \
                    and str(result.status) == "warn":
                self._awaiting = device
                self.changed.emit()

        self._run(fns[device], done)

    def _simulated(self, section: str) -> bool:
        return str(getattr(self._settings, section).driver) in ("simulator", "fake")

    @Slot(bool)
    def confirmPrint(self, printed_ok: bool) -> None:
        device = self._awaiting
        if not device:
            return
        from terminal.diag.selftest import confirm_print

        self._awaiting = ""
        self._keep(confirm_print(self.results.get(device), printed_ok, device,
                                 simulated=device == "printer" and self._simulated("printer")))
        self.changed.emit()

    @Slot(int, int, int)
    def touchResult(self, targets: int, hits: int, misses: int) -> None:
        self.touchFinished(targets, hits, misses, [])

    @Slot(int, int, int, "QVariantList")
    def touchFinished(self, targets: int, hits: int, misses: int, missed: list[str]) -> None:
        """The grid's result with the targets never reached (``r1c2``: row 1, column 2)."""
        from terminal.diag.selftest import test_touch

        self._keep(test_touch(targets, hits, misses, missed=[str(m)[:8] for m in missed[:100]]))

    @Slot()
    def forceSync(self) -> None:
        self._sync_test(force=True)

    @Slot()
    def retryQuarantined(self) -> None:
        self._sync_test(retry=True)

    def _sync_test(self, *, force: bool = False, retry: bool = False) -> None:
        if self._session is None:
            return
        from terminal.diag.selftest import test_sync

        store, sync = self._store, self._services.extras.get("sync")
        self._action("force_sync" if force else "retry_quarantined")
        self._run(lambda: test_sync(store, sync, force=force, retry_quarantined=retry), self._keep)

    # ------------------------------------------------------------------ readiness report
    @Slot()
    def runReadiness(self) -> None:
        """All checks in one run, printed on the receipt printer and queued for the hub."""
        if self._session is None:
            return
        from terminal.diag.readiness import build_report, print_report, upload_report

        ctx, printer, store, clock = self._context(), self._services.printer, self._store, self._clock
        staff_id, results = self._session.staff_id, self.results.all()

        def work() -> dict[str, Any]:
            terminal_id = self.terminal_id()
            report = build_report(ctx, terminal_id=terminal_id, staff_id=staff_id, results=results, now=clock.now())
            outcome = print_report(printer, report)
            item = upload_report(store, report)
            return {"overall": report["overall"], "printed": bool(outcome.ok), "print_reason": outcome.reason or "",
                    "queued": bool(item), "components": report["components"], "at": report["at"]}

        def done(summary: dict[str, Any]) -> None:
            self._report = summary
            self._components = [_with_remedy(dict(c)) for c in summary["components"]]
            self._action("readiness_report", overall=summary["overall"], printed=summary["printed"])
            self.componentsChanged.emit()
            self.testsChanged.emit()

        self._run(work, done)

    # ------------------------------------------------------------------ settings
    def _editor(self) -> Any:
        from terminal.settings_edit import SettingsEditor

        return SettingsEditor(self._config_file, self._store, self._clock, overrides=self._overrides or None)

    @Slot()
    def loadSettings(self) -> None:
        from typing import get_args

        from terminal.settings_edit import EDITABLE, get_key

        rows = []
        for key, kind in EDITABLE.items():
            value = self._pending.get(key, self._saved.get(key, get_key(self._settings, key)))
            section, name = key.split(".", 1)
            field = type(getattr(self._settings, section)).model_fields[name]
            choices = [str(c) for c in get_args(field.annotation)] if kind == "choice" else []
            if kind == "int" and get_args(field.annotation):
                choices = [str(c) for c in get_args(field.annotation)]
            shown = ", ".join(value) if isinstance(value, list) else str(value).lower() if isinstance(value, bool) \
                else str(value)
            rows.append({"key": key, "kind": kind, "value": shown, "choices": choices,
                         "changed": key in self._pending, "restart": key in self._saved, "error": str(self._settings_result.get("errors", {})
                                                                      .get(key, ""))})
        self._settings_rows = rows
        self.settingsRowsChanged.emit()

    @Slot(str, str)
    def setSetting(self, key: str, value: str) -> None:
        from terminal.settings_edit import EDITABLE, get_key

        if key not in EDITABLE:
            return
        current = self._saved.get(key, get_key(self._settings, key))
        shown = ", ".join(current) if isinstance(current, list) else str(current).lower() \
            if isinstance(current, bool) else str(current)
        if value == shown:
            self._pending.pop(key, None)
        else:
            self._pending[key] = value
        self._settings_result = {}
        self.loadSettings()

    @Slot()
    def testSettings(self) -> None:
        self._settings_job(save=False)

    @Slot()
    def saveSettings(self) -> None:
        self._settings_job(save=True)

    def _settings_job(self, *, save: bool) -> None:
        if self._session is None or not self._pending:
            return
        editor, changes, staff_id = self._editor(), dict(self._pending), self._session.staff_id
        current = self._settings

        def work() -> dict[str, Any]:
            if save:
                res = editor.apply(changes, staff_id, current=current)
                return {"ok": res.ok, "saved": res.ok, "errors": res.errors, "restart": res.restart_needed,
                        "tests": [{"key": t.key, "ok": t.ok, "detail": t.detail} for t in res.tests]}
            cand, errors = editor.validate(changes)
            tests = editor.test(cand, changes) if cand is not None else []
            return {"ok": cand is not None and all(t.ok for t in tests), "saved": False, "errors": errors,
                    "restart": False, "tests": [{"key": t.key, "ok": t.ok, "detail": t.detail} for t in tests]}

        def done(result: dict[str, Any]) -> None:
            from terminal.settings_edit import LIVE_KEYS

            self._settings_result = result
            if result["saved"]:
                # what the file now holds is what the screen shows; the running app takes it at the restart
                self._saved.update({k: str(v) for k, v in changes.items() if k not in LIVE_KEYS})
                self._pending = {}
            self._action("settings_save" if save else "settings_test", keys=sorted(changes), ok=result["ok"])
            self.loadSettings()

        self._run(work, done)

    @Slot()
    def discardSettings(self) -> None:
        self._pending = {}
        self._settings_result = {}
        self.loadSettings()

    @Slot()
    def autodetect(self) -> None:
        from terminal.settings_edit import autodetect_ports

        def done(ports: list[str]) -> None:
            self._ports = ports
            self.settingsRowsChanged.emit()

        self._run(autodetect_ports, done)

    # ------------------------------------------------------------------ logs
    @Slot()
    def refreshLogs(self) -> None:
        self.filterLogs(self._log_event, self._log_staff)

    @Slot(str, str)
    def filterLogs(self, event_prefix: str, staff_id: str) -> None:
        self._log_event, self._log_staff = event_prefix.strip(), staff_id.strip()
        rows = []
        for event, at, detail, staff in reversed(self._store.audit_events(limit=100_000)):
            if self._log_event and not event.startswith(self._log_event):
                continue
            if self._log_staff and (staff or "") != self._log_staff:
                continue
            text = ", ".join(f"{k}={v}" for k, v in sorted(detail.items()))
            rows.append({"event": event, "at": at[:19].replace("T", " "), "staff": staff or "", "detail": text[:160]})
            if len(rows) >= 200:
                break
        self._logs = rows
        self.logsChanged.emit()

    # ------------------------------------------------------------------ export
    @Slot(str)
    def exportBundle(self, target: str) -> None:
        """``usb``: write to the first mounted stick (none mounted: a plain failure, never the internal disk);
        ``hub``: queue it for the hub, then follow the outbox item until the hub took it or refused it.

        ``exportResult["state"]``: ``written`` / ``delivered`` (the only green ones), ``queued`` (waiting for a
        sync round), ``rejected`` (with the hub's reason), ``no_usb``, ``too_big``."""
        if self._session is None:
            return
        from terminal.diag.bundle import build_bundle, bundle_name, queue_for_hub, usb_mounts, write_bundle

        ctx, results, clock, store = self._context(), self.results.all(), self._clock, self._store
        staff_id = self._session.staff_id
        bundles = self._services.extras.get("bundles")

        def work() -> dict[str, Any]:
            terminal_id = self.terminal_id()
            mounts = usb_mounts() if target == "usb" else []
            if target == "usb" and not mounts:
                return {"ok": False, "target": target, "state": "no_usb", "detail": "no USB stick mounted"}
            now = clock.now()
            data = build_bundle(ctx, results=results, now=now, bundles=bundles)
            name = bundle_name(terminal_id, now)
            out: dict[str, Any] = {"target": target, "bytes": len(data), "name": name}
            if target == "hub":
                try:
                    item = queue_for_hub(store, data, terminal_id, name)
                except ValueError as exc:
                    return {**out, "ok": False, "state": "too_big", "detail": str(exc)}
                out.update(ok=False, state="queued", item=item, path="hub")
            else:
                out.update(ok=True, state="written", path=str(write_bundle(mounts[0] / name, data)))
            store.record(AuditRecord(AuditEvent.DIAG_BUNDLE_EXPORTED, now, {"target": target, "bytes": len(data)},
                                     staff_id=staff_id))
            return out

        def done(result: dict[str, Any]) -> None:
            self._export = result
            self.testsChanged.emit()

        self._run(work, done)

    def _follow_upload(self) -> None:
        """While an uploaded bundle waits in the outbox: did the hub take it (green) or refuse it (red)?"""
        item = self._export.get("item")
        if self._export.get("state") != "queued" or not item or self._following:
            return
        self._following = True
        store = self._store

        def done(state: Any, error: BaseException | None) -> None:
            self._following = False
            if error is not None or self._export.get("item") != item or state[0] == "queued":
                return
            status, reason = state
            self._export = {**self._export, "ok": status == "delivered",
                            "state": "delivered" if status == "delivered" else "rejected", "detail": reason}
            self.testsChanged.emit()

        self._tasks.run(lambda: store.outbox_item_state(item), done)

    def _on_sync_event(self, name: str, data: dict[str, Any]) -> None:
        """On the sync thread (no Qt here): answer the hub's ``upload_diagnostics`` with a queued bundle."""
        if name != "command" or data.get("name") != "upload_diagnostics":
            return
        from terminal.diag.bundle import build_bundle, bundle_name, queue_for_hub

        now = self._clock.now()
        terminal_id = self.terminal_id()
        try:
            bundle = build_bundle(self._context(), results=self.results.all(), now=now,
                                  bundles=self._services.extras.get("bundles"))
            queue_for_hub(self._store, bundle, terminal_id, bundle_name(terminal_id, now))
            self._store.record(AuditRecord(AuditEvent.DIAG_BUNDLE_EXPORTED, now,
                                           {"target": "hub_command", "bytes": len(bundle)}))
        except Exception:
            log.exception("diagnostics bundle for the hub failed")

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


def _with_remedy(row: dict[str, Any]) -> dict[str, Any]:
    """A component row plus its code's catalogue entry in both languages (the screen picks its own)."""
    from terminal.diag.codes import describe

    entry = describe(str(row.get("code", "")))
    return {**row, **({k: v for k, v in entry.as_json().items() if k != "code"} if entry else {})}


def _check_of(row: dict[str, Any]) -> Any:
    from terminal.diag.checks import Check, Status

    return Check(row["name"], Status(row["status"]), row.get("detail", ""))

