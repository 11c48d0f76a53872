"""The QML element of the resident flow (``KioskBackend``): a thin mirror of :class:`kiosk.flow.ResidentFlow`.

QML reads properties and calls slots; every decision lives in the core (``kiosk.flow``,
``kiosk.resident``). Device and store calls run on worker threads (:mod:`ui.workers`) and
come back as signals. Lookup, community and the demo dock are their own elements
(:mod:`ui.lookup`, :mod:`ui.community`, :mod:`ui.devdock`) over the same flow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.flow import ResidentFlow
from kiosk.flow import rows as flow_rows
from kiosk.flow.form_steps import toggled
from kiosk.resident import ResidentService, SubmitOutcome
from kiosk.roles.printer import Paper
from kiosk.roles.scanner import ScanEvent
from ui.card_watch import CardWatch
from ui.field_lookups import FieldLookups
from ui.models import DictListModel, FormModels, qml_property
from ui.workers import TaskRunner

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("KioskBackend is created by the application")
class KioskBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    screenChanged = Signal()
    sessionChanged = Signal()
    idleChanged = Signal()
    languageChanged = Signal()
    deviceChanged = Signal()
    busyChanged = Signal()
    updatingChanged = Signal()  # a tap was refused: the updater holds the session lease (issue 20)
    formChanged = Signal()
    languageSwitchRequested = Signal(str)
    screenShown = Signal(str)
    promptWanted = Signal(str)  # a moment read aloud that is no screen of its own (kiosk.voice_prompts)
    sessionWiped = Signal()
    settingsEnded = Signal()  # the visit's settings (language, large text, voice, contrast) are over
    contentRefreshed = Signal()  # the catalog or the language changed: lists in other elements follow
    identifiedForLookup = Signal()  # the identify screen was for "my applications" (ui.lookup answers)
    staffNeeded = Signal()  # a fault the resident cannot fix (ui.community calls staff)
    submitted = Signal(str)  # the tracking number of a submission just made
    scanned = Signal(str)

    def __init__(self, resident: ResidentService, content: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resident = resident  # the core use-cases, shared with the other elements (as are flow and tasks)
        self._services = resident.services
        self._settings = resident.settings
        self._clock = self._services.clock
        self.flow = ResidentFlow(resident, self._clock, self._on_screen_entered)
        self._busy = False
        self._updating = False
        self._paper = Paper.OK
        self._printer_online = True
        self._categories = DictListModel(["categoryId", "name", "iconKey", "count"], self)
        self._service_list = DictListModel(["serviceId", "name", "summary", "hasForm", "categoryId"], self)
        self._form = FormModels(self)
        self._lookups = FieldLookups(resident, self.flow, self)
        self.tasks = TaskRunner(self)
        self._cards = CardWatch(self.flow, self._services.idcard, self._settings.idcard.poll_interval_s, self)
        self._cards.changed.connect(self._on_card_change)
        self.form_gate: Callable[[], bool] = lambda: True  # a check before the form (ui.face_backend): False takes over
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(500)
        self._idle_timer.timeout.connect(self.tick)
        self._idle_timer.start()
        resident.content = content
        self._refresh_content()
        scanner = self._services.scanner
        if scanner is not None:
            # the scanner's thread only emits; the GUI thread decides what a payload means
            scanner.start(lambda ev: self.scanned.emit(ev.payload) if isinstance(ev, ScanEvent) else None)

    # ------------------------------------------------------------------ for the other elements
    def show(self, name: str, *, push: bool = True, reset: bool = False) -> None:
        self.flow.stack.show(name, push=push, reset=reset)

    def _on_screen_entered(self, name: str) -> None:
        self._cards.follow(restart=name == "identify")
        self.screenChanged.emit()
        self.screenShown.emit("take_card" if self.flow.state.finish_stage == "take_card" else name)

    def run_busy(self, job: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
        """Run ``job`` off the GUI thread behind the "please wait" overlay; a second tap meanwhile is ignored."""
        if self._busy:
            return
        self._busy = True
        self.busyChanged.emit()

        def done(result: Any, error: BaseException | None) -> None:
            self._busy = False
            self.busyChanged.emit()
            on_done(result, error)

        self.tasks.run(job, done)

    def shutdown(self) -> None:
        self._idle_timer.stop()
        self._cards.stop()
        self.tasks.shutdown()

    # ------------------------------------------------------------------ properties
    categories = Property(DictListModel, lambda self: self._categories, constant=True)
    services = Property(DictListModel, lambda self: self._service_list, constant=True)
    fields = Property(DictListModel, lambda self: self._form.fields, constant=True)
    review = Property(DictListModel, lambda self: self._form.review, constant=True)
    fieldLookups = Property(FieldLookups, lambda self: self._lookups, constant=True)
    screen = qml_property(str, lambda self: self.flow.screen, screenChanged)
    canGoBack = qml_property(bool, lambda self: self.flow.stack.can_go_back, screenChanged)
    language = qml_property(str, lambda self: self.flow.language, languageChanged)
    languages = qml_property("QVariantList", lambda self: list(self._settings.ui.languages))
    largeText = qml_property(bool, lambda self: self.flow.large_text, sessionChanged)
    highContrast = qml_property(bool, lambda self: self.flow.state.high_contrast, sessionChanged)
    idleRemaining = qml_property(int, lambda self: self.flow.idle.remaining, idleChanged)
    countdownVisible = qml_property(bool, lambda self: self.flow.idle.countdown_visible, idleChanged)
    busy = qml_property(bool, lambda self: self._busy, busyChanged)
    updating = qml_property(bool, lambda self: self._updating, updatingChanged)
    centreName = qml_property(str, lambda self: self.flow.place_names()[0], languageChanged)
    communityName = qml_property(str, lambda self: self.flow.place_names()[1], languageChanged)
    identified = qml_property(bool, lambda self: self.resident.session.identity is not None, sessionChanged)
    identityMaskedName = qml_property(str, lambda self: self.flow.masked_identity()[0], sessionChanged)
    identityMaskedId = qml_property(str, lambda self: self.flow.masked_identity()[1], sessionChanged)
    identifyState = qml_property(str, lambda self: self.flow.state.identify_state, sessionChanged)
    finishStage = qml_property(str, lambda self: self.flow.state.finish_stage, screenChanged)  # moves with a screen
    identifyPurpose = qml_property(str, lambda self: self.flow.state.identify_purpose, sessionChanged)
    manualEntryAllowed = qml_property(bool, lambda self: self.flow.manual_entry_allowed, sessionChanged)
    manualErrors = qml_property("QVariantMap", lambda self: dict(self.flow.state.manual_errors), sessionChanged)
    service = qml_property("QVariantMap", lambda self: self.flow.service_detail(), sessionChanged)
    form = qml_property("QVariantMap", lambda self: self.flow.form_info(), formChanged)
    receipt = qml_property("QVariantMap", lambda self: self.flow.receipt_detail(), sessionChanged)
    submitError = qml_property(str, lambda self: self.flow.state.submit_error, sessionChanged)
    paper = qml_property(str, lambda self: str(self._paper), deviceChanged)
    printerReady = qml_property(bool, lambda self: self._printer_online and self._paper != Paper.OUT, deviceChanged)
    categoryName = qml_property(str, lambda self: self.flow.category_name(), sessionChanged)
    searchText = qml_property(str, lambda self: self.flow.state.search_text, sessionChanged)
    guidePrintState = qml_property(str, lambda self: self.flow.state.guide_print_state, sessionChanged)

    def set_content(self, content: Any) -> None:
        """New catalog/forms/notices from an activated bundle; applied only between sessions."""
        if self.flow.offer_content(content):
            self._refresh_content()
            self.sessionChanged.emit()

    # ------------------------------------------------------------------ content
    def _refresh_content(self) -> None:
        self._categories.set_rows(flow_rows.category_rows(self.resident.content.catalog, self.flow.language))
        self._refresh_services()
        self.contentRefreshed.emit()

    def _refresh_services(self) -> None:
        self._service_list.set_rows(flow_rows.service_rows(self.flow.found_services(), self.flow.language))

    # ------------------------------------------------------------------ idle
    @Slot()
    def touch(self) -> None:
        if self.flow.idle.touch():
            self.idleChanged.emit()

    @Slot()
    def tick(self) -> None:
        """Called twice a second (and by tests after moving the fake clock)."""
        result = self.flow.tick(busy=self._busy)
        if result.changed:
            self.idleChanged.emit()
        if result.action == "wipe":
            self.wipe("idle")
        elif result.action == "attract":  # the farewell is gone: so are the visit's settings
            self.settingsEnded.emit()
            self._apply_language()

    # ------------------------------------------------------------------ session
    def wipe(self, reason: str) -> None:
        """Forget the resident: core session, every model, every property; back to the attract screen."""
        self._cards.stop()
        self.flow.wipe(reason)
        self._form.clear()
        self.idleChanged.emit()
        self.sessionWiped.emit()
        if reason != "finish":
            self.settingsEnded.emit()
        self._apply_language()
        self.show("attract", reset=True)
        self.sessionChanged.emit()
        self.formChanged.emit()

    @Slot()
    def start(self) -> None:
        if self.flow.pending_content is not None:
            self.set_content(self.flow.pending_content)
        started = self.flow.start()
        if started == self._updating:  # the updater is about to install (issue 20): the attract screen says so
            self._updating = not started  # until the updater stops the app, or gives the lease back
            self.updatingChanged.emit()
        if not started:
            return
        self.idleChanged.emit()
        self.sessionChanged.emit()

    @Slot()
    def goHome(self) -> None:
        if not self.flow.go_home():
            self.finish()
            return
        self.sessionChanged.emit()

    @Slot()
    def goBack(self) -> None:
        back = self.flow.go_back()
        if back == "page":
            self.prevPage()
        elif back == "material":
            self.sessionChanged.emit()

    @Slot(str)
    def setLanguage(self, lang: str) -> None:
        if self.flow.set_language(lang):
            self._apply_language()
            self._refresh_fields()

    def _apply_language(self) -> None:
        self.languageSwitchRequested.emit(self.flow.language)
        self._refresh_content()
        self.languageChanged.emit()
        self.sessionChanged.emit()
        self.formChanged.emit()

    @Slot()
    def toggleLargeText(self) -> None:
        self.flow.toggle_large_text()
        self.idleChanged.emit()
        self.sessionChanged.emit()

    @Slot()
    def toggleHighContrast(self) -> None:
        self.flow.state.high_contrast = not self.flow.state.high_contrast
        self.sessionChanged.emit()

    @Slot()
    def finish(self) -> None:
        """'Done': wipe now, ask for a rating when a service was used, then 'take your card and receipt'."""
        service = self.flow.service_to_rate()
        self.wipe("finish")
        self.touch()
        self.flow.after_finish(service)

    # ------------------------------------------------------------------ browsing
    @Slot(str)
    def openCategory(self, category_id: str) -> None:
        self.flow.open_category(category_id)
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot()
    def openSearch(self) -> None:
        self.show("search")
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot(str)
    def search(self, text: str) -> None:
        self.flow.state.search_text = text[:40]
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot(str)
    def openService(self, service_id: str) -> None:
        self.flow.open_service(service_id)
        self.sessionChanged.emit()
        self.refreshPrinterStatus()

    @Slot()
    def refreshPrinterStatus(self) -> None:
        def done(status: Any, error: BaseException | None) -> None:
            if error is None and status is not None:
                self._paper = status.paper
                self._printer_online = bool(status.online and status.error is None)
                self.deviceChanged.emit()

        self.tasks.run(self._services.printer.status, done)

    @Slot()
    def printGuide(self) -> None:
        """Print the service guide on the A4 printer (CUPS) when one is configured."""
        queue = self._settings.document_printer.queue
        if self.resident.current_service() is None:
            return
        state = self.flow.state
        state.guide_print_state = "printing" if queue else "unavailable"
        self.sessionChanged.emit()
        if not queue:
            return

        def done(result: Any, error: BaseException | None) -> None:
            state.guide_print_state = "done" if error is None and result else "failed"
            self.sessionChanged.emit()

        self.tasks.run(lambda: self.resident.print_guide(queue), done)

    # ------------------------------------------------------------------ identify
    @Slot()
    def apply(self) -> None:
        """'Apply here' on a guide: identify first, unless this session already did. A service whose form is
        not in the content (withdrawn) is a guide only: nothing to apply for, so no card is asked for."""
        service = self.resident.current_service()
        if service is None or not service.form_id:
            return
        if self.flow.identify_for("apply"):
            self._begin_form()
        self.sessionChanged.emit()

    @Slot()
    def useManualEntry(self) -> None:
        self.flow.use_manual_entry()
        self.sessionChanged.emit()

    def _on_card_change(self, change: str) -> None:
        if change == "removed":  # the identity left with its card: nothing filled with it stays shown
            self._form.clear()
            self.formChanged.emit()
        self.sessionChanged.emit()
        if change == "identified":
            self.touch()
            self._after_identified()

    @Slot()
    def changeCard(self) -> None:
        self._cards.change_card()

    @Slot()
    def useCardOnReader(self) -> None:
        self._cards.use_card_on_hold()

    @Slot(str, str, str)
    def submitManual(self, name: str, id_number: str, phone: str) -> None:
        identified = self.flow.submit_manual(name, id_number, phone)
        self.sessionChanged.emit()
        if identified:
            self._after_identified()

    def _after_identified(self) -> None:
        if self.flow.state.identify_purpose == "lookup":
            self.identifiedForLookup.emit()
        else:
            self._begin_form()

    # ------------------------------------------------------------------ form
    def _begin_form(self) -> None:
        if not self.form_gate():
            return
        self.flow.begin_form()
        self._refresh_fields(reset=True)
        self.formChanged.emit()
        self.sessionChanged.emit()

    def _refresh_fields(self, reset: bool = False) -> None:
        self._form.refresh(self.flow.cursor, self.resident.session.form, self.flow.language, reset=reset)

    @Slot(str, "QVariant")
    def setFieldValue(self, field_id: str, value: Any) -> None:
        form = self.resident.session.form
        if form is None:
            return
        if hasattr(value, "toVariant"):
            value = value.toVariant()
        form.set_value(field_id, value)
        self.touch()
        self._refresh_fields()
        self.formChanged.emit()

    @Slot(str, str)
    def toggleChoice(self, field_id: str, choice: str) -> None:
        form = self.resident.session.form
        if form is None:
            return
        self.setFieldValue(field_id, toggled(form.value(field_id), choice))

    @Slot()
    def nextPage(self) -> None:
        step = self.flow.next_page()
        if step == "review":
            self._show_review()
        elif step == "materials":
            self.sessionChanged.emit()
        elif step:
            self._refresh_fields(reset=step == "next")
            self.formChanged.emit()
            if step == "errors":  # the screen stays: say why, and where to look
                self.promptWanted.emit("form_errors")

    @Slot()
    def prevPage(self) -> None:
        if self.flow.prev_page():
            self._refresh_fields(reset=True)
            self.formChanged.emit()

    def _show_review(self) -> None:
        self._form.review.set_rows(self.flow.cursor.review_rows(self.resident.session.form, self.flow.language))
        self.show("review")

    @Slot(int)
    def editPage(self, page_pos: int) -> None:
        self.flow.return_to_page(page_pos)
        self._refresh_fields(reset=True)
        self.show("form", push=False)
        self.formChanged.emit()

    # ------------------------------------------------------------------ submit
    @Slot()
    def submit(self) -> None:
        if self._busy:
            return
        self.flow.state.submit_error = ""

        def done(outcome: SubmitOutcome | None, error: BaseException | None) -> None:
            if error is not None or outcome is None:
                staff_needed = self.flow.submit_failed(error)
                self.sessionChanged.emit()
                if staff_needed:
                    self.staffNeeded.emit()
                return
            if not outcome.printed.ok and outcome.printed.reason == "paper_out":
                self._paper = Paper.OUT
            self.deviceChanged.emit()
            self._form.clear()
            self.submitted.emit(outcome.stub.tracking_number)
            self.show("receipt", reset=True)
            self.sessionChanged.emit()

        self.run_busy(self.resident.submit, done)

    @Slot()
    def reprint(self) -> None:
        self.run_busy(self.resident.reprint, lambda _outcome, _error: self.sessionChanged.emit())
