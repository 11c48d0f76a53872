"""``kiosk demo --with-hub``: the whole system on one machine.

Starts the reference platform hub on a free loopback port (data under the demo's data
directory), publishes the sample catalog, notices and forms, enrols this demo terminal
the first time, and points sync at it. Staff can then use the hub's web console and API
while residents use the kiosk.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from kiosk.content import SAMPLE_CONTENT_DIR


def _doc(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)


@contextmanager
def demo_hub(settings: Any) -> Iterator[tuple[str, str]]:
    from hub.testing import make_enroll_token, publish, run_hub
    from sync.service import enroll
    from sync.store import open_store

    with run_hub(Path(settings.data_dir) / "demo-hub") as (url, admin_token):
        publish(url, admin_token, "catalog", _doc(SAMPLE_CONTENT_DIR / "catalog.yaml"), content_id="catalog")
        publish(url, admin_token, "notices", _doc(SAMPLE_CONTENT_DIR / "notices.yaml"), content_id="notices")
        publish(url, admin_token, "topics", _doc(SAMPLE_CONTENT_DIR / "topics.json"), content_id="topics")  # issue 11
        for path in sorted((SAMPLE_CONTENT_DIR / "forms").glob("*.json")):
            publish(url, admin_token, "form", _doc(path))
        store = open_store(settings)
        try:
            if store.keys.enrollment() is None:
                t = settings.terminal
                enroll(store, url, make_enroll_token(url, admin_token, community=t.community_name_zh))
        finally:
            store.close()
        settings.sync.hub_url = url  # the port is new each run; the enrolment stays
        yield url, admin_token
