"""One live check on the simulated camera: the four scenes, the card without a face, a lost camera, wipe."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest

from devices.camera.fake import FakeCamera
from devices.camera.simulator import SCENES, CameraSimulator
from kiosk.face.check import Decision, FaceCheck, FaceDecision
from kiosk.face.engine import FaceEngine
from kiosk.face.models import MODEL_NAME
from kiosk.roles.camera import CameraDisconnected, Frame
from tests.face.conftest import card


def _check(engine: FaceEngine, camera: object, card_key: str = "resident", timeout_s: float = 2.0) -> FaceCheck:
    ticks = itertools.count()
    # a clock that advances one 15 fps frame per look: the timeout counts frames (30), not this machine's speed
    return FaceCheck(engine, camera, card(card_key), timeout_s=timeout_s,  # type: ignore[arg-type]
                     clock=lambda: next(ticks) / 15)


@pytest.mark.parametrize(("scene", "card_key", "expected"), [
    ("holder", "resident", Decision.MATCH),
    ("someone_else", "resident", Decision.NO_MATCH),
    ("holder", "rare_name", Decision.NO_MATCH),
    ("printed_photo", "resident", Decision.NOT_LIVE),
    ("no_one", "resident", Decision.NO_FACE),
])
def test_scenes(engine: FaceEngine, scene: str, card_key: str, expected: Decision) -> None:
    decision = _check(engine, CameraSimulator(scene, realtime=False), card_key).attempt()
    assert decision.decision == expected
    assert decision.model == MODEL_NAME and "dlib" in decision.model_version and decision.attempts == 1
    if expected in (Decision.MATCH, Decision.NO_MATCH):
        assert decision.score is not None and (decision.score <= engine.threshold) == (expected == Decision.MATCH)
    else:
        assert decision.score is None


def test_the_printed_photo_is_the_card_holder_yet_fails(engine: FaceEngine) -> None:
    """The still is a photo of the card holder: without liveness it would match."""
    sim = CameraSimulator("printed_photo", realtime=False)
    frame = sim.read()
    assert engine.compare(card("resident"), frame.pixels).match  # type: ignore[union-attr]
    assert _check(engine, sim).attempt().decision == Decision.NOT_LIVE


def test_attempts_are_counted(engine: FaceEngine) -> None:
    check = _check(engine, CameraSimulator("printed_photo", realtime=False), timeout_s=0.5)
    check.attempt()
    assert check.attempt().attempts == 2


def test_card_photo_without_a_face(engine: FaceEngine) -> None:
    blank = FaceCheck(engine, CameraSimulator("holder", realtime=False), np.full((126, 102, 3), 200, np.uint8))
    assert blank.card_faces == 0 and blank.attempt().decision == Decision.NO_CARD_FACE


def test_camera_lost_mid_check(engine: FaceEngine) -> None:
    assert _check(engine, FakeCamera([np.zeros((480, 640, 3), np.uint8)] * 2)).attempt().decision \
        == Decision.CAMERA_UNAVAILABLE
    assert _check(engine, FakeCamera(connected=False)).attempt().decision == Decision.CAMERA_UNAVAILABLE


def test_the_decision_carries_nothing_of_a_face(engine: FaceEngine) -> None:
    assert [f.name for f in dataclasses.fields(FaceDecision)] == ["decision", "score", "model", "model_version",
                                                                   "attempts"]
    decision = _check(engine, CameraSimulator("holder", realtime=False)).attempt()
    assert set(decision.as_json()) == {"decision", "score", "model", "model_version", "attempts"}


def test_wipe_overwrites_and_drops_the_card_embedding(engine: FaceEngine) -> None:
    check = _check(engine, CameraSimulator("holder", realtime=False))
    embedding = check._card
    assert check.holds_biometrics and embedding is not None and np.any(embedding.vector)
    check.wipe()
    assert not check.holds_biometrics and not np.any(embedding.vector)
    assert check.attempt().decision == Decision.NO_CARD_FACE  # nothing left to compare with


def test_a_replayed_video_of_a_blink_passes(engine: FaceEngine, tmp_path: Path) -> None:
    """The documented limit of a blink challenge: a video of the card holder blinking is accepted."""
    import cv2

    holder = CameraSimulator("holder", realtime=False)
    video = tmp_path / "blink.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"MJPG"), 15, (640, 480))
    for _ in range(len(SCENES["holder"])):
        frame = holder.read()
        assert isinstance(frame, Frame)
        writer.write(np.ascontiguousarray(frame.pixels[:, :, ::-1]))
    writer.release()
    player = CameraSimulator(video=video, realtime=False)
    assert player.info().device == str(video)
    assert _check(engine, player).attempt().decision == Decision.MATCH
    assert player.info().width == 640
    assert isinstance(CameraSimulator(video=tmp_path / "absent.avi").read(), CameraDisconnected)
