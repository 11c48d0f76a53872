"""The QML element of the capture steps (``MaterialsBackend``): the service's papers photographed after the form.

A thin mirror of :class:`kiosk.materials.MaterialSteps` in the session: the live preview (polled off the
GUI thread by :class:`ui.doccam_images.PreviewPoller`, shown through ``image://doccam``), the shutter
(still, copy, check and compression in a worker: :func:`kiosk.materials.take_page`), the verdict as a
signal, and the pages with retake and delete. The retake sentence is :mod:`kiosk.pages.reasons`' in
the resident's language.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from contract.lang import tr
from contract.pages import EncodedPage
from kiosk.materials import MaterialSteps, Shot, take_page
from kiosk.pages import reasons
from kiosk.roles.doccam import DocCamera
from ui.backend import KioskBackend
from ui.doccam_images import DocCamImages, PreviewPoller
from ui.models import DictListModel, qml_property

QML_IMPORT_NAME = "Kiosk.Backend"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)


@QmlElement
@QmlUncreatable("MaterialsBackend is created by the application")
class MaterialsBackend(QObject):  # type: ignore[operator]  # PySide6's stub types QmlUncreatable as not callable
    changed = Signal()
    previewChanged = Signal()
    shot = Signal(str)  # a shutter press's verdict: a kiosk.pages.reasons code ("ok" when the page was kept)

    def __init__(self, kiosk: KioskBackend, camera: DocCamera | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kiosk = kiosk
        self._camera = camera
        self.images = DocCamImages(self._pages_of)
        self._poller = PreviewPoller(camera, self.images, self) if camera is not None else None
        if self._poller is not None:
            self._poller.frame.connect(self._on_frame)
        self._pages = DictListModel(["index", "source", "replacing"], self)
        self._review = DictListModel(["materialId", "name", "status", "sources"], self)
        self._frames = 0
        self._outline: list[float] = []
        self._online = True
        self._version = 0  # in page image URLs: a retaken page is a new picture
        kiosk.screenShown.connect(self._on_screen)
        kiosk.sessionChanged.connect(self._refresh)
        kiosk.languageChanged.connect(self.changed)  # signal to signal (not .emit: see ui.qt_fixes)
        kiosk.sessionWiped.connect(self._refresh)

    # ------------------------------------------------------------------ the session's steps
    @property
    def _steps(self) -> MaterialSteps | None:
        return self._kiosk.resident.session.materials

    def _pages_of(self, material: str) -> list[EncodedPage]:
        steps = self._steps
        return steps.pages(material) if steps is not None else []

    def _step(self) -> dict[str, Any]:
        steps = self._steps
        m = steps.current if steps is not None else None
        if steps is None or m is None:
            return {}
        return {"index": steps.pos, "count": len(steps.steps), "materialId": m.id,
                "name": tr(m.name, self._kiosk.flow.language), "required": m.required,
                "pageCount": len(steps.pages()), "canContinue": steps.can_continue, "atCounter": steps.at_counter,
                "full": steps.full, "replacing": -1 if steps.replacing is None else steps.replacing,
                "last": steps.pos == len(steps.steps) - 1}

    def _message(self) -> str:
        steps = self._steps
        code = steps.last_reason if steps is not None else ""
        if not code and not self._online:
            code = reasons.CAMERA
        return reasons.retake_text(code, self._kiosk.flow.language) if code else ""

    step = qml_property("QVariantMap", _step, changed)
    pages = qml_property(DictListModel, lambda self: self._pages)
    review = qml_property(DictListModel, lambda self: self._review)  # every paper with its thumbnails
    message = qml_property(str, _message, changed)
    accepted = qml_property(bool, lambda self: bool(self._steps and self._steps.last_reason == reasons.OK), changed)
    previewSource = qml_property(str, lambda self: f"image://doccam/preview/{self._frames}", previewChanged)
    previewOutline = qml_property("QVariantList", lambda self: list(self._outline), previewChanged)
    cameraOnline = qml_property(bool, lambda self: self._camera is not None and self._online, previewChanged)

    def _source(self, material: str | None, index: int) -> str:
        return f"image://doccam/page/{material}/{index}/{self._version}"

    def _refresh(self) -> None:
        steps = self._steps
        if steps is None or steps.current is None:
            self._pages.set_rows([])
            self._review.set_rows([])
        else:
            material = steps.current.id
            self._pages.set_rows([{"index": i, "source": self._source(material, i), "replacing": steps.replacing == i}
                                  for i in range(len(steps.pages()))])
            lang = self._kiosk.flow.language
            self._review.set_rows([
                {"materialId": m.material, "name": tr(step.name, lang), "status": m.status,
                 "sources": [self._source(m.material, i) for i in range(len(m.pages))]}
                for step, m in zip(steps.steps, steps.outcome(), strict=True)])
        self.changed.emit()

    # ------------------------------------------------------------------ the live preview
    def _on_screen(self, name: str) -> None:
        if name in ("materials", "review"):
            self._refresh()
        if self._poller is None:
            return
        if name == "materials":
            self._online = True
            self._poller.start()
        elif self._poller.running:
            self._poller.stop()
            self._outline = []
            self.previewChanged.emit()

    def _on_frame(self, generation: int, outline: list[float], online: bool) -> None:
        if self._poller is None or generation != self._poller.generation or not self._poller.running:
            return
        self._frames += 1
        self._outline = outline
        if online != self._online:
            self._online = online
            self.changed.emit()
        self.previewChanged.emit()

    def stop(self) -> None:
        if self._poller is not None:
            self._poller.stop()

    # ------------------------------------------------------------------ what the resident does
    @Slot()
    def shutter(self) -> None:
        """Take the still and make the copy in a worker; the verdict comes back as ``shot``."""
        steps, camera = self._steps, self._camera
        if steps is None or camera is None or steps.full:
            return
        self._kiosk.touch()

        def done(result: Shot | None, error: BaseException | None) -> None:
            if steps is not self._steps:  # the session ended or the identity left meanwhile: nothing to keep
                return
            if error is not None or result is None:
                result = Shot(reasons.CAMERA, fault=type(error).__name__)
            if result.fault:
                log.warning("document camera capture failed: %s", result.fault)
            steps.record(result)
            self._version += 1
            self._refresh()
            self.shot.emit(result.reason)

        self._kiosk.run_busy(lambda: take_page(camera), done)

    @Slot(int)
    def retakePage(self, index: int) -> None:
        steps = self._steps
        if steps is not None:
            steps.retake(index)
            self._refresh()

    @Slot(int)
    def deletePage(self, index: int) -> None:
        steps = self._steps
        if steps is not None:
            steps.delete(index)
            self._version += 1
            self._refresh()

    @Slot()
    def bringToCounter(self) -> None:
        """"I will bring it to the counter": this paper's pages are dropped and the next step follows."""
        steps = self._steps
        if steps is not None:
            steps.bring_to_counter()
            self.next()

    @Slot()
    def next(self) -> None:
        step = self._kiosk.flow.next_material()
        if step == "review":
            self._kiosk._show_review()
        self._refresh()
