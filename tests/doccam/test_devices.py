"""The document camera role: fake, simulator, the V4L2 driver without a device, the factory, ``kiosk diag doccam``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from devices.doccam.fake import FakeDocCamera
from devices.doccam.simulator import SimulatedDocCamera
from devices.doccam.v4l2 import V4l2DocCamera
from kiosk.pages.scan import scan
from kiosk.roles.doccam import CameraDisconnected, CameraFault, DocCamera, Frame, parse_size


def test_every_driver_fills_the_role() -> None:
    for camera in (FakeDocCamera(), SimulatedDocCamera((800, 600), (320, 240)), V4l2DocCamera("/dev/nonexistent")):
        assert isinstance(camera, DocCamera)
        camera.close()


def test_fake_camera_shows_what_the_test_puts_in_front_of_it() -> None:
    cam = FakeDocCamera(still_size=(800, 600), preview_size=(320, 240))
    cam.show(np.full((300, 400, 3), 200, np.uint8))
    still, preview = cam.capture(), cam.preview()
    assert isinstance(still, Frame) and still.still and still.size == (800, 600) and int(still.image.mean()) == 200
    assert isinstance(preview, Frame) and not preview.still and preview.size == (320, 240)
    cam.fail_next(CameraFault("DOC-NO-FRAME"))
    assert cam.capture() == CameraFault("DOC-NO-FRAME") and isinstance(cam.capture(), Frame)
    cam.connected = False
    assert isinstance(cam.capture(), CameraDisconnected) and not cam.info().connected


def test_simulator_serves_documents_the_pipeline_accepts_and_refuses() -> None:
    cam = SimulatedDocCamera(still_size=(1200, 900), preview_size=(480, 360), seed=4)
    still = cam.capture()
    assert isinstance(still, Frame) and still.size == (1200, 900) and still.source == "simulator"
    assert scan(still.image).accepted
    again = cam.capture()
    assert isinstance(again, Frame) and again.image is still.image  # one photograph per scene and size
    cam.place(5, blur=0.003)
    blurred = cam.capture()
    assert isinstance(blurred, Frame) and scan(blurred.image).reason == "blurred"
    cam.remove()
    empty = cam.preview()
    assert isinstance(empty, Frame) and scan(empty.image).reason == "no_page"
    cam.connected = False
    assert isinstance(cam.preview(), CameraDisconnected)


def test_v4l2_driver_reports_a_missing_device(tmp_path: Path) -> None:
    cam = V4l2DocCamera(str(tmp_path / "kiosk-doccam"))
    assert isinstance(cam.preview(), CameraDisconnected)
    assert isinstance(cam.capture(timeout=0.5), CameraDisconnected)
    assert not cam.info().connected
    cam.close()


def test_sizes_parse_or_say_why() -> None:
    assert parse_size("1280x720") == (1280, 720)
    for bad in ("1280", "axb", "10x10", "99999x2"):
        with pytest.raises(ValueError):
            parse_size(bad)


@pytest.mark.parametrize(("env", "exit_code", "status", "code"), [
    ({"KIOSK_DOCCAM__DRIVER": "none"}, 1, "warn", "DOC-DISABLED"),
    ({"KIOSK_DOCCAM__DRIVER": "fake", "KIOSK_DOCCAM__STILL_SIZE": "2592x1944"}, 0, "ok", "DOC-OK"),
    ({"KIOSK_DOCCAM__DRIVER": "fake", "KIOSK_DOCCAM__STILL_SIZE": "1600x1200"}, 1, "warn", "DOC-LOW-RES"),
    ({"KIOSK_DOCCAM__DRIVER": "v4l2", "KIOSK_DOCCAM__DEVICE": "/dev/kiosk-doccam-absent"}, 1, "fail",
     "DOC-DISCONNECTED"),
])
def test_diag_doccam(env: dict[str, str], exit_code: int, status: str, code: str, tmp_path: Path,
                     monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from ui.main import main

    monkeypatch.setenv("KIOSK_DATA_DIR", str(tmp_path))
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["diag", "doccam", "--json"]) == exit_code
    (component,) = json.loads(capsys.readouterr().out)["components"]
    assert (component["name"], component["status"], component["code"]) == ("doccam", status, code)


def test_generated_photographs_are_deterministic_and_differ_by_seed() -> None:
    from devices.doccam.photo import Scene, photograph

    a, b = photograph(Scene.random(8, size=(480, 360))), photograph(Scene.random(8, size=(480, 360)))
    c = photograph(Scene.random(9, size=(480, 360)))
    assert np.array_equal(a.image, b.image) and np.array_equal(a.corners, b.corners)
    assert not np.array_equal(a.image, c.image)
    assert {Scene.random(s).background for s in range(20)} == {"wood", "mat"}
