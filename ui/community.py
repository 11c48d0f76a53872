"""The QML element of the community services (``CommunityBackend``): notices, queue tickets, the rating
after a service, calling staff. Screens move on the shared flow through :class:`ui.backend.KioskBackend`.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.community import CommunityServices
from kiosk.flow import rows as flow_rows
from ui.backend import KioskBackend
from ui.models import DictListModel, qml_property

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("CommunityBackend is created by the application")
class CommunityBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    changed = Signal()
    languageChanged = Signal()

    def __init__(self, backend: KioskBackend, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._flow = backend.flow
        self._resident = backend.resident
        self._services = CommunityServices(backend.resident.services)
        self._notices = DictListModel(["noticeId", "category", "title", "body", "date"], self)
        backend.sessionChanged.connect(self.changed)
        backend.languageChanged.connect(self.languageChanged)
        backend.contentRefreshed.connect(self._refresh_notices)
        backend.staffNeeded.connect(self.callStaff)
        self._refresh_notices()

    def _lang(self) -> str:
        return self._flow.language

    def _refresh_notices(self) -> None:
        today = self._resident.services.clock.now().date()
        self._notices.set_rows(flow_rows.notice_rows(self._resident.content.notices, today, self._lang()))

    # ------------------------------------------------------------------ notices
    notices = Property(DictListModel, lambda self: self._notices, constant=True)

    def _notice(self) -> dict[str, Any]:
        return next((row for row in self._notices.rows() if row["noticeId"] == self._flow.state.notice_id), {})

    notice = qml_property("QVariantMap", _notice, changed)
    noticePrintState = Property(str, lambda self: self._flow.state.notice_print_state, notify=changed)

    @Slot()
    def openNotices(self) -> None:
        self._backend.show("notices")

    @Slot(str)
    def openNotice(self, notice_id: str) -> None:
        self._flow.open_notice(notice_id)
        self._backend.sessionChanged.emit()

    @Slot()
    def printNotice(self) -> None:
        """Print the open notice on the A4 printer (journalled: a notice holds no personal data)."""
        notice = self._notice()
        if not notice:
            return
        centre = self._flow.place_names()[0]
        state = self._flow.state

        def job() -> Any:
            # Lazy, on the worker: ReportLab adds 12 MB and 0.3-0.5 s (measured) to every start otherwise.
            from kiosk.documents.pdf import notice_pdf

            pdf = notice_pdf(centre, notice["title"], notice["date"], notice["body"])
            return self._resident._print_service().print_document(pdf, f"notice-{notice['noticeId']}")

        def done(result: Any, error: BaseException | None) -> None:
            state.notice_print_state = flow_rows.print_state(result.outcome if result is not None else None, error)
            self._backend.sessionChanged.emit()

        self._backend.run_busy(job, done)

    # ------------------------------------------------------------------ rating
    ratingReasons = qml_property("QVariantList", lambda self: flow_rows.rating_reason_rows(self._lang()),
                             languageChanged)

    @Slot(int, "QVariantList")
    def rate(self, level: int, reasons: list[Any]) -> None:
        service = self._flow.end_rating()
        if service and 1 <= int(level) <= 5:
            try:
                self._services.rate(service, int(level), [str(r) for r in reasons])
            except Exception:  # a rating must never keep a resident at the screen
                log.exception("rating not recorded")
        self._backend.touch()
        self._backend.show("finish", reset=True)

    @Slot()
    def skipRating(self) -> None:
        self._flow.end_rating()
        self._backend.touch()
        self._backend.show("finish", reset=True)

    # ------------------------------------------------------------------ queue tickets, calling staff
    businessTypes = qml_property("QVariantList", lambda self: flow_rows.business_type_rows(self._lang()),
                             languageChanged)
    ticket = qml_property("QVariantMap", lambda self: dict(self._flow.state.ticket), changed)
    staffCalled = Property(bool, lambda self: self._flow.state.staff_called, notify=changed)

    @Slot()
    def openQueue(self) -> None:
        self._backend.show("queue")

    @Slot(str)
    def takeTicket(self, code: str) -> None:
        lang = self._lang()
        state = self._flow.state

        def job() -> tuple[Any, Any]:
            ticket = self._services.issue_ticket(code, lang)
            return ticket, self._resident._print_service().print_ticket(ticket)

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None or result is None:
                state.submit_error = "ticket_failed"
                self._backend.sessionChanged.emit()
                return
            ticket, printed = result
            state.ticket = flow_rows.ticket_detail(ticket, printed.ok, lang)
            self._backend.show("ticket", reset=True)
            self._backend.sessionChanged.emit()

        self._backend.run_busy(job, done)

    @Slot()
    def callStaff(self) -> None:
        screen = self._flow.screen
        self._flow.state.staff_called = True
        self._backend.sessionChanged.emit()
        self._backend.tasks.run(lambda: self._services.call_staff(screen), lambda _r, _e: None)
