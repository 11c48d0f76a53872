"""Issue 24 item 1: the diagnostics bundle reaches the real hub (it carries no personal data, and the hub's
personal-data check must not mistake the bundle's file name for a person's name)."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from terminal.diag.bundle import build_bundle, bundle_name, queue_for_hub
from terminal.diag.checks import DiagContext

pytestmark = pytest.mark.slow


def test_a_queued_bundle_is_accepted_by_the_real_hub(real_hub: Any, terminal_factory: Any) -> None:
    t = terminal_factory(real_hub.url)
    enrolled = t.enroll(real_hub.url, real_hub.new_token())
    now = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)
    data = build_bundle(DiagContext(settings=t.settings, store=t.store), results={}, now=now, log_text="")
    name = bundle_name(enrolled.terminal_id, now)
    item_id = queue_for_hub(t.store, data, enrolled.terminal_id, name)
    assert t.store.outbox_item_state(item_id) == ("queued", "")
    report = t.service.run_once(heartbeat=False)
    assert report.ok, report.errors
    assert t.store.quarantined() == []
    assert t.store.outbox_item_state(item_id) == ("delivered", "")
    rows = real_hub.query("SELECT body FROM outbox_items WHERE id = ?", item_id)
    assert len(rows) == 1
    body = json.loads(rows[0][0])
    assert body["type"] == "diagnostics_bundle" and body["file_name"] == name
    zf = zipfile.ZipFile(io.BytesIO(base64.b64decode(body["zip_b64"])))
    assert "checks.json" in zf.namelist()


def test_a_bundle_queued_by_an_older_terminal_is_accepted_too(real_hub: Any, terminal_factory: Any,
                                                              tmp_path: Path) -> None:
    """Terminals not yet updated still send ``name`` (the file name): the hub takes it for what it is."""
    t = terminal_factory(real_hub.url, name="old")
    t.enroll(real_hub.url, real_hub.new_token())
    item_id = t.store.enqueue("readiness", {"type": "diagnostics_bundle", "terminal_id": "x", "name": "b.zip",
                                            "zip_b64": ""})
    assert t.service.run_once(heartbeat=False).ok
    assert t.store.quarantined() == []
    assert t.store.outbox_item_state(item_id) == ("delivered", "")
    # a person's name in any other readiness body is still refused
    bad = t.store.enqueue("readiness", {"type": "note", "name": "张三"})
    t.service.run_once(heartbeat=False)
    state, reason = t.store.outbox_item_state(bad)
    assert state == "quarantined" and "personal data key 'name'" in reason
