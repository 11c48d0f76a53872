"""The QML element of the demo dock (``DevDockBackend``): simulated card, paper and scanner at a tap.

Created, and its QML type registered, by :class:`ui.app.KioskApp` only in demo mode with ``ui.dev_dock``
set (:func:`register`); elsewhere QML gets null and ``DevDock.qml`` is never compiled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from PySide6.QtCore import Property, QObject, Slot
from PySide6.QtQml import qmlRegisterUncreatableType

from devices.camera.scenes import SCENES
from devices.idcard import samples
from terminal.demo_devices import DemoDevices
from ui.backend import KioskBackend
from ui.models import DictListModel, qml_property

# what QML sends (a plain string) to what the simulator takes
PAPER_STATES: dict[str, Literal["ok", "near_end", "out"]] = {"ok": "ok", "near_end": "near_end", "out": "out"}
# what lies under the simulated document camera: a fresh document, or one photographed badly
DOCUMENT_SHOTS: dict[str, dict[str, float]] = {"sharp": {}, "blurred": {"blur": 0.003}, "glare": {"glare": 0.6}}
READER_STATES = ("ok", "silent", "unplugged")  # the demo dock's three reader buttons


def dock_enabled(settings: Any) -> bool:
    return bool(settings.ui.dev_dock) and settings.mode == "demo"


class DevDockBackend(QObject):
    def __init__(self, backend: KioskBackend, services: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._demo: DemoDevices = services.demo or DemoDevices()  # no simulator running: every button is a no-op
        self._last_tracking = ""  # "scan the last receipt": a number, nothing personal
        self._document = 0  # the seed of the document under the simulated camera
        self._reader_unplugged = False  # the simulated reader's port is gone until "Reader back"
        self._samples = DictListModel(["key", "label"], self)
        self.camera_scene: Callable[[str], None] = lambda scene: None  # the face check's camera (ui.face_backend)
        backend.submitted.connect(self._on_submitted)
        sim = self._demo.idcard
        if sim is not None and hasattr(sim, "sample_keys"):
            self._samples.set_rows([{"key": k, "label": samples.get(k).label} for k in sim.sample_keys()])

    sampleCards = Property(DictListModel, lambda self: self._samples, constant=True)

    def _on_submitted(self, tracking_number: str) -> None:
        self._last_tracking = tracking_number

    @Slot(str)
    def devPlaceCard(self, key: str) -> None:
        sim = self._demo.idcard
        if sim is not None:
            sim.place(key)

    @Slot()
    def devRemoveCard(self) -> None:
        sim = self._demo.idcard
        if sim is not None:
            sim.remove()

    @Slot(str)
    def devSetPaper(self, state: str) -> None:
        sim = self._demo.printer
        if sim is not None and state in PAPER_STATES:
            sim.set_paper(PAPER_STATES[state])
            self._backend.refreshPrinterStatus()

    @Slot()
    def devScanLastReceipt(self) -> None:
        sim = self._demo.scanner
        if sim is not None and self._last_tracking:
            sim.scan(f"KIOSK:TRACK:{self._last_tracking}")

    @Slot(str)
    def devPlaceDocument(self, shot: str) -> None:
        """"sharp": another document under the camera; "blurred"/"glare": the same one, photographed badly."""
        sim = self._demo.doccam
        if sim is not None and shot in DOCUMENT_SHOTS:
            if shot == "sharp":
                self._document += 1
            sim.place(self._document, **DOCUMENT_SHOTS[shot])

    @Slot(str)
    def devSetReader(self, state: str) -> None:
        """"unplugged": the cable pulled (the port vanishes); "silent": the port stays but the reader says nothing;
        "ok": plugged back in and answering. The identify screen tells both faults the same honest way."""
        sim = self._demo.idcard
        if sim is None or state not in READER_STATES:
            return
        if self._reader_unplugged and state != "unplugged":
            sim.replug()
        elif state == "unplugged" and not self._reader_unplugged:
            sim.unplug()
        self._reader_unplugged = state == "unplugged"
        sim.set_fault("silence" if state == "silent" else None)

    cameraScenes = qml_property("QVariantList", lambda self: list(SCENES))

    @Slot(str)
    def devSetCameraScene(self, scene: str) -> None:
        """What the simulated face camera shows: the card holder, someone else, no one, a printed photo."""
        if scene in SCENES:
            self.camera_scene(scene)


def register() -> None:
    """Make ``DevDockBackend`` a QML type (``import Kiosk.DevDock``); demo mode only."""
    # PySide6 takes str for the name and the reason (bytes raise ValueError) though its stub says bytes
    qmlRegisterUncreatableType(DevDockBackend, "Kiosk.DevDock", 1, 0, "DevDockBackend",  # type: ignore[arg-type]
                               "DevDockBackend is created by the application in demo mode")  # type: ignore[arg-type]
