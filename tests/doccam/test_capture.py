"""A good copy or a plain-words retake: quality checks, deskew, enhancement, compression, sealing."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from contract import crypto
from contract.pages import PageRef, open_page, seal_page
from devices.doccam.photo import Scene, photograph
from kiosk.pages import reasons
from kiosk.pages.compress import PAGE_BUDGET_BYTES, EncodedPage, PageTooLarge, compress
from kiosk.pages.correct import enhance, paper_level
from kiosk.pages.quality import MIN_SHARPNESS
from kiosk.pages.scan import ScanResult, scan

SIZE = (1200, 900)


@pytest.fixture(scope="module")
def sharp_result() -> ScanResult:
    return scan(photograph(Scene.random(11, size=SIZE)).image)


def test_a_good_photo_is_accepted(sharp_result: ScanResult) -> None:
    assert sharp_result.reason == reasons.OK and sharp_result.accepted
    assert sharp_result.sharpness > 2 * MIN_SHARPNESS


@pytest.mark.parametrize("background", ["wood", "mat"])
def test_a_blurred_photo_is_refused(background: str) -> None:
    result = scan(photograph(Scene.random(12, size=SIZE, background=background, blur=0.003)).image)
    assert result.corners is not None and result.reason == reasons.BLURRED and not result.accepted


@pytest.mark.parametrize("background", ["wood", "mat"])
def test_a_glared_photo_is_refused(background: str) -> None:
    result = scan(photograph(Scene.random(13, size=SIZE, background=background, glare=0.6)).image)
    assert result.corners is not None and result.reason == reasons.GLARE and not result.accepted


def test_an_empty_desk_is_no_page() -> None:
    from devices.doccam.photo import background

    desk = np.clip(background("wood", SIZE, np.random.default_rng(5)), 0, 255).astype(np.uint8)
    result = scan(desk)
    assert result.reason == reasons.NO_PAGE and result.corners is None and result.page is None


def test_paper_running_out_of_the_frame_is_no_page() -> None:
    photo = photograph(Scene.random(15, size=SIZE, hand=False)).image
    assert scan(np.full_like(photo, 235)).reason == reasons.NO_PAGE  # the frame is all paper
    assert scan(photo[:, : SIZE[0] // 2]).reason == reasons.NO_PAGE  # half the page cut off


def test_every_reason_has_plain_words_in_both_languages() -> None:
    for code in (reasons.OK, reasons.NO_PAGE, reasons.BLURRED, reasons.GLARE):
        zh, en = reasons.retake_text(code, "zh_CN"), reasons.retake_text(code, "en_US")
        assert zh and en and zh != en
    assert reasons.retake_text(reasons.GLARE, "fr_FR") == reasons.retake_text(reasons.GLARE, "zh_CN")


@pytest.mark.parametrize("skew", [-3.5, 2.0])
def test_crooked_print_is_deskewed(skew: float) -> None:
    result = scan(photograph(Scene.random(14, size=(1600, 1200), skew=skew, rotation=8.0)).image)
    assert result.accepted
    assert abs(result.skew_deg - skew) < 0.5


def test_enhancement_flattens_a_shadow() -> None:
    page = np.full((400, 300), 230, np.uint8)
    page[:, 150:] = 140  # half the sheet in shadow
    page[100:104, 20:280] = 30  # a line of print across both halves
    out = enhance(page, "gray")
    assert abs(int(out[50, 60]) - int(out[50, 240])) < 12  # paper is paper on both sides
    assert out[102, 60] < 60 and out[102, 240] < 110  # the print stays dark
    assert paper_level(page).min() >= 16
    bw = enhance(page, "bw")
    assert set(np.unique(bw)) <= {0, 255} and bw[102, 240] == 0 and bw[50, 240] == 255


def test_compressed_page_is_within_budget_and_readable(sharp_result: ScanResult) -> None:
    for mode in ("gray", "bw"):
        assert sharp_result.page is not None
        encoded = compress(enhance(sharp_result.page, "bw") if mode == "bw" else sharp_result.page, mode)
        assert len(encoded.data) <= PAGE_BUDGET_BYTES
        decoded = cv2.imdecode(np.frombuffer(encoded.data, np.uint8), cv2.IMREAD_GRAYSCALE)
        assert decoded is not None and decoded.shape == (encoded.height, encoded.width)
        assert encoded.mime == ("image/png" if mode == "bw" else "image/jpeg")


def test_a_tight_budget_lowers_quality_then_size_then_refuses() -> None:
    rng = np.random.default_rng(3)
    noise = rng.integers(0, 256, size=(1200, 900), dtype=np.uint8)  # incompressible: the worst page
    first = compress(noise, "gray", budget=600_000)
    assert first.quality < 85 or first.width < 900
    with pytest.raises(PageTooLarge):
        compress(noise, "gray", budget=20_000)


def _key_pair() -> tuple[X25519PrivateKey, bytes]:
    key = crypto.new_sealing_key()
    return key, crypto.public_bytes(key)


def test_a_page_is_sealed_and_opened_byte_for_byte(sharp_result: ScanResult) -> None:
    assert sharp_result.page is not None
    encoded = compress(sharp_result.page, "gray")
    key, public = _key_pair()
    ref = PageRef("sub-0001", "household_register", 2)
    sealed = seal_page(encoded, ref, public)
    body = sealed.outbox_body()
    assert encoded.data not in crypto.b64d(body["sealed_payload"])  # nothing of the page in clear
    wire = json.loads(json.dumps(body))  # as stored in the outbox and sent
    opened = open_page(key, wire)
    assert opened.data == encoded.data and opened.ref == ref
    assert (opened.mime, opened.width, opened.height) == (encoded.mime, encoded.width, encoded.height)
    assert ref.item_id == PageRef("sub-0001", "household_register", 2).item_id != PageRef("sub-0001",
                                                                                          "household_register",
                                                                                          3).item_id


def test_a_relabelled_or_foreign_page_does_not_open(sharp_result: ScanResult) -> None:
    assert sharp_result.page is not None
    encoded = compress(sharp_result.page, "gray")
    key, public = _key_pair()
    body = seal_page(encoded, PageRef("sub-0001", "marriage", 1), public).outbox_body()
    with pytest.raises(crypto.CryptoError, match="labels"):
        open_page(key, {**body, "submission_id": "sub-0002"})
    other, _ = _key_pair()
    with pytest.raises(crypto.CryptoError):
        open_page(other, body)
    with pytest.raises(crypto.CryptoError):
        open_page(key, {"material": "x"})


def test_page_refs_are_bounded() -> None:
    for bad in (("", "m", 1), ("s" * 65, "m", 1), ("s", "m/../x", 1), ("s", "m", 0), ("s", "m", 21)):
        with pytest.raises(ValueError):
            PageRef(*bad)


def test_a_page_at_the_budget_fits_the_outbox_and_the_hub_request_limit() -> None:
    from hub.config import TERMINAL_BODY_LIMIT
    from sync.outbox import MAX_BATCH_BYTES

    _, public = _key_pair()
    full = EncodedPage(bytes(PAGE_BUDGET_BYTES), "image/jpeg", 1654, 2339, 85)
    sealed = seal_page(full, PageRef("s" * 64, "m" * 64, 20), public)
    body = sealed.outbox_body()
    item = {"id": sealed.ref.item_id, "kind": "page", "created_at": "2026-12-02T21:00:00+08:00",
            "body": body}
    wire = len(json.dumps({"items": [item]}, separators=(",", ":")))
    assert len(body["sealed_payload"]) + 600 <= MAX_BATCH_BYTES  # the outbox's own size estimate
    assert wire < TERMINAL_BODY_LIMIT
