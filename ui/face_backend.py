"""The QML element of the face check (``FaceBackend``): the screen between the card read and the form.

The decisions are :class:`kiosk.flow.face_step.FaceStep`'s; the check itself runs in
:class:`terminal.face_worker.FaceWorker`'s child process, started when a service that needs it is
chosen (its guide is shown), so the models and the camera load while the resident reads the guide
and places the card, and ended at the session wipe (every frame and embedding goes with it).
Attempts run on a worker thread; the small preview frames reach the screen through
:class:`ui.face_preview.FacePreviewProvider`. After the last failed attempt the call-staff alert
goes to the hub; a staff card on the staff reader, then the PIN, lets the resident through,
audited. Nothing of a face is logged, written or kept beyond the session.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from devices.idcard.card_photo import CardPhoto, card_photo
from kiosk.face.decision import FaceDecision
from kiosk.face.models import ModelError
from kiosk.flow.face_step import FaceStep, face_check_needed
from kiosk.identity import CardType
from kiosk.roles.idcard import CardRead
from kiosk.staff import AuthResult, CardCheck
from terminal.face_worker import FaceWorker
from ui.backend import KioskBackend
from ui.face_preview import FacePreviewProvider
from ui.models import qml_property

log = logging.getLogger(__name__)

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
@QmlUncreatable("FaceBackend is created by the application")
class FaceBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    changed = Signal()
    previewChanged = Signal()
    prompt = Signal(str)  # a voice prompt key (kiosk.voice_prompts) for what the screen now asks
    _previewArrived = Signal(object)  # from the check's thread to the GUI thread

    def __init__(self, backend: KioskBackend, technician: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._flow = backend.flow
        self._resident = backend.resident
        services = backend.resident.services
        self._settings = services.settings
        self.step = FaceStep(self._settings, services.store.record, services.clock.now)
        self.preview = FacePreviewProvider()
        self.worker: FaceWorker | None = None
        self.scene = self._settings.camera.scene  # the demo dock's choice outlives the worker
        self._technician = technician
        self._staff_card: CardCheck | None = None
        self._staff_message = ""
        self._tries_left = 0
        self._serial = 0
        self._generation = 0  # a check that ends after the session moved on is dropped
        self._stoppers: list[threading.Thread] = []
        self._previewArrived.connect(self._show_preview)
        backend.form_gate = self._form_gate
        backend.screenShown.connect(self._on_screen)
        backend.sessionWiped.connect(self.wipe)
        if technician is not None:
            technician.card_claim = self._claim_staff_card

    # ------------------------------------------------------------------ what QML reads
    state = qml_property(str, lambda self: self.step.state, changed)
    reason = qml_property(str, lambda self: self.step.reason, changed)
    attemptsLeft = qml_property(int, lambda self: self.step.attempts_left, changed)
    maxAttempts = qml_property(int, lambda self: self.step.max_attempts, changed)
    staffCardPresent = qml_property(bool, lambda self: self._staff_card is not None, changed)
    staffMessage = qml_property(str, lambda self: self._staff_message, changed)  # card_not_recognised, wrong_pin, locked
    staffTriesLeft = qml_property(int, lambda self: self._tries_left, changed)
    previewSerial = Property(int, lambda self: self._serial, notify=previewChanged)

    # ------------------------------------------------------------------ the worker's life
    def _needed(self) -> bool:
        return face_check_needed(self._settings, self._resident.current_service())

    def _on_screen(self, name: str) -> None:
        if name == "guide" and self._needed() and self.worker is None:
            self.worker = FaceWorker(self._worker_settings()).start()  # loads while the guide is read

    def _worker_settings(self) -> Any:
        camera = self._settings.camera.model_copy(update={"scene": self.scene})
        return self._settings.model_copy(update={"camera": camera})

    def set_scene(self, scene: str) -> None:
        """The demo dock: what the simulated camera shows, now and for the next worker."""
        self.scene = scene
        if self.worker is not None:
            self.worker.set_scene(scene)

    @Slot()
    def wipe(self) -> None:
        """The session ended: the step, the preview and the worker (ended off the GUI thread)."""
        self._generation += 1
        self.step.wipe()
        self._staff_card, self._staff_message, self._tries_left = None, "", 0
        self.preview.clear()
        worker, self.worker = self.worker, None
        if worker is not None:
            stopper = threading.Thread(target=worker.stop, name="face-worker-stop", daemon=True)
            stopper.start()
            self._stoppers = [t for t in self._stoppers if t.is_alive()] + [stopper]
        self.changed.emit()
        self._bump_preview()

    def join(self, timeout_s: float = 10.0) -> None:
        """Wait for the ended workers to be gone (tests, shutdown)."""
        for t in self._stoppers:
            t.join(timeout_s)

    def shutdown(self) -> None:
        self.wipe()
        self.join()

    # ------------------------------------------------------------------ the check
    def _form_gate(self) -> bool:
        """Called before the form begins: True lets it begin; False when the face check takes over."""
        if not self._needed() or self._resident.session.identity_check is not None:
            return True
        service = self._resident.current_service()
        self._generation += 1  # a check still running for a card that left counts for nobody
        self.step.begin(service.id)
        self._flow.stack.forget_identify()
        self._backend.show("face")
        identity = self._resident.session.identity
        if identity is None or identity.card_type is CardType.MANUAL:
            self._after_no_photo("manual")
            return False
        if self.worker is None:
            self.worker = FaceWorker(self._worker_settings()).start()
        self._attempt()
        return False

    @Slot()
    def retry(self) -> None:
        if self.step.state == "retry":
            self._attempt()

    def _attempt(self) -> None:
        worker, identity = self.worker, self._resident.session.identity
        if worker is None or identity is None:
            return
        read = CardRead(identity, self._resident.session.card_photo)
        generation = self._generation
        self.step.checking()
        self.changed.emit()

        def job() -> FaceDecision | str:
            photo = card_photo(read)
            if not isinstance(photo, CardPhoto):
                return photo.reason
            return worker.check(photo.bmp, on_preview=self._previewArrived.emit)

        def done(result: FaceDecision | str | None, error: BaseException | None) -> None:
            if generation != self._generation or self._flow.screen != "face":
                return  # the session ended or the resident left the screen meanwhile
            if isinstance(result, str):
                self._after_no_photo(result)
            elif isinstance(result, FaceDecision):
                self._after_decision(self.step.decided(result))
            else:
                if not isinstance(error, ModelError):
                    log.error("face check failed: %s", type(error).__name__)
                self._after_decision(self.step.unavailable())

        self._backend.tasks.run(job, done)

    def _after_no_photo(self, problem: str) -> None:
        self._after_decision(self.step.no_photo(problem))

    def _after_decision(self, state: str) -> None:
        self.changed.emit()
        if state == "passed":
            self._passed()
            return
        self.prompt.emit(f"face_{state}")
        if state == "staff":
            self._backend.staffNeeded.emit()  # the call-staff alert at the hub (ui.community)

    def _passed(self) -> None:
        self._resident.session.identity_check = self.step.result
        self.preview.clear()
        self._bump_preview()
        self._backend.apply()  # the gate now lets the form begin

    def _show_preview(self, jpeg: bytes) -> None:
        if self._flow.screen == "face" and self.step.state == "checking" and self.preview.show(jpeg):
            self._bump_preview()

    def _bump_preview(self) -> None:
        self._serial += 1
        self.previewChanged.emit()

    # ------------------------------------------------------------------ staff override
    def _claim_staff_card(self, reader: str) -> bool:
        """The technician backend asks first: a staff card while the resident waits for staff is ours."""
        if self._flow.screen != "face" or self.step.state != "staff" or self._technician is None:
            return False
        monitor, auth = self._technician.monitor, self._technician.auth
        if monitor is None:
            return False

        def done(check: CardCheck | None, error: BaseException | None) -> None:
            if check is None or self.step.state != "staff":
                return
            self._staff_card = check if check.ok else None
            self._staff_message = "" if check.ok else "card_not_recognised"
            self.changed.emit()

        self._backend.tasks.run(lambda: auth.check_card(monitor.read_staff(reader, auth.trusted_keys())), done)
        return True

    @Slot(str)
    def submitStaffPin(self, pin: str) -> None:
        card = self._staff_card
        if card is None or self._technician is None or self.step.state != "staff":
            return
        auth = self._technician.auth

        def done(result: AuthResult | None, error: BaseException | None) -> None:
            if result is None or self.step.state != "staff":
                return
            if result.ok:
                self._staff_card, self._staff_message = None, ""
                self.step.overridden(card.staff_id)
                self._after_decision("passed")
                return
            self._staff_message = "locked" if result.reason == "locked" else "wrong_pin"
            self._tries_left = result.tries_left
            self.changed.emit()

        self._backend.run_busy(lambda: auth.check_pin(card, pin, as_entry=False), done)
