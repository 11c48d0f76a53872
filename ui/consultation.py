"""The consultation screens' adapter (议事协商): topics, identify by card, vote, opinion, outcome, results.

A separate QObject next to ``KioskBackend``: it reads the resident session (and sets its
identity through the core's own ``identify_from_read``), and does store and hub I/O on
worker threads (``TaskRunner``), so the screens never wait on disk or network. Its pages
are an overlay over the home screen (``ConsultationScreen.qml``), closed when the
session is wiped.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from contract.lang import tr
from contract.masking import mask_name
from kiosk.consultation import Consultation, ConsultationError, Topic
from kiosk.roles.idcard import NoCard
from ui.models import qml_property
from ui.workers import CardPoller, TaskRunner

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Consultation"
QML_IMPORT_MAJOR_VERSION = 1

PAGES = ("list", "topic", "identify", "done")


@QmlElement
@QmlUncreatable("ConsultationBackend is created by the application")
class ConsultationBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    changed = Signal()
    pageShown = Signal(str)  # "consultation_<page>", for voice guidance

    def __init__(self, backend: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._resident = backend.resident
        self._services = self._resident.services
        self.core = Consultation(self._services)
        self._tasks = TaskRunner(self)
        self._poller = CardPoller(self._services.idcard, self._services.settings.idcard.poll_interval_s, self)
        self._poller.result.connect(self._on_card)
        self._active = False
        self._page = "list"
        self._topic_id = ""
        self._pending: tuple[str, str, str] | None = None  # ("vote", option, "") or ("opinion", text, kind)
        self._message = ""
        self._identify_state = ""
        self._outcome = ""
        self._last_item = ""
        self._last_action = ""
        self._busy = False
        backend.sessionWiped.connect(self._on_wiped)
        backend.languageChanged.connect(self.changed)
        backend.sessionChanged.connect(self.changed)
        backend.screenChanged.connect(self._on_screen)  # Home/Back in the nav bar leave consultation

    # --- helpers --------------------------------------------------------------------------------------
    def _lang(self) -> str:
        return str(self._resident.session.language)

    def _topics(self) -> list[Topic]:
        return self.core.topics(self._resident.content)

    def _current(self) -> Topic | None:
        return next((t for t in self._topics() if t.id == self._topic_id), None)

    def _go(self, page: str) -> None:
        assert page in PAGES, page
        self._page = page
        if page == "identify":
            self._identify_state = "waiting"
            self._poller.start()
        else:
            self._poller.stop()
        self._backend.touch()
        self.changed.emit()
        self.pageShown.emit(f"consultation_{page}")

    def _identity(self) -> Any:
        return self._resident.session.identity

    # --- properties -----------------------------------------------------------------------------------
    def _active_get(self) -> bool:
        return self._active

    active = Property(bool, _active_get, notify=changed)

    def _page_get(self) -> str:
        return self._page

    page = Property(str, _page_get, notify=changed)

    def _message_get(self) -> str:
        return self._message

    message = Property(str, _message_get, notify=changed)

    def _identify_get(self) -> str:
        return self._identify_state

    identifyState = Property(str, _identify_get, notify=changed)

    def _outcome_get(self) -> str:
        return self._outcome

    outcome = Property(str, _outcome_get, notify=changed)

    def _last_action_get(self) -> str:
        return self._last_action

    lastAction = Property(str, _last_action_get, notify=changed)

    def _busy_get(self) -> bool:
        return self._busy

    busy = Property(bool, _busy_get, notify=changed)

    def _identified(self) -> bool:
        return self._identity() is not None

    identified = Property(bool, _identified, notify=changed)

    def _masked_name(self) -> str:
        ident = self._identity()
        return mask_name(ident.name) if ident is not None else ""

    maskedName = Property(str, _masked_name, notify=changed)

    def _topic_rows(self) -> list[dict[str, Any]]:
        lang = self._lang()
        return [{"topicId": t.id, "title": tr(t.title, lang), "state": self.core.state_of(t),
                 "closes": t.closes_at.astimezone().strftime("%Y-%m-%d %H:%M") if t.closes_at else "",
                 "isVote": bool(t.options)} for t in self._topics()]

    topics = qml_property("QVariantList", _topic_rows, changed)

    def _topic_get(self) -> dict[str, Any]:
        t = self._current()
        if t is None:
            return {}
        lang, state = self._lang(), self.core.state_of(t)
        results = self.core.results(t.id) if state == "closed" else None
        votes = {o["id"]: o["votes"] for o in (results or {}).get("options") or []}
        total = int((results or {}).get("total") or 0)
        return {
            "topicId": t.id, "title": tr(t.title, lang), "description": tr(t.description, lang),
            "state": state, "closes": t.closes_at.astimezone().strftime("%Y-%m-%d %H:%M") if t.closes_at else "",
            "options": [{"optionId": o.id, "label": tr(o.label, lang), "votes": votes.get(o.id, 0),
                         "share": (votes.get(o.id, 0) / total) if total else 0.0} for o in t.options],
            "hasResults": results is not None, "total": total,
            "opinions": int((results or {}).get("opinions") or 0),
            "votedHere": self.core.has_voted_here(t, self._identity()),
        }

    topic = qml_property("QVariantMap", _topic_get, changed)

    # --- slots ----------------------------------------------------------------------------------------
    @Slot()
    def open(self) -> None:
        """From the home screen: the topic list; outcomes and results are fetched in the background."""
        self._active = True
        self._message = ""
        self._go("list")
        self.refresh()

    @Slot()
    def close(self) -> None:
        self._active = False
        self._pending = None
        self._poller.stop()
        self._backend.touch()
        self.changed.emit()

    @Slot()
    def back(self) -> None:
        if self._page in ("topic", "done"):
            self._message = ""
            self._go("list")
        elif self._page == "identify":
            self._pending = None
            self._go("topic")
        else:
            self.close()

    @Slot(str)
    def openTopic(self, topic_id: str) -> None:
        self._topic_id = topic_id
        self._message = ""
        self._go("topic")

    @Slot(str)
    def vote(self, option_id: str) -> None:
        self._act(("vote", option_id, ""))

    @Slot(str, str)
    def submitOpinion(self, text: str, kind: str) -> None:
        self._act(("opinion", text, kind))

    @Slot()
    def refresh(self) -> None:
        def done(_result: Any, _error: BaseException | None) -> None:
            if self._last_item:
                self._outcome = self.core.outcome(self._last_item)["outcome"]
            self.changed.emit()

        self._tasks.run(self.core.refresh, done)

    # --- the action, after identification ---------------------------------------------------------------
    def _act(self, action: tuple[str, str, str]) -> None:
        if self._busy or self._current() is None:
            return
        self._message = ""
        if self._identity() is None:
            self._pending = action
            self._go("identify")
            return
        self._run(action)

    def _on_card(self, generation: int, result: Any) -> None:
        if generation != self._poller.generation or self._page != "identify":
            return
        if isinstance(result, NoCard):
            return
        outcome = self._resident.identify_from_read(result)
        if outcome.code != "ok":
            self._identify_state = outcome.code
            self.changed.emit()
            return
        self._poller.stop()
        self._identify_state = "ok"
        self._backend.sessionChanged.emit()  # the header shows who is identified
        action, self._pending = self._pending, None
        self._go("topic")
        if action is not None:
            self._run(action)

    def _run(self, action: tuple[str, str, str]) -> None:
        topic, identity, lang = self._current(), self._identity(), self._lang()
        assert topic is not None
        kind, value, extra = action
        self._busy = True
        self.changed.emit()

        def job() -> str:
            if kind == "vote":
                return self.core.vote(topic, value, identity, lang)
            return self.core.opinion(topic, value, identity, lang, extra or "opinion")

        def done(item: Any, error: BaseException | None) -> None:
            self._busy = False
            if isinstance(error, ConsultationError):
                self._message = error.code
                self.changed.emit()
                return
            if error is not None:
                log.error("consultation %s failed: %s", kind, type(error).__name__)
                self._message = "failed"
                self.changed.emit()
                return
            self._last_item = str(item)
            self._last_action = kind
            self._outcome = "pending" if kind == "vote" else "sent"
            self._go("done")
            if kind == "vote":
                self.refresh()  # deliver it and learn at once whether the hub counted it

        self._tasks.run(job, done)

    def _on_screen(self) -> None:
        if self._active:
            self.close()

    def _on_wiped(self) -> None:
        self._active = False
        self._pending = None
        self._last_item = ""
        self._outcome = ""
        self._message = ""
        self._poller.stop()
        self.changed.emit()

    def shutdown(self) -> None:
        self._poller.stop()
        self._tasks.shutdown()
