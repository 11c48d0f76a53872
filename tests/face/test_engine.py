"""Match and non-match decisions on the face_recognition test photos, the card-sized crop included."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from kiosk.face.engine import DEFAULT_THRESHOLD, FaceEmbedding, FaceEngine, ImageError, decode_image
from tests.face.conftest import FACES, PERSON_A, PERSON_B, card, photo


@pytest.fixture(scope="module")
def embeddings(engine: FaceEngine) -> dict[str, FaceEmbedding]:
    out = {}
    for name in [*PERSON_A, *PERSON_B]:
        emb, faces = engine.embed(photo(name))
        assert emb is not None and faces == 1, name
        out[name] = emb
    return out


@pytest.mark.parametrize(("a", "b"), list(itertools.combinations(PERSON_A, 2)))
def test_same_person_matches(engine: FaceEngine, embeddings: dict[str, FaceEmbedding], a: str, b: str) -> None:
    assert engine.distance(embeddings[a], embeddings[b]) <= DEFAULT_THRESHOLD


@pytest.mark.parametrize(("a", "b"), list(itertools.product(PERSON_A, PERSON_B)))
def test_other_person_does_not_match(engine: FaceEngine, embeddings: dict[str, FaceEmbedding], a: str, b: str) -> None:
    assert engine.distance(embeddings[a], embeddings[b]) > DEFAULT_THRESHOLD


def test_compare_decides_on_two_images(engine: FaceEngine) -> None:
    result = engine.compare(photo("obama2.jpg"), photo("obama_partial_face2.jpg"))
    assert result.match and result.distance is not None and (result.faces_card, result.faces_live) == (1, 1)
    assert not engine.compare(photo("obama2.jpg"), photo("biden.jpg")).match


def test_card_sized_crop_matches_other_photos_of_the_same_person(engine: FaceEngine,
                                                                embeddings: dict[str, FaceEmbedding]) -> None:
    card_photo = card("resident")  # a 102x126 crop of obama.jpg, as on the ID card
    assert card_photo.shape == (126, 102, 3)
    emb, faces = engine.embed(card_photo)
    assert emb is not None and faces == 1
    for name in ["obama2.jpg", "obama3.jpg", "obama_partial_face2.jpg"]:
        assert engine.distance(emb, embeddings[name]) <= DEFAULT_THRESHOLD, name
    assert engine.distance(emb, embeddings["biden.jpg"]) > DEFAULT_THRESHOLD


def test_no_face_is_counted_not_guessed(engine: FaceEngine) -> None:
    blank = np.full((480, 640, 3), 180, np.uint8)
    result = engine.compare(card("resident"), blank)
    assert result.distance is None and not result.match and (result.faces_card, result.faces_live) == (1, 0)
    assert result.as_json() == {"match": False, "distance": None, "threshold": DEFAULT_THRESHOLD,
                                "faces": {"card": 1, "live": 0}}


def test_embedding_repr_shows_no_numbers(engine: FaceEngine) -> None:
    emb, n = engine.embed(photo("obama2.jpg"))
    assert n == 1 and emb is not None and emb.vector.shape == (128,)
    assert repr(emb) == "FaceEmbedding()"


def test_bad_images_are_refused_before_decoding() -> None:
    with pytest.raises(ImageError, match="not a readable"):
        decode_image(b"GIF89a not really")
    with pytest.raises(ImageError, match="larger than"):
        decode_image(bytes(21 * 2**20))
    assert decode_image((FACES / "obama2.jpg").read_bytes()).shape == (1200, 626, 3)


def test_threshold_is_bounded(engine: FaceEngine) -> None:
    with pytest.raises(ValueError):
        FaceEngine(engine.models, threshold=0)
