"""A photographed page through the terminal's own outbox and sync to the real hub (issue 19): the page items
follow their submission, go one per request at the page budget, are stored once however often a sync runs,
and open at the hub as the bytes the terminal sealed."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from contract import crypto
from contract.pages import EncodedPage, PageRef, open_page
from hub.keys import load_or_create
from kiosk.submission import CAPTURED, MaterialPages
from sync.store import Store
from tests.hub.page_items import A4_200DPI, encoded_page
from ui.main import main as kiosk_main

from .conftest import RealHub
from .helpers import audit, identity, new_submission, receipt_factory

pytestmark = pytest.mark.slow


def test_pages_sync_exactly_once_and_open_byte_for_byte(real_hub: RealHub, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "kiosk"
    monkeypatch.setenv("KIOSK_DATA_DIR", str(data))
    monkeypatch.setenv("KIOSK_SYNC__TIMEOUT_S", "20")
    assert kiosk_main(["enroll", "--hub", real_hub.url, "--token", real_hub.new_token()]) == 0
    keys = load_or_create(real_hub.db_path.parent)
    taken = {("hukou", 1): encoded_page(21, A4_200DPI), ("hukou", 2): encoded_page(22, 800, "bw"),
             # two pages at the full budget: each must travel alone (one request cannot carry two)
             ("lease", 1): EncodedPage(os.urandom(400_000), "image/jpeg", A4_200DPI, 2339, 40),
             ("lease", 2): EncodedPage(os.urandom(400_000), "image/jpeg", A4_200DPI, 2339, 40)}
    store = Store(data / "kiosk.sqlite3", keys_dir=data / "keys")
    materials = tuple(MaterialPages(m, CAPTURED, tuple(p for (name, _n), p in taken.items() if name == m))
                      for m in ("hukou", "lease"))
    try:  # the real path: Store.submit seals the pages with the form, to the platform key after enrolment
        ident = identity()
        sid = store.submit(replace(new_submission(ident), materials=materials), receipt_factory(ident, store.clock),
                           audit(store.clock)).submission_id
        sealed = {PageRef(sid, m, n).item_id: PageRef(sid, m, n) for (m, n) in taken}
    finally:
        store.close()
    assert kiosk_main(["sync", "now"]) == 0
    assert kiosk_main(["sync", "now"]) == 0  # nothing left to send: still stored once
    rows = real_hub.query("SELECT item_id, submission_id, material, number, sealed FROM case_pages "
                          "WHERE submission_id = ?", sid)
    assert sorted(r[0] for r in rows) == sorted(sealed)
    for item_id, submission_id, material, number, blob in rows:
        ref = sealed[item_id]
        opened = open_page(keys.sealing, {"submission_id": ref.submission_id, "material": ref.material,
                                          "number": ref.number, "sealed_payload": crypto.b64e(blob)})
        assert opened.data == taken[material, number].data and opened.ref == PageRef(submission_id, material, number)
    [(kind, status)] = real_hub.query("SELECT kind, status FROM outbox_items JOIN cases ON cases.item_id = "
                                      "outbox_items.id WHERE cases.submission_id = ?", sid)
    assert (kind, status) == ("submission", "received")
