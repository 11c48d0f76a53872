"""The QML-facing adapter over :class:`kiosk.resident.ResidentService`.

QML reads properties and calls slots; every decision lives in the core. Device and
store calls run on worker threads (:mod:`ui.workers`) and come back as signals.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from contract import tracking
from contract.forms.messages import message
from contract.lang import tr
from kiosk.resident import IdentifyOutcome, ResidentService, SubmitOutcome
from kiosk.roles.idcard import NoCard
from kiosk.roles.printer import Paper
from ui.models import DictListModel
from ui.workers import CardPoller, TaskRunner

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

SCREENS = (
    "attract", "home", "category", "search", "guide", "identify", "manual", "form", "review",
    "receipt", "finish", "lookup", "lookup_result", "notices", "notice", "queue", "ticket", "rating",
)


@QmlElement
@QmlUncreatable("KioskBackend is created by the application")
class KioskBackend(QObject):
    screenChanged = Signal()
    sessionChanged = Signal()
    idleChanged = Signal()
    languageChanged = Signal()
    deviceChanged = Signal()
    busyChanged = Signal()
    formChanged = Signal()
    languageSwitchRequested = Signal(str)
    screenShown = Signal(str)
    sessionWiped = Signal()
    scanned = Signal(str)

    def _model(name: str) -> Any:
        return Property(QObject, lambda self: self._models[name], constant=True)

    categories = _model("categories")
    services = _model("services")
    notices = _model("notices")
    fields = _model("fields")
    review = _model("review")
    lookups = _model("lookups")
    sampleCards = _model("sampleCards")
    del _model

    def __init__(self, resident: ResidentService, content: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._resident = resident
        self._content = content
        self._services = resident.services
        self._settings = resident.settings
        self._clock = self._services.clock
        self._stack: list[str] = ["attract"]
        self._busy = False
        self._idle_remaining = 0
        self._countdown_visible = False
        self._last_touch = self._clock.monotonic()
        self._identify_state = "waiting"
        self._identify_purpose = "apply"  # or "lookup"
        self._manual_errors: dict[str, str] = {}
        self._show_errors = False
        self._page_pos = 0  # index into the form's visible pages
        self._lookup_state = ""
        self._submit_error = ""
        self._paper = Paper.OK
        self._printer_online = True
        self._category_id = ""
        self._search_text = ""
        self._notice_id = ""
        self._high_contrast = False
        self._guide_print_state = ""

        self._pending_content: Any = None
        self._certificate_state = ""
        self._notice_print_state = ""
        self._demo_last_tracking = ""  # the demo dock's "scan the last receipt" (a number, nothing personal)
        self._ticket: dict[str, Any] = {}
        self._rating_service = ""
        self._staff_called = False
        from kiosk.community import CommunityServices

        self._community_services = CommunityServices(self._services)
        self._models: dict[str, DictListModel] = {}
        self._models["categories"] = DictListModel(["categoryId", "name", "iconKey", "count"], self)
        self._models["services"] = DictListModel(["serviceId", "name", "summary", "hasForm", "categoryId"], self)
        self._models["notices"] = DictListModel(["noticeId", "category", "title", "body", "date"], self)
        self._models["fields"] = DictListModel(
            ["fieldId", "type", "label", "hint", "required", "value", "values", "checked", "error",
             "choices", "keypad", "sensitive", "displayValue", "readOnly", "raw"], self)
        self._models["review"] = DictListModel(["page", "fieldId", "label", "value"], self)
        self._models["lookups"] = DictListModel(["tracking", "trackingPretty", "service", "status", "updated", "certificate"], self)
        self._models["sampleCards"] = DictListModel(["key", "label"], self)

        self._tasks = TaskRunner(self)
        self._poller = CardPoller(self._services.idcard, self._settings.idcard.poll_interval_s, self)
        self._poller.result.connect(self._on_card_result)
        self._idle_timer = QTimer(self)
        self._idle_timer.setInterval(500)
        self._idle_timer.timeout.connect(self.tick)
        self._idle_timer.start()
        self._refresh_content()
        self._refresh_dev()
        self.scanned.connect(self._on_scan)
        scanner = self._services.scanner
        if scanner is not None:
            from kiosk.roles.scanner import ScanEvent

            # the scanner's thread only emits; the GUI thread decides what a payload means
            scanner.start(lambda ev: self.scanned.emit(ev.payload) if isinstance(ev, ScanEvent) else None)

    # ------------------------------------------------------------------ helpers
    @property
    def resident(self) -> ResidentService:
        return self._resident

    @property
    def tasks(self) -> TaskRunner:
        return self._tasks

    def _lang(self) -> str:
        return self._resident.session.language

    def _set_screen(self, name: str, *, push: bool = True, reset: bool = False) -> None:
        assert name in SCREENS, name
        if reset:
            self._stack = [name]
        elif push:
            if self._stack[-1] != name:
                self._stack.append(name)
        else:
            self._stack[-1] = name
        self._on_screen_entered(name)
        self.screenChanged.emit()
        self.screenShown.emit(name)

    def _on_screen_entered(self, name: str) -> None:
        if name == "identify":
            self._identify_state = "waiting"
            self._poller.start()
        else:
            self._poller.stop()

    def shutdown(self) -> None:
        self._idle_timer.stop()
        self._poller.stop()
        self._tasks.shutdown()

    # ------------------------------------------------------------------ properties
    def _screen(self) -> str:
        return self._stack[-1]

    screen = Property(str, _screen, notify=screenChanged)

    def _can_go_back(self) -> bool:
        return len(self._stack) > 1 and self._stack[-1] not in ("receipt", "finish", "attract", "rating", "ticket")

    canGoBack = Property(bool, _can_go_back, notify=screenChanged)

    def _language(self) -> str:
        return self._lang()

    language = Property(str, _language, notify=languageChanged)

    def _languages(self) -> list[str]:
        return list(self._settings.ui.languages)

    languages = Property("QVariantList", _languages, constant=True)

    def _large_text(self) -> bool:
        return self._resident.session.large_text

    largeText = Property(bool, _large_text, notify=sessionChanged)

    def _hc(self) -> bool:
        return self._high_contrast

    highContrast = Property(bool, _hc, notify=sessionChanged)

    def _idle_rem(self) -> int:
        return self._idle_remaining

    idleRemaining = Property(int, _idle_rem, notify=idleChanged)

    def _cd_visible(self) -> bool:
        return self._countdown_visible

    countdownVisible = Property(bool, _cd_visible, notify=idleChanged)

    def _busy_get(self) -> bool:
        return self._busy

    busy = Property(bool, _busy_get, notify=busyChanged)

    def _centre(self) -> str:
        t = self._settings.terminal
        return t.centre_name_zh if self._lang() == "zh_CN" else t.centre_name_en

    centreName = Property(str, _centre, notify=languageChanged)

    def _community(self) -> str:
        t = self._settings.terminal
        return t.community_name_zh if self._lang() == "zh_CN" else t.community_name_en

    communityName = Property(str, _community, notify=languageChanged)

    def _identified(self) -> bool:
        return self._resident.session.identity is not None

    identified = Property(bool, _identified, notify=sessionChanged)

    def _masked_name(self) -> str:
        i = self._resident.session.identity
        return i.masked_name if i else ""

    identityMaskedName = Property(str, _masked_name, notify=sessionChanged)

    def _masked_id(self) -> str:
        i = self._resident.session.identity
        return i.masked_id if i else ""

    identityMaskedId = Property(str, _masked_id, notify=sessionChanged)

    def _identify_state_get(self) -> str:
        return self._identify_state

    identifyState = Property(str, _identify_state_get, notify=sessionChanged)

    def _identify_purpose_get(self) -> str:
        return self._identify_purpose

    identifyPurpose = Property(str, _identify_purpose_get, notify=sessionChanged)

    def _manual_errors_get(self) -> dict[str, str]:
        return dict(self._manual_errors)

    manualErrors = Property("QVariantMap", _manual_errors_get, notify=sessionChanged)

    def _service(self) -> dict[str, Any]:
        s = self._resident.current_service()
        if s is None:
            return {}
        lang = self._lang()
        g = s.guide
        return {
            "serviceId": s.id,
            "name": tr(s.name, lang),
            "summary": tr(s.summary, lang),
            "hasForm": bool(s.form_id),
            "needsReceipt": bool(s.needs_receipt),
            "who": tr(g.who, lang),
            "materials": [tr(m, lang) for m in g.materials],
            "where": tr(g.where, lang),
            "hours": tr(g.hours, lang),
            "timeLimit": tr(g.time_limit, lang),
            "fee": tr(g.fee, lang),
            "legalBasis": tr(g.legal_basis, lang),
        }

    service = Property("QVariantMap", _service, notify=sessionChanged)

    def _form_info(self) -> dict[str, Any]:
        form = self._resident.session.form
        if form is None:
            return {}
        lang = self._lang()
        steps = self._steps()
        pos = min(self._page_pos, max(len(steps) - 1, 0))
        page = form.definition.pages[steps[pos][0]] if steps else None
        return {
            "title": tr(form.definition.title, lang),
            "formId": form.definition.id,
            "version": form.definition.version,
            "layout": form.definition.layout,
            "page": pos + 1,
            "pageCount": len(steps),
            "pageTitle": tr(page.title, lang) if page else "",
            "isLast": pos >= len(steps) - 1,
        }

    form = Property("QVariantMap", _form_info, notify=formChanged)

    def _receipt(self) -> dict[str, Any]:
        s = self._resident.session
        r, stub, printed = s.last_receipt, s.last_stub, s.last_print
        if r is None or stub is None:
            return {}
        return {
            "tracking": r.tracking_number,
            "trackingPretty": tracking.pretty(r.tracking_number),
            "service": r.service_name,
            "name": r.masked_name,
            "id": r.masked_id,
            "time": _format_time(r.time, self._lang()),
            "counter": r.counter,
            "nextSteps": list(r.next_steps),
            "qr": r.qr_payload,
            "printed": bool(printed and printed.ok),
            "printReason": (printed.reason or "") if printed else "",
        }

    receipt = Property("QVariantMap", _receipt, notify=sessionChanged)

    def _submit_error_get(self) -> str:
        return self._submit_error

    submitError = Property(str, _submit_error_get, notify=sessionChanged)

    def _lookup_state_get(self) -> str:
        return self._lookup_state

    lookupState = Property(str, _lookup_state_get, notify=sessionChanged)

    def _paper_get(self) -> str:
        return str(self._paper)

    paper = Property(str, _paper_get, notify=deviceChanged)

    def _printer_ready(self) -> bool:
        return self._printer_online and self._paper != Paper.OUT

    printerReady = Property(bool, _printer_ready, notify=deviceChanged)

    def _dev_dock(self) -> bool:
        return bool(self._settings.ui.dev_dock) and self._settings.mode == "demo"

    devDock = Property(bool, _dev_dock, constant=True)

    def _category_name(self) -> str:
        for c in self._content.catalog.categories:
            if c.id == self._category_id:
                return tr(c.name, self._lang())
        return ""

    categoryName = Property(str, _category_name, notify=sessionChanged)

    def _search_get(self) -> str:
        return self._search_text

    searchText = Property(str, _search_get, notify=sessionChanged)

    def _notice(self) -> dict[str, Any]:
        for row in self.notices.rows():
            if row["noticeId"] == self._notice_id:
                return row
        return {}

    notice = Property("QVariantMap", _notice, notify=sessionChanged)

    def set_content(self, content: Any) -> None:
        """New catalog/forms/notices from an activated bundle; applied only between sessions."""
        if self._stack[-1] not in ("attract", "finish"):
            self._pending_content = content
            return
        self._content = content
        self._resident.content = content
        self._pending_content = None
        self._refresh_content()
        self.sessionChanged.emit()

    # ------------------------------------------------------------------ content
    def _refresh_content(self) -> None:
        lang = self._lang()
        cat = self._content.catalog
        counts: dict[str, int] = {}
        for s in cat.services:
            counts[s.category] = counts.get(s.category, 0) + 1
        self.categories.set_rows([
            {"categoryId": c.id, "name": tr(c.name, lang), "iconKey": c.icon, "count": counts.get(c.id, 0)}
            for c in cat.categories
        ])
        self._refresh_services()
        today = self._clock.now().date()
        from contract.notices import active

        self.notices.set_rows([
            {"noticeId": n.id, "category": n.category, "title": tr(n.title, lang), "body": tr(n.body, lang),
             "date": _format_date(n.valid_from, lang) if n.valid_from else ""}
            for n in active(self._content.notices, today)
        ])

    def _refresh_services(self) -> None:
        lang = self._lang()
        cat = self._content.catalog
        if self._stack[-1] == "search" or (self._search_text and self._stack[-1] != "category"):
            found = cat.search(self._search_text, lang) if self._search_text.strip() else []
        else:
            found = [s for s in cat.services if s.category == self._category_id]
        self.services.set_rows([
            {"serviceId": s.id, "name": tr(s.name, lang), "summary": tr(s.summary, lang),
             "hasForm": bool(s.form_id), "categoryId": s.category}
            for s in found
        ])

    def _refresh_dev(self) -> None:
        sim = self._services.demo.idcard if self._services.demo else None
        if sim is None or not hasattr(sim, "sample_keys"):
            return
        from devices.idcard import samples

        self._models["sampleCards"].set_rows([{"key": k, "label": samples.get(k).label} for k in sim.sample_keys()])

    # ------------------------------------------------------------------ idle
    @Slot()
    def touch(self) -> None:
        self._last_touch = self._clock.monotonic()
        if self._countdown_visible:
            self._countdown_visible = False
            self.idleChanged.emit()

    def _timeout_s(self) -> int:
        ui = self._settings.ui
        return ui.elderly_idle_timeout_s if self._resident.session.large_text else ui.idle_timeout_s

    @Slot()
    def tick(self) -> None:
        """Called twice a second (and by tests after moving the fake clock)."""
        screen = self._stack[-1]
        if screen == "attract":
            if self._countdown_visible:
                self._countdown_visible = False
                self.idleChanged.emit()
            return
        if screen == "finish":
            if self._clock.monotonic() - self._last_touch >= 8:
                self._set_screen("attract", reset=True)
            return
        if self._busy:
            self._last_touch = self._clock.monotonic()
            return
        remaining = self._timeout_s() - (self._clock.monotonic() - self._last_touch)
        visible = remaining <= self._settings.ui.countdown_s
        rem = max(0, int(remaining + 0.999))
        if rem != self._idle_remaining or visible != self._countdown_visible:
            self._idle_remaining, self._countdown_visible = rem, visible
            self.idleChanged.emit()
        if remaining <= 0:
            self.wipe("idle")

    # ------------------------------------------------------------------ session
    def wipe(self, reason: str) -> None:
        """Forget the resident: core session, every model, every property; back to the attract screen."""
        self._poller.stop()
        self._resident.wipe(reason)
        self._manual_errors = {}
        self._show_errors = False
        self._page_pos = 0
        self._lookup_state = ""
        self._submit_error = ""
        self._identify_state = "waiting"
        self._category_id = ""
        self._search_text = ""
        self._notice_id = ""
        self._high_contrast = False
        self._guide_print_state = ""
        self._certificate_state = ""
        self._ticket = {}
        self._staff_called = False
        self.fields.clear()
        self.review.clear()
        self.lookups.clear()
        self._countdown_visible = False
        self._idle_remaining = 0
        self.idleChanged.emit()
        self.sessionWiped.emit()
        self._apply_language()
        self._set_screen("attract", reset=True)
        self.sessionChanged.emit()
        self.formChanged.emit()

    @Slot()
    def start(self) -> None:
        if self._pending_content is not None:
            self.set_content(self._pending_content)
        self._resident.start_session()
        self.touch()
        self._set_screen("home", reset=True)
        self.sessionChanged.emit()

    @Slot()
    def goHome(self) -> None:
        if self._stack[-1] in ("receipt", "finish"):
            self.finish()
            return
        self._search_text = ""
        self._set_screen("home", reset=True)
        self.sessionChanged.emit()

    @Slot()
    def goBack(self) -> None:
        if not self._can_go_back():
            return
        if self._stack[-1] == "form" and self._page_pos > 0:
            self.prevPage()
            return
        self._stack.pop()
        self._on_screen_entered(self._stack[-1])
        self.screenChanged.emit()
        self.screenShown.emit(self._stack[-1])

    @Slot(str)
    def setLanguage(self, lang: str) -> None:
        if lang not in self._settings.ui.languages or lang == self._lang():
            return
        self._resident.session.language = lang
        self._apply_language()
        form = self._resident.session.form
        if form is not None and hasattr(form, "lang"):
            form.lang = lang
        self._refresh_fields()

    def _apply_language(self) -> None:
        self.languageSwitchRequested.emit(self._lang())
        self._refresh_content()
        self.languageChanged.emit()
        self.sessionChanged.emit()
        self.formChanged.emit()

    @Slot()
    def toggleLargeText(self) -> None:
        s = self._resident.session
        s.large_text = not s.large_text
        self.touch()
        self.sessionChanged.emit()

    @Slot()
    def toggleHighContrast(self) -> None:
        self._high_contrast = not self._high_contrast
        self.sessionChanged.emit()

    # ------------------------------------------------------------------ browsing
    @Slot(str)
    def openCategory(self, category_id: str) -> None:
        self._category_id = category_id
        self._search_text = ""
        self._set_screen("category")
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot()
    def openSearch(self) -> None:
        self._set_screen("search")
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot(str)
    def search(self, text: str) -> None:
        self._search_text = text[:40]
        self._refresh_services()
        self.sessionChanged.emit()

    @Slot(str)
    def openService(self, service_id: str) -> None:
        self._resident.choose_service(service_id)
        self._set_screen("guide")
        self.sessionChanged.emit()
        self.refreshPrinterStatus()

    @Slot()
    def openNotices(self) -> None:
        self._set_screen("notices")

    @Slot(str)
    def openNotice(self, notice_id: str) -> None:
        self._notice_id = notice_id
        self._notice_print_state = ""
        self._set_screen("notice")
        self.sessionChanged.emit()

    @Slot()
    def refreshPrinterStatus(self) -> None:
        printer = self._services.printer

        def done(status: Any, error: BaseException | None) -> None:
            if error is None and status is not None:
                self._paper = status.paper
                self._printer_online = bool(status.online and status.error is None)
                self.deviceChanged.emit()

        self._tasks.run(printer.status, done)

    # ------------------------------------------------------------------ identify
    @Slot()
    def apply(self) -> None:
        """'Apply here' on a guide: identify first, unless this session already did."""
        self._identify_purpose = "apply"
        if self._resident.session.identity is not None:
            self._begin_form()
        else:
            self._set_screen("identify")
        self.sessionChanged.emit()

    @Slot()
    def useManualEntry(self) -> None:
        self._manual_errors = {}
        self._set_screen("manual")
        self.sessionChanged.emit()

    def _on_card_result(self, generation: int, result: Any) -> None:
        if generation != self._poller.generation or self._stack[-1] != "identify":
            return
        if isinstance(result, NoCard):
            if self._identify_state not in ("waiting", "unreadable", "expired", "offline") or self._identify_state == "offline":
                self._identify_state = "waiting"
                self.sessionChanged.emit()
            return
        outcome: IdentifyOutcome = self._resident.identify_from_read(result)
        if outcome.code == "ok":
            self._poller.stop()
            self._identify_state = "ok"
            self.touch()
            self.sessionChanged.emit()
            self._after_identified()
        else:
            self._identify_state = outcome.code
            self.sessionChanged.emit()

    @Slot(str, str, str)
    def submitManual(self, name: str, id_number: str, phone: str) -> None:
        self._manual_errors = self._resident.identify_manual(name, id_number, phone)
        self.sessionChanged.emit()
        if not self._manual_errors:
            self._after_identified()

    def _after_identified(self) -> None:
        if self._identify_purpose == "lookup":
            code, stubs = self._resident.lookup_identity()
            self._show_lookup(code, stubs)
        else:
            self._begin_form()

    # ------------------------------------------------------------------ form
    def _begin_form(self) -> None:
        self._resident.start_form()
        self._page_pos = 0
        self._show_errors = False
        # identify/manual are behind us: Back from the form goes to the guide
        self._stack = [s for s in self._stack if s not in ("identify", "manual")]
        self._set_screen("form")
        self._refresh_fields(reset=True)
        self.formChanged.emit()
        self.sessionChanged.emit()

    def _steps(self) -> list[tuple[int, str | None]]:
        """The screens of the form: one per visible page, or one per question when the form says
        ``layout: one_per_screen`` (hidden calculations never get a screen of their own)."""
        form = self._resident.session.form
        if form is None:
            return []
        pages = form.visible_pages()
        if form.definition.layout != "one_per_screen":
            return [(pi, None) for pi in pages]
        return [(pi, f.id) for pi in pages for f in form.visible_fields(pi) if f.type != "calculate"]

    def _current_step(self) -> tuple[int, str | None] | None:
        steps = self._steps()
        if not steps:
            return None
        self._page_pos = min(self._page_pos, len(steps) - 1)
        return steps[self._page_pos]

    def _current_page_index(self) -> int | None:
        step = self._current_step()
        return step[0] if step else None

    def _step_fields(self) -> list[Any]:
        form = self._resident.session.form
        step = self._current_step()
        if form is None or step is None:
            return []
        return [f for f in form.visible_fields(step[0]) if step[1] is None or f.id == step[1]]

    def _step_errors(self) -> dict[str, str]:
        form = self._resident.session.form
        step = self._current_step()
        if form is None or step is None:
            return {}
        ids = {f.id for f in self._step_fields()}
        return {k: v for k, v in form.errors(step[0], self._lang()).items() if k in ids}

    def _refresh_fields(self, reset: bool = False) -> None:
        form = self._resident.session.form
        page = self._current_page_index()
        if form is None or page is None:
            self.fields.clear()
            return
        lang = self._lang()
        errors = self._step_errors() if self._show_errors else {}
        rows = []
        for f in self._step_fields():
            value = form.value(f.id)
            offered = form.choices(f.id) if f.is_choice else []
            hint = tr(f.hint, lang)
            if f.choice_filter and not offered:  # a cascading list waits for the answer above
                hint = hint or message("choices_after_answer", lang)
            rows.append({
                "fieldId": f.id,
                "type": f.type,
                "label": tr(f.label, lang),
                "hint": hint,
                "required": bool(f.required),
                "value": value if isinstance(value, str) else ("" if value is None or isinstance(value, (list, bool, dict)) else str(value)),
                "values": list(value) if isinstance(value, list) else [],
                "checked": value is True,
                "error": errors.get(f.id, ""),
                "choices": [{"value": c.value, "label": tr(c.label, lang)} for c in offered],
                "keypad": f.keypad,
                "sensitive": bool(f.sensitive),
                "displayValue": form.display_value(f.id, lang),
                "readOnly": bool(getattr(f, "read_only", False)) or f.type in ("note", "calculate"),
                "raw": value if isinstance(value, (bool, dict, str)) else None,
            })
        ids_before = [r["fieldId"] for r in self.fields.rows()]
        if reset or ids_before != [r["fieldId"] for r in rows]:
            self.fields.set_rows(rows)
        else:
            self.fields.update_rows(rows)

    @Slot(str, "QVariant")
    def setFieldValue(self, field_id: str, value: Any) -> None:
        form = self._resident.session.form
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
        form = self._resident.session.form
        if form is None:
            return
        current = form.value(field_id)
        values = list(current) if isinstance(current, list) else []
        if choice in values:
            values.remove(choice)
        else:
            values.append(choice)
        self.setFieldValue(field_id, values)

    @Slot()
    def nextPage(self) -> None:
        form = self._resident.session.form
        page = self._current_page_index()
        if form is None or page is None:
            return
        errors = self._step_errors()
        if errors:
            self._show_errors = True
            self._refresh_fields()
            self.formChanged.emit()
            return
        self._show_errors = False
        if self._page_pos >= len(self._steps()) - 1:
            self._show_review()
            return
        self._page_pos += 1
        self._refresh_fields(reset=True)
        self.formChanged.emit()

    @Slot()
    def prevPage(self) -> None:
        if self._page_pos > 0:
            self._page_pos -= 1
            self._show_errors = False
            self._refresh_fields(reset=True)
            self.formChanged.emit()

    def _show_review(self) -> None:
        form = self._resident.session.form
        lang = self._lang()
        steps = self._steps()
        rows = []
        for page_index, field_id, label, value in form.review(lang):
            pos = next((i for i, (pi, fid) in enumerate(steps) if pi == page_index and fid in (None, field_id)), 0)
            rows.append({"page": pos, "fieldId": field_id, "label": label, "value": value})
        self.review.set_rows(rows)
        self._set_screen("review")

    @Slot(int)
    def editPage(self, page_pos: int) -> None:
        if self._stack[-1] == "review":
            self._stack.pop()
        self._page_pos = max(0, page_pos)
        self._refresh_fields(reset=True)
        self._set_screen("form", push=False)
        self.formChanged.emit()

    # ------------------------------------------------------------------ submit
    def _run_busy(self, job: Callable[[], Any], on_done: Callable[[Any, BaseException | None], None]) -> None:
        """Run ``job`` off the GUI thread behind the "please wait" overlay; a second tap meanwhile is ignored."""
        if self._busy:
            return
        self._busy = True
        self.busyChanged.emit()

        def done(result: Any, error: BaseException | None) -> None:
            self._busy = False
            self.busyChanged.emit()
            on_done(result, error)

        self._tasks.run(job, done)

    @staticmethod
    def _print_state(outcome: Any, error: BaseException | None) -> str:
        """What the screen says after an A4 print: printed, or the reason it was not."""
        if error is not None or outcome is None:
            return "failed"
        return "printed" if outcome.ok else (outcome.reason or "failed")

    @Slot()
    def submit(self) -> None:
        if self._busy:
            return
        self._submit_error = ""

        def done(outcome: SubmitOutcome | None, error: BaseException | None) -> None:
            if error is not None or outcome is None:
                from kiosk.clock_guard import ClockWrong
                from kiosk.storage_faults import StorageFault

                # the disk cannot take it, or the clock is wrong: not the resident's to fix, so staff are called
                self._submit_error = ("storage" if isinstance(error, StorageFault) else
                                      "clock" if isinstance(error, ClockWrong) else "store_failed")
                self.sessionChanged.emit()
                if self._submit_error != "store_failed" and not self._staff_called:
                    self.callStaff()
                return
            self._paper = self._paper if outcome.printed.ok else (
                Paper.OUT if outcome.printed.reason == "paper_out" else self._paper)
            self.deviceChanged.emit()
            self.fields.clear()
            self.review.clear()
            self._demo_last_tracking = outcome.stub.tracking_number
            self._set_screen("receipt", reset=True)
            self.sessionChanged.emit()

        self._run_busy(self._resident.submit, done)

    @Slot()
    def reprint(self) -> None:
        self._run_busy(self._resident.reprint, lambda _outcome, _error: self.sessionChanged.emit())

    @Slot()
    def finish(self) -> None:
        """'Done': wipe now, ask for a rating when a service was used, then 'take your card and receipt'."""
        service = self._resident.session.service_id if self._stack[-1] == "receipt" else None
        self.wipe("finish")
        self.touch()
        if service:
            self._rating_service = service
            self._set_screen("rating", reset=True)
            return
        self._set_screen("finish", reset=True)

    @Slot(int, "QVariantList")
    def rate(self, level: int, reasons: list[Any]) -> None:
        service = self._rating_service
        self._rating_service = ""
        if service and 1 <= int(level) <= 5:
            try:
                self._community_services.rate(service, int(level), [str(r) for r in reasons])
            except Exception:  # a rating must never keep a resident at the screen
                log.exception("rating not recorded")
        self.touch()
        self._set_screen("finish", reset=True)

    @Slot()
    def skipRating(self) -> None:
        self._rating_service = ""
        self.touch()
        self._set_screen("finish", reset=True)

    def _rating_reasons(self) -> list[dict[str, str]]:
        from kiosk.community import RATING_REASONS

        return [{"value": k, "label": tr(v, self._lang())} for k, v in RATING_REASONS.items()]

    ratingReasons = Property("QVariantList", _rating_reasons, notify=languageChanged)

    # ------------------------------------------------------------------ queue tickets, calling staff
    def _business_types(self) -> list[dict[str, str]]:
        from contract.queue import BUSINESS_TYPES

        return [{"code": b.code, "name": tr(b.name, self._lang())} for b in BUSINESS_TYPES]

    businessTypes = Property("QVariantList", _business_types, notify=languageChanged)

    def _ticket_get(self) -> dict[str, Any]:
        return dict(self._ticket)

    ticket = Property("QVariantMap", _ticket_get, notify=sessionChanged)

    @Slot()
    def openQueue(self) -> None:
        self._set_screen("queue")

    @Slot(str)
    def takeTicket(self, code: str) -> None:
        lang = self._lang()

        def job() -> tuple[Any, Any]:
            ticket = self._community_services.issue_ticket(code, lang)
            return ticket, self._resident._print_service().print_ticket(ticket)

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None or result is None:
                self._submit_error = "ticket_failed"
                self.sessionChanged.emit()
                return
            ticket, printed = result
            from kiosk.community import ticket_time

            self._ticket = {"number": ticket.number, "business": ticket.business_type, "waiting": ticket.waiting,
                            "estimate": ticket.estimate_min, "time": ticket_time(ticket, lang),
                            "printed": bool(printed.ok)}
            self._set_screen("ticket", reset=True)
            self.sessionChanged.emit()

        self._run_busy(job, done)

    @Slot()
    def callStaff(self) -> None:
        screen = self._stack[-1]
        self._staff_called = True
        self.sessionChanged.emit()
        self._tasks.run(lambda: self._community_services.call_staff(screen), lambda _r, _e: None)

    def _staff_called_get(self) -> bool:
        return self._staff_called

    staffCalled = Property(bool, _staff_called_get, notify=sessionChanged)

    # ------------------------------------------------------------------ lookup
    @Slot()
    def openLookup(self) -> None:
        self._lookup_state = ""
        self._set_screen("lookup")
        self.sessionChanged.emit()

    @Slot(str)
    def lookupTracking(self, text: str) -> None:
        code, stubs = self._resident.lookup_tracking(text)
        if code == "invalid":
            self._lookup_state = "invalid"
            self.sessionChanged.emit()
            return
        self._show_lookup(code, stubs)

    @Slot()
    def lookupByCard(self) -> None:
        self._identify_purpose = "lookup"
        if self._resident.session.identity is not None:
            code, stubs = self._resident.lookup_identity()
            self._show_lookup(code, stubs)
        else:
            self._set_screen("identify")
        self.sessionChanged.emit()

    def _show_lookup(self, code: str, stubs: list[Any]) -> None:
        lang = self._lang()
        self._lookup_state = code
        rows = []
        for stub in stubs:
            service = self._resident.service_or_none(stub.service_id)
            rows.append({
                "tracking": stub.tracking_number,
                "trackingPretty": tracking.pretty(stub.tracking_number),
                "service": tr(service.name, lang) if service else stub.service_id,
                "status": str(stub.status),
                "updated": _format_time(stub.updated_at, lang),
                "certificate": bool(stub.certificate_available),
            })
        self.lookups.set_rows(rows)
        self._stack = [s for s in self._stack if s not in ("identify", "manual")]
        self._set_screen("lookup_result")
        self.sessionChanged.emit()

    @Slot(str, str, result="QVariantList")
    def filterChoices(self, field_id: str, query: str) -> list[dict[str, str]]:
        """Choices of a long list matching what was typed: Chinese, pinyin, initials or English."""
        from contract.forms.model import filter_choices

        form = self._resident.session.form
        if form is None:
            return []
        try:
            field = form.field(field_id)
        except KeyError:
            return []
        lang = self._lang()
        offered = {c.value for c in form.choices(field_id)}  # a choice_filter narrows the list
        found = [c for c in filter_choices(field, query[:40]) if c.value in offered]
        return [{"value": c.value, "label": tr(c.label, lang)} for c in found[:8]]

    @Slot(str, result=str)
    def policyText(self, field_id: str) -> str:
        form = self._resident.session.form
        if form is None:
            return ""
        try:
            return tr(form.field(field_id).policy, self._lang())
        except KeyError:
            return ""

    @Slot(result="QVariantList")
    def addressDistricts(self) -> list[dict[str, str]]:
        from contract.forms.address import districts

        return [{"value": d.code, "label": tr(d.name, self._lang())} for d in districts()]

    @Slot(str, result="QVariantList")
    def addressStreets(self, code: str) -> list[dict[str, str]]:
        from contract.forms.address import district

        d = district(code)
        if d is None:
            return []
        return [{"value": s["zh_CN"], "label": tr(s, self._lang())} for s in d.streets]

    @Slot()
    def printGuide(self) -> None:
        """Print the service guide on the A4 printer (CUPS) when one is configured."""
        service = self._resident.current_service()
        queue = self._settings.document_printer.queue
        if service is None:
            return
        if not queue:
            self._guide_print_state = "unavailable"
            self.sessionChanged.emit()
            return
        self._guide_print_state = "printing"
        self.sessionChanged.emit()

        def job() -> Any:
            return self._resident.print_guide(queue)

        def done(result: Any, error: BaseException | None) -> None:
            self._guide_print_state = "done" if error is None and result else "failed"
            self.sessionChanged.emit()

        self._tasks.run(job, done)

    def _guide_print(self) -> str:
        return self._guide_print_state

    guidePrintState = Property(str, _guide_print, notify=sessionChanged)

    @Slot()
    def printNotice(self) -> None:
        """Print the open notice on the A4 printer (journalled: a notice holds no personal data)."""
        notice = self._notice()
        if not notice:
            return
        centre = self._centre()

        def job() -> Any:
            from kiosk.documents.pdf import notice_pdf

            pdf = notice_pdf(centre, notice["title"], notice["date"], notice["body"])
            return self._resident._print_service().print_document(pdf, f"notice-{notice['noticeId']}")

        def done(result: Any, error: BaseException | None) -> None:
            self._notice_print_state = self._print_state(result.outcome if result is not None else None, error)
            self.sessionChanged.emit()

        self._run_busy(job, done)

    def _notice_print(self) -> str:
        return self._notice_print_state

    noticePrintState = Property(str, _notice_print, notify=sessionChanged)

    @Slot(str)
    def printCertificate(self, tracking_number: str) -> None:
        if self._busy:
            return
        self._certificate_state = ""

        def done(outcome: Any, error: BaseException | None) -> None:
            self._certificate_state = self._print_state(outcome, error)
            self.sessionChanged.emit()

        self._run_busy(lambda: self._resident.print_certificate(tracking_number), done)

    def _cert_state(self) -> str:
        return self._certificate_state

    certificateState = Property(str, _cert_state, notify=sessionChanged)

    def _on_scan(self, payload: str) -> None:
        """A receipt's QR code looks up its progress from any resident screen but a form in progress."""
        if not payload.startswith("KIOSK:TRACK:"):
            return  # not ours (an electronic ID code needs the platform to verify it; not trusted here)
        screen = self._stack[-1]
        if screen in ("form", "review", "manual", "receipt", "rating"):
            return
        if screen in ("attract", "finish"):
            self.start()
        self.touch()
        self._lookup_state = ""
        self.lookupTracking(payload)

    # ------------------------------------------------------------------ demo dock
    @Slot(str)
    def devPlaceCard(self, key: str) -> None:
        sim = self._services.demo.idcard if self._services.demo else None
        if sim is not None and self._dev_dock():
            sim.place(key)

    @Slot()
    def devRemoveCard(self) -> None:
        sim = self._services.demo.idcard if self._services.demo else None
        if sim is not None and self._dev_dock():
            sim.remove()

    @Slot(str)
    def devSetPaper(self, state: str) -> None:
        sim = self._services.demo.printer if self._services.demo else None
        if sim is not None and self._dev_dock():
            sim.set_paper(state)
            self.refreshPrinterStatus()

    @Slot()
    def devScanLastReceipt(self) -> None:
        sim = self._services.demo.scanner if self._services.demo else None
        if sim is not None and self._dev_dock() and self._demo_last_tracking:
            sim.scan(f"KIOSK:TRACK:{self._demo_last_tracking}")

    @Slot(bool)
    def devSetReaderOnline(self, online: bool) -> None:
        sim = self._services.demo.idcard if self._services.demo else None
        if sim is not None and self._dev_dock() and hasattr(sim, "set_fault"):
            sim.set_fault(None if online else "silence")


def _format_time(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    return f"{value.day} {value:%b %Y %H:%M}"


def _format_date(value: Any, lang: str) -> str:
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%b %Y}"
