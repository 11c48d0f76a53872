"""Photographed pages sealed with their submission: one transaction, one ``page`` item per page after the
submission item, the materials manifest inside the sealed payload, and the pages re-sealed at enrolment."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from contract import crypto
from contract.clock import FakeClock
from contract.pages import PAGE_KIND, EncodedPage, PageRef, open_page
from kiosk.submission import CAPTURED, COUNTER, MaterialPages
from sync.store import Store

from .helpers import audit, identity, new_submission, receipt_factory
from .test_store import _enroll


def sample_page(seed: int) -> EncodedPage:
    """A JPEG of noise: bytes no other page (or anything else in the file) shares."""
    pixels = np.random.default_rng(seed).integers(0, 256, (300, 220), dtype=np.uint8)
    ok, buf = cv2.imencode(".jpg", pixels, [cv2.IMWRITE_JPEG_QUALITY, 80])
    assert ok
    return EncodedPage(buf.tobytes(), "image/jpeg", 220, 300, 80)


MATERIALS = (MaterialPages("household_register", CAPTURED, (sample_page(1), sample_page(2))),
             MaterialPages("household_income", CAPTURED, (sample_page(3),)),
             MaterialPages("illness_disability_proof", COUNTER))


def submit_with_pages(store: Store):
    ident = identity()
    sub = replace(new_submission(ident), materials=MATERIALS)
    return sub, store.submit(sub, receipt_factory(ident, store.clock), audit(store.clock))


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "kiosk.sqlite3", clock=FakeClock())
    yield s
    s.close()


def test_pages_follow_their_submission_in_the_outbox_and_open_byte_for_byte(store: Store) -> None:
    sub, _stub = submit_with_pages(store)
    items = [i for i in store.due_items() if i.kind != "audit"]  # the submission's audit record goes too
    assert [i.kind for i in items] == ["submission", PAGE_KIND, PAGE_KIND, PAGE_KIND]
    pending = store.keys.pending_sealing_key()
    assert pending is not None
    sent = [(m.material, n, p) for m in MATERIALS for n, p in enumerate(m.pages, 1)]
    for item, (material, number, page) in zip(items[1:], sent, strict=True):
        assert item.id == PageRef(sub.submission_id, material, number).item_id  # a resend is a duplicate
        assert item.sealed_to == crypto.key_id(crypto.public_bytes(pending))
        opened = open_page(pending, item.body)
        assert (opened.ref.material, opened.ref.number, opened.data) == (material, number, page.data)
    payload = json.loads(crypto.open_sealed(pending, crypto.b64d(items[0].body["sealed_payload"])))
    assert payload["materials"] == [
        {"id": "household_register", "status": "captured", "pages": 2,
         "sha256": [crypto.sha256_hex(sample_page(1).data), crypto.sha256_hex(sample_page(2).data)]},
        {"id": "household_income", "status": "captured", "pages": 1, "sha256": [crypto.sha256_hex(sample_page(3).data)]},
        {"id": "illness_disability_proof", "status": "counter", "pages": 0, "sha256": []},
    ]


def test_a_failed_submit_leaves_no_page_behind(store: Store) -> None:
    ident = identity()
    sub = replace(new_submission(ident), materials=MATERIALS)

    def broken_receipt(number: str):
        raise RuntimeError("printer journal down")

    with pytest.raises(RuntimeError):
        store.submit(sub, broken_receipt, audit(store.clock))
    assert store.outbox_depth() == 0  # one transaction: no submission, no page


def test_pages_cannot_be_queued_unsealed(store: Store) -> None:
    with pytest.raises(ValueError, match="submit"):
        store.enqueue(PAGE_KIND, {"submission_id": "x", "material": "a", "number": 1, "sealed_payload": "e30="})


def test_enrolment_reseals_the_pages_too(store: Store) -> None:
    submit_with_pages(store)
    platform = crypto.new_sealing_key()
    _enroll(store.keys.dir, crypto.public_bytes(platform))
    assert store.reseal_pending() == 4
    pages = [i for i in store.due_items() if i.kind == PAGE_KIND]
    assert [open_page(platform, i.body).data for i in pages] == [p for m in MATERIALS for p in
                                                                  (q.data for q in m.pages)]
