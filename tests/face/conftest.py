"""The real dlib models, loaded once per test session (1-3 s), and the face test photos."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.face.engine import FaceEngine, Image_, decode_image, read_image
from kiosk.face.models import Models, load_models

FACES = Path(__file__).resolve().parent.parent / "data" / "faces"
PERSON_A = ["obama.jpg", "obama2.jpg", "obama3.jpg", "obama_partial_face.jpg", "obama_partial_face2.jpg"]
PERSON_B = ["biden.jpg"]


@pytest.fixture(scope="session")
def models() -> Models:
    return load_models()


@pytest.fixture(scope="session")
def engine(models: Models) -> FaceEngine:
    return FaceEngine(models)


def photo(name: str) -> Image_:
    return read_image(FACES / name)


def card(key: str) -> Image_:
    from devices.idcard.sample_photos import sample_bmp

    bmp = sample_bmp(key)
    assert bmp is not None
    return decode_image(bmp)


@pytest.fixture
def shared_models(monkeypatch: pytest.MonkeyPatch, models: Models) -> Models:
    """Commands that load the models get the session's copy (the CLI tests stay fast)."""
    monkeypatch.setattr("kiosk.face.models.load_models", lambda: models)
    return models
