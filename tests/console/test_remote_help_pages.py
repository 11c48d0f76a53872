"""The remote help routes refuse what they must (issue 24): only admins send commands, issue codes and download
bundles; only the listed commands; only a terminal's own diagnostics bundles; scoped staff see no other terminal."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import OTHER_COMMUNITY, ConsoleHub, SignedIn


def _terminal(hub: ConsoleHub, http: httpx.Client, community: str) -> SimTerminal:
    sim = SimTerminal(http, hostname="kiosk-refusals")
    sim.enroll(make_enroll_token(hub.base_url, hub.tokens["admin"], community=community))
    return sim


def test_refusals(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    with console_hub.client() as http:
        sim = _terminal(console_hub, http, OTHER_COMMUNITY)
        other = _terminal(console_hub, http, OTHER_COMMUNITY)
        items = [{"id": "rdy-refusal-1", "kind": "readiness", "created_at": "2026-12-03T09:00:00Z",
                  "body": {"overall": "ok", "components": []}},
                 {"id": "diag-refusal-1", "kind": "readiness", "created_at": "2026-12-03T09:00:00Z",
                  "body": {"type": "diagnostics_bundle", "file_name": "x.zip", "zip_b64": "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=="}}]
        assert {r["status"] for r in sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"]} == {
            "accepted"}
    admin, staff, viewer = login("admin"), login("staff"), login("viewer")
    base = f"/console/fleet/{sim.terminal_id}"
    assert staff.get(base).status_code == 404  # staff of another community do not see it at all
    assert viewer.post(f"{base}/command", {"name": "restart_app"}).status_code == 403
    assert viewer.post(f"{base}/code").status_code == 403
    assert viewer.get(f"{base}/bundles/diag-refusal-1").status_code == 403
    assert admin.post(f"{base}/command", {"name": "format_disk"}).status_code == 422
    assert admin.post(f"{base}/command", {"name": "restart_app"}, csrf=False).status_code == 403
    assert admin.get(f"{base}/bundles/rdy-refusal-1").status_code == 404  # a readiness report is no bundle
    assert admin.get(f"/console/fleet/{other.terminal_id}/bundles/diag-refusal-1").status_code == 404  # not its own
    download = admin.get(f"{base}/bundles/diag-refusal-1")
    assert download.status_code == 200 and download.headers["content-disposition"] == 'attachment; filename="x.zip"'
    assert viewer.get("/console/fleet/faults").status_code == 200
