"""The camera settings, the sample cards' photos through the real SAM path, the camera diagnostics, the loader."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from contract.settings import SettingsError, load_settings
from devices.camera.fake import FakeCamera
from devices.camera.simulator import SCENES, CameraSimulator
from devices.camera.v4l2 import V4l2Camera
from devices.idcard import photo, sample_photos
from devices.idcard.card_photo import CardPhoto, NoDecodablePhoto, card_photo
from devices.idcard.samples import get
from kiosk.face.engine import FaceEngine, decode_image
from kiosk.face.models import LoadState, ModelError, ModelLoader, Models
from kiosk.roles.camera import CameraDisconnected, Frame, NoCamera
from kiosk.roles.idcard import CardRead
from terminal.diag.camera import check_camera
from terminal.diag.checks import DiagContext, Status


def test_production_refuses_the_simulated_camera() -> None:
    real = {"KIOSK_MODE": "production", "KIOSK_IDCARD__DRIVER": "sam_serial", "KIOSK_PRINTER__DRIVER": "escpos",
            "KIOSK_SCANNER__DRIVER": "serial", "KIOSK_DOCCAM__DRIVER": "none"}
    assert load_settings(None, environ=real).camera.driver == "none"
    for driver in ("simulator", "fake"):
        with pytest.raises(SettingsError, match="camera.driver"):
            load_settings(None, environ={**real, "KIOSK_CAMERA__DRIVER": driver})
    assert load_settings(None, environ={**real, "KIOSK_CAMERA__DRIVER": "v4l2"}).camera.device == "/dev/kiosk-camera"
    with pytest.raises(SettingsError, match="camera.scene"):
        load_settings(None, environ={"KIOSK_CAMERA__SCENE": "a mask"})


def test_sample_cards_carry_a_decodable_photo_through_the_real_reader(engine: FaceEngine) -> None:
    from devices.idcard.sam_serial import SamSerialReader
    from devices.idcard.simulator import SamSimulator

    sample_photos.register()
    try:
        with SamSimulator(115200, card="resident") as sim:
            reader = SamSerialReader(sim.port, 115200, today=lambda: date(2026, 11, 26))
            try:
                read = reader.read()
            finally:
                reader.close()
        assert isinstance(read, CardRead)
        result = card_photo(read)
        assert isinstance(result, CardPhoto) and len(result.bmp) == photo.BMP_LEN and result.bmp[:2] == b"BM"
        image = decode_image(result.bmp)
        assert image.shape == (126, 102, 3) and len(engine.detect(image)) == 1
        assert card_photo(CardRead(read.identity, photo=get("expired").photo)) == NoDecodablePhoto("not_decodable")
    finally:
        sample_photos.unregister()


def test_no_decodable_photo_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(photo, "_discovered", [])
    identity = object()
    assert card_photo(CardRead(identity, photo=b"")) == NoDecodablePhoto("no_photo")  # type: ignore[arg-type]
    assert card_photo(CardRead(identity, photo=get("resident").photo)) == NoDecodablePhoto("no_decoder")  # type: ignore[arg-type]
    bmp = sample_photos.sample_bmp("resident")
    assert bmp is not None and card_photo(CardRead(identity, photo=bmp)) == CardPhoto(bmp)  # type: ignore[arg-type]
    assert sample_photos.sample_bmp("hmt") is None


def test_simulator_scenes_and_pacing() -> None:
    sim = CameraSimulator("holder", realtime=False)
    frames = [sim.read() for _ in range(len(SCENES["holder"]))]
    assert all(isinstance(f, Frame) and f.size == (640, 480) for f in frames)
    assert repr(frames[0]).startswith("Frame(at=")  # no pixels in a repr
    with pytest.raises(ValueError, match="no camera scene"):
        sim.set_scene("a mask")
    now = [0.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    live = CameraSimulator("no_one", fps=10, clock=lambda: now[0], sleep=sleep)
    live.read()
    live.read()  # no time has passed: it waits for the next frame like a camera
    assert slept == [pytest.approx(0.1)]


def test_v4l2_without_a_device_is_a_value(tmp_path: Path) -> None:
    camera = V4l2Camera(str(tmp_path / "video9"))
    assert isinstance(camera.read(), NoCamera)
    assert not camera.info().connected
    (tmp_path / "video9").write_bytes(b"")  # exists, but is no camera
    assert isinstance(camera.read(), CameraDisconnected)


def _ctx(camera: object, models: Models | None, driver: str = "simulator") -> DiagContext:
    return DiagContext(settings=load_settings(None, environ={"KIOSK_CAMERA__DRIVER": driver}), camera=camera,
                       face_models=models)


def test_diag_camera(models: Models) -> None:
    ok = check_camera(_ctx(CameraSimulator("holder", realtime=False), models))
    assert ok.status == Status.OK and ok.code == "CAM-OK" and ok.data["faces"] == 1 and ok.data["fps"] > 0
    empty = check_camera(_ctx(CameraSimulator("no_one", realtime=False), models))
    assert empty.status == Status.WARN and empty.code == "CAM-NO-FACE"
    lost = check_camera(_ctx(FakeCamera([np.zeros((480, 640, 3), np.uint8)] * 3), models))
    assert lost.status == Status.FAIL and lost.code == "CAM-DISCONNECTED"
    assert check_camera(_ctx(V4l2Camera("/nonexistent/video0"), models, "v4l2")).code == "CAM-NONE"
    assert check_camera(_ctx(None, models, "none")).code == "CAM-DISABLED"


def test_loader_loads_off_the_calling_thread() -> None:
    gate = threading.Event()
    threads: list[str] = []

    def slow_load() -> Models:
        threads.append(threading.current_thread().name)
        gate.wait(5)
        return Models(None, None, None, version="test")

    loader = ModelLoader(slow_load).start()
    assert loader.state == LoadState.LOADING and not loader.ready
    with pytest.raises(ModelError, match="still loading"):
        loader.wait(timeout=0.01)
    gate.set()
    assert loader.wait().version == "test" and loader.ready and threads == ["face-models"]


def test_loader_failure_is_a_state() -> None:
    def broken() -> Models:
        raise ModelError("face_recognition_models is not installed")

    loader = ModelLoader(broken).start()
    with pytest.raises(ModelError, match="not installed"):
        loader.wait()
    assert loader.state == LoadState.FAILED and "not installed" in loader.error
