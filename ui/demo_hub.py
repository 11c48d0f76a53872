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

# Demo only: the staff list the demo hub publishes. A real hub never holds PINs, only their hashes.
DEMO_PINS = {"demo-tech": "246810", "demo-admin": "135790"}


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
        from kiosk.staff import hash_pin

        # demo staff (PINs printed below): technician mode is reachable in the demo too
        publish(url, admin_token, "staff", {"staff": [
            {"staff_id": "demo-tech", "role": "technician", "pin_hash": hash_pin(DEMO_PINS["demo-tech"])},
            {"staff_id": "demo-admin", "role": "administrator", "pin_hash": hash_pin(DEMO_PINS["demo-admin"])},
        ]}, content_id="staff")
        store = open_store(settings)
        try:
            if store.keys.enrollment() is None:
                t = settings.terminal
                enroll(store, url, make_enroll_token(url, admin_token, community=t.community_name_zh),
                       trust_on_first_use=True)  # the demo's own hub, started just now on loopback
            enrollment = store.keys.enrollment()
            terminal_id = enrollment.terminal_id if enrollment else "?"
        finally:
            store.close()
        settings.sync.hub_url = url  # the port is new each run; the enrolment stays
        hub_dir = Path(settings.data_dir) / "demo-hub" / "hub"
        print("Technician mode (demo): five taps in the top-right corner of the attract screen, staff ID "
              f"demo-tech, and the one-time code from `KIOSK_HUB_DATA_DIR={hub_dir} kiosk-hub terminals code "
              f"{terminal_id}`; staff cards use PIN {DEMO_PINS['demo-tech']} (demo-admin: "
              f"{DEMO_PINS['demo-admin']}).", flush=True)
        yield url, admin_token
