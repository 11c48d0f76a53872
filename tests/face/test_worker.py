"""The face check in a child process: ready before the resident, decisions back, nothing left after stop."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from contract.settings import load_settings
from devices.idcard.sample_photos import sample_bmp
from kiosk.face.check import Decision
from kiosk.face.models import ModelError
from terminal.face_worker import FaceWorker


def test_worker_checks_in_a_child_and_ends_with_the_session(tmp_path: Path) -> None:
    settings = load_settings(None, environ={"KIOSK_CAMERA__DRIVER": "simulator", "KIOSK_DATA_DIR": str(tmp_path),
                                            "KIOSK_FACE__LIVENESS_TIMEOUT_S": "10"})
    worker = FaceWorker(settings).start()
    try:
        assert not worker.ready  # loading takes a second or more: the caller goes on meanwhile
        resident, other = sample_bmp("resident"), sample_bmp("rare_name")
        assert resident is not None and other is not None
        first = worker.check(resident)
        assert first.decision == Decision.MATCH and first.attempts == 1 and worker.ready
        assert "dlib" in worker.model_version
        second = worker.check(other)  # the holder scene is not rare_name's card holder
        assert second.decision == Decision.NO_MATCH and second.attempts == 2
        assert worker.check(b"not an image").decision == Decision.NO_CARD_FACE
        process = worker._process
        assert process is not None
    finally:
        worker.stop()
    assert process.returncode == 0 and worker._process is None
    with pytest.raises(ModelError, match="not started"):
        worker.check(resident)
    assert list(tmp_path.iterdir()) == []


def test_worker_without_a_camera_fails_plainly(tmp_path: Path) -> None:
    settings = load_settings(None, environ={"KIOSK_CAMERA__DRIVER": "none", "KIOSK_DATA_DIR": str(tmp_path)})
    worker = FaceWorker(settings).start()
    try:
        with pytest.raises(ModelError, match="camera.driver"):
            worker.check(b"")
        assert not worker.ready
    finally:
        worker.stop()


def test_worker_sends_small_previews_and_switches_the_scene(tmp_path: Path) -> None:
    settings = load_settings(None, environ={"KIOSK_CAMERA__DRIVER": "simulator", "KIOSK_DATA_DIR": str(tmp_path),
                                            "KIOSK_FACE__LIVENESS_TIMEOUT_S": "10"})
    resident = sample_bmp("resident")
    assert resident is not None
    previews: list[bytes] = []
    worker = FaceWorker(settings).start()
    try:
        worker.set_scene("someone_else")  # before the models are ready: applied once the child reads it
        assert worker.check(resident, on_preview=previews.append).decision == Decision.NO_MATCH
        assert previews and all(p[:2] == b"\xff\xd8" and len(p) < 64 * 1024 for p in previews)  # JPEGs, small
        with Image.open(io.BytesIO(previews[0])) as first:
            assert first.size == (240, 180)
        worker.set_scene("holder")
        assert worker.check(resident).decision == Decision.MATCH
        worker.set_scene("no_such_scene")  # refused in the child, the camera keeps its scene
        assert worker.check(resident).decision == Decision.MATCH
    finally:
        worker.stop()
    assert list(tmp_path.iterdir()) == []
