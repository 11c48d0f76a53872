"""The QML element of the progress check (``LookupBackend``): by tracking number, by card, by a scanned receipt.

It moves on the shared :class:`kiosk.flow.ResidentFlow` through the resident element
(:class:`ui.backend.KioskBackend`), whose ``sessionChanged`` also redraws these properties.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.flow import rows as flow_rows
from ui.backend import KioskBackend
from ui.models import DictListModel

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("LookupBackend is created by the application")
class LookupBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    changed = Signal()

    def __init__(self, backend: KioskBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._flow = backend.flow
        self._resident = backend.resident
        self._lookups = DictListModel(["tracking", "trackingPretty", "service", "status", "updated", "certificate"],
                                      self)
        backend.sessionChanged.connect(self.changed)
        backend.sessionWiped.connect(self._lookups.clear)
        backend.identifiedForLookup.connect(self._lookup_identity)
        backend.scanned.connect(self._on_scan)

    lookups = Property(DictListModel, lambda self: self._lookups, constant=True)
    lookupState = Property(str, lambda self: self._flow.state.lookup_state, notify=changed)
    certificateState = Property(str, lambda self: self._flow.state.certificate_state, notify=changed)

    @Slot()
    def openLookup(self) -> None:
        self._flow.state.lookup_state = ""
        self._backend.show("lookup")
        self._backend.sessionChanged.emit()

    @Slot(str)
    def lookupTracking(self, text: str) -> None:
        code, stubs = self._resident.lookup_tracking(text)
        if code == "invalid":
            self._flow.state.lookup_state = "invalid"
            self._backend.sessionChanged.emit()
            return
        self._show(code, stubs)

    @Slot()
    def lookupByCard(self) -> None:
        if self._flow.identify_for("lookup"):
            self._lookup_identity()
        self._backend.sessionChanged.emit()

    def _lookup_identity(self) -> None:
        code, stubs = self._resident.lookup_identity()
        self._show(code, stubs)

    def _show(self, code: str, stubs: list[Any]) -> None:
        self._lookups.set_rows(flow_rows.lookup_rows(stubs, self._resident.service_or_none, self._flow.language))
        self._flow.show_lookup(code)
        self._backend.sessionChanged.emit()

    @Slot(str)
    def printCertificate(self, tracking_number: str) -> None:
        if self._backend.busy:
            return
        state = self._flow.state
        state.certificate_state = ""

        def done(outcome: Any, error: BaseException | None) -> None:
            state.certificate_state = flow_rows.print_state(outcome, error)
            self._backend.sessionChanged.emit()

        self._backend.run_busy(lambda: self._resident.print_certificate(tracking_number), done)

    def _on_scan(self, payload: str) -> None:
        """A receipt's QR code looks up its progress from any resident screen but a form in progress."""
        action = self._flow.scan_action(payload)
        if not action:
            return
        if action == "start":
            self._backend.start()
        self._backend.touch()
        self._flow.state.lookup_state = ""
        self.lookupTracking(payload)
