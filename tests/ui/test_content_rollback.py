"""Issue 23 items 1 and 2: a withdrawn form is never offered, and a running app applies every activated bundle."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest

from contract import crypto
from contract.catalog import read_catalog
from hub.fleet import heartbeat_alerts
from kiosk.content import SAMPLE_CONTENT_DIR, load_sample_content, offered
from sync.bundles import BundleManager
from sync.store import open_store
from tests.technician.helpers import enrol, new_platform
from ui.harness import build_harness
from ui.launch import ContentWatch, _device_status

pytestmark = pytest.mark.gui

WITHDRAWN = "residence_certificate"


def _bundle_items(forms: dict[str, Any]) -> list[tuple[str, str, bytes]]:
    catalog = read_catalog(SAMPLE_CONTENT_DIR)
    return [("catalog", "catalog", crypto.canonical_json(catalog))] + [
        ("form", fid, crypto.canonical_json(doc)) for fid, doc in forms.items()]


def _activate(store: Any, platform: Any, version: int, items: list[tuple[str, str, bytes]]) -> None:
    """What `kiosk sync now` does to the store: stage a signed bundle and activate it."""
    blobs = {crypto.sha256_hex(blob): blob for _, _, blob in items}
    manifest = crypto.sign_record(platform.key, {
        "bundle_version": version, "terminal_id": "t-test-0001", "created_at": "2026-12-01T00:00:00Z",
        "items": [{"kind": kind, "id": iid, "version": 1, "sha256": crypto.sha256_hex(blob), "size": len(blob)}
                  for kind, iid, blob in items]}, platform.kid)
    bundles = BundleManager(store)
    bundles.stage(manifest, lambda sha, size: blobs[sha])
    assert bundles.activate_if_idle(True)


def test_a_service_whose_form_was_withdrawn_is_a_guide_only_and_the_heartbeat_alerts() -> None:
    sample = load_sample_content()
    forms = {fid: f for fid, f in sample.forms.items() if fid != WITHDRAWN}
    catalog, unoffered = offered(sample.catalog, forms)  # the catalog still names the withdrawn form
    assert unoffered == {WITHDRAWN: WITHDRAWN}
    h = build_harness(content=replace(sample, catalog=catalog, forms=forms, unoffered=unoffered))
    try:
        b = h.backend
        b.start()
        b.openService(WITHDRAWN)
        assert b.service["hasForm"] is False and b.service["name"]
        b.apply()  # not offered; called anyway it asks for no card and raises nothing
        assert b.screen == "guide"
        body = _device_status(h.services, h.app.resident.content)
        assert body["devices"]["services"]["status"] == "fail"
        alerts = heartbeat_alerts(body)
        assert any(a["code"] == "device_fault" and WITHDRAWN in a["detail"] for a in alerts)
    finally:
        h.close()


def test_a_bundle_without_a_form_its_catalog_names_loads_with_the_service_unoffered(app: Any) -> None:
    platform = new_platform()
    enrol(app.services.store, platform)
    forms = {p.stem: json.loads(p.read_text("utf-8")) for p in (SAMPLE_CONTENT_DIR / "forms").glob("*.json")}
    del forms[WITHDRAWN]
    _activate(app.services.store, platform, 2, _bundle_items(forms))
    app.services.bundles = BundleManager(app.services.store)
    content = ContentWatch(app.services).load()
    assert content.source == "bundle:2" and content.unoffered == {WITHDRAWN: WITHDRAWN}
    assert content.catalog.service(WITHDRAWN).form_id is None
    assert _device_status(app.services, content)["devices"]["services"]["code"] == "CONTENT-FORM-MISSING"


def test_a_running_app_takes_a_bundle_another_process_activated_between_sessions(app: Any) -> None:
    platform = new_platform()
    enrol(app.services.store, platform)
    app.services.bundles = BundleManager(app.services.store)
    watch = ContentWatch(app.services)
    app.backend.set_content(watch.load())
    assert app.app.resident.content.source == "sample"  # the staff-only bundle has no catalog
    watch.apply_to(app.backend)
    assert app.app.resident.content.source == "sample"  # nothing changed: nothing reloaded

    b = app.backend
    b.start()
    b.openService("elderly_allowance")  # a resident is being served
    other = open_store(app.services.settings, app.clock)  # `kiosk sync now`: its own store handle
    try:
        forms = {p.stem: json.loads(p.read_text("utf-8")) for p in (SAMPLE_CONTENT_DIR / "forms").glob("*.json")}
        _activate(other, platform, 2, _bundle_items(forms))
    finally:
        other.close()
    watch.apply_to(b)
    assert app.app.resident.content.source == "sample"  # never in the middle of a session
    b.wipe("idle")
    b.start()
    assert app.app.resident.content.source == "bundle:2"
