"""The Qt adapter of the technician pages once a staff member is in: overview, self-tests, readiness
report, settings, logs, the fault history and the diagnostics bundle.

The work itself is :class:`terminal.technician_tools.TechnicianTools` (no Qt); this class runs it
on worker threads and keeps what the pages show in :class:`ui.technician_state.TechnicianState`.
:class:`ui.technician.TechnicianBackend` adds the entry (card, PIN, one-time code) on top, so QML
sees one object with every name.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot

from terminal.diag.selftest import TestResult
from terminal.settings_edit import EDITABLE, autodetect_ports
from terminal.technician_tools import with_remedy
from ui.technician_state import TechnicianState


class TechnicianPages(TechnicianState):
    # ------------------------------------------------------------------ overview
    @Slot()
    def refresh(self) -> None:
        if self._session is None:
            return
        ctx = self.tools.context()

        def done(result: tuple[list[dict[str, Any]], str]) -> None:
            self._components, self._tid = result
            self.componentsChanged.emit()

        self._run(lambda: self.tools.components(ctx), done)

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
        fn = self.tools.self_test(device)
        if fn is None:
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

        self._run(fn, done)

    @Slot(bool)
    def confirmPrint(self, printed_ok: bool) -> None:
        device = self._awaiting
        if not device:
            return
        self._awaiting = ""
        self._keep(self.tools.confirm_print(device, printed_ok))
        self.changed.emit()

    @Slot(int, int, int)
    def touchResult(self, targets: int, hits: int, misses: int) -> None:
        self.touchFinished(targets, hits, misses, [])

    @Slot(int, int, int, "QVariantList")
    def touchFinished(self, targets: int, hits: int, misses: int, missed: list[str]) -> None:
        """The grid's result with the targets never reached (``r1c2``: row 1, column 2)."""
        self._keep(self.tools.touch(targets, hits, misses, missed))

    @Slot()
    def forceSync(self) -> None:
        self._sync_test(force=True)

    @Slot()
    def retryQuarantined(self) -> None:
        self._sync_test(retry=True)

    def _sync_test(self, *, force: bool = False, retry: bool = False) -> None:
        if self._session is None:
            return
        self._action("force_sync" if force else "retry_quarantined")
        self._run(self.tools.sync_test(force=force, retry=retry), self._keep)

    # ------------------------------------------------------------------ readiness report
    @Slot()
    def runReadiness(self) -> None:
        """All checks in one run, printed on the receipt printer and queued for the hub."""
        if self._session is None:
            return

        def done(summary: dict[str, Any]) -> None:
            self._report = summary
            self._components = [with_remedy(dict(c)) for c in summary["components"]]
            self._action("readiness_report", overall=summary["overall"], printed=summary["printed"])
            self.componentsChanged.emit()
            self.testsChanged.emit()

        self._run(self.tools.readiness(self._session.staff_id), done)

    # ------------------------------------------------------------------ settings
    @Slot()
    def loadSettings(self) -> None:
        self._settings_rows = self.tools.settings_rows(self._pending, self._saved,
                                                       self._settings_result.get("errors", {}))
        self.settingsRowsChanged.emit()

    @Slot(str, str)
    def setSetting(self, key: str, value: str) -> None:
        if key not in EDITABLE:
            return
        if value == self.tools.shown_setting(key, self._saved):
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
        changes = dict(self._pending)

        def done(result: dict[str, Any]) -> None:
            self._settings_result = result
            if result["saved"]:
                # what the file now holds is what the screen shows; the running app takes it at the restart
                self._saved.update(self.tools.needs_restart(changes))
                self._pending = {}
            self._action("settings_save" if save else "settings_test", keys=sorted(changes), ok=result["ok"])
            self.loadSettings()

        self._run(self.tools.settings_job(changes, self._session.staff_id, save=save), done)

    @Slot()
    def discardSettings(self) -> None:
        self._pending = {}
        self._settings_result = {}
        self.loadSettings()

    @Slot()
    def autodetect(self) -> None:
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
        self._logs = self.tools.audit_rows(self._log_event, self._log_staff)
        self.logsChanged.emit()

    # ------------------------------------------------------------------ fault history
    @Slot()
    def refreshFaults(self) -> None:
        def done(rows: list[dict[str, Any]]) -> None:
            self._faults = rows
            self.faultsChanged.emit()

        self._run(self.tools.fault_rows, done)

    # ------------------------------------------------------------------ export
    @Slot(str)
    def exportBundle(self, target: str) -> None:
        """``usb`` or ``hub``; ``exportResult["state"]``: ``written`` / ``delivered`` (the only green ones),
        ``queued`` (waiting for a sync round), ``rejected`` (with the hub's reason), ``no_usb``, ``too_big``."""
        if self._session is None:
            return

        def done(result: dict[str, Any]) -> None:
            self._export = result
            self.testsChanged.emit()

        self._run(self.tools.export_bundle(target, self._session.staff_id), done)

    def _follow_upload(self) -> None:
        """While an uploaded bundle waits in the outbox: did the hub take it (green) or refuse it (red)?"""
        item = self._export.get("item")
        if self._export.get("state") != "queued" or not item or self._following:
            return
        self._following = True
        store = self.tools.store

        def done(state: Any, error: BaseException | None) -> None:
            self._following = False
            if error is not None or self._export.get("item") != item or state[0] == "queued":
                return
            status, reason = state
            self._export = {**self._export, "ok": status == "delivered",
                            "state": "delivered" if status == "delivered" else "rejected", "detail": reason}
            self.testsChanged.emit()

        self._tasks.run(lambda: store.outbox_item_state(item), done)
