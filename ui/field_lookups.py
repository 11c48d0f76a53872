"""The QML element behind a form field's pickers (``FieldLookups``): choices filtered as the resident types,
a consent field's policy text, and the address picker's districts and streets.

Plain lookups over the current form and language, kept apart from :class:`ui.backend.KioskBackend` so the
resident flow's element stays a mirror of the flow; ``FieldEditor.qml`` reaches it as
``backend.fieldLookups``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.flow import ResidentFlow
from kiosk.flow import rows as flow_rows
from kiosk.resident import ResidentService

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("FieldLookups is created by the application")
class FieldLookups(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    def __init__(self, resident: ResidentService, flow: ResidentFlow, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._resident = resident
        self._flow = flow

    @Slot(str, str, result="QVariantList")
    def filterChoices(self, field_id: str, query: str) -> list[dict[str, str]]:
        return flow_rows.choice_rows(self._resident.session.form, field_id, query, self._flow.language)

    @Slot(str, result=str)
    def policyText(self, field_id: str) -> str:
        return flow_rows.policy_text(self._resident.session.form, field_id, self._flow.language)

    @Slot(result="QVariantList")
    def addressDistricts(self) -> list[dict[str, str]]:
        return flow_rows.district_rows(self._flow.language)

    @Slot(str, result="QVariantList")
    def addressStreets(self, code: str) -> list[dict[str, str]]:
        return flow_rows.street_rows(code, self._flow.language)
