"""Every admin/staff endpoint refuses the wrong role (403) and a missing or revoked token (401).

The expected roles are written out here, route by route, so adding an endpoint
without deciding who may call it fails this test.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

from tests.hub.conftest import ROLES, Hub

ALL = {"admin", "staff", "viewer"}
EXPECTED: dict[tuple[str, str], set[str]] = {
    ("GET", "/api/v1/admin/me"): ALL,
    ("POST", "/api/v1/admin/tokens"): {"admin"},
    ("GET", "/api/v1/admin/tokens"): {"admin"},
    ("POST", "/api/v1/admin/tokens/{token_id}/revoke"): {"admin"},
    ("POST", "/api/v1/admin/enroll-tokens"): {"admin"},
    ("GET", "/api/v1/admin/terminals"): ALL,
    ("GET", "/api/v1/admin/terminals/{terminal_id}"): ALL,
    ("GET", "/api/v1/admin/terminals/{terminal_id}/history"): ALL,
    ("POST", "/api/v1/admin/terminals/{terminal_id}/revoke"): {"admin"},
    ("POST", "/api/v1/admin/terminals/{terminal_id}/commands"): {"admin"},
    ("POST", "/api/v1/admin/terminals/{terminal_id}/technician-code"): {"admin"},
    ("POST", "/api/v1/admin/content/validate"): {"admin"},
    ("POST", "/api/v1/admin/content"): {"admin"},
    ("GET", "/api/v1/admin/content"): ALL,
    ("GET", "/api/v1/admin/content/{kind}/{content_id}/{version}"): ALL,
    ("POST", "/api/v1/admin/releases"): {"admin"},
    ("GET", "/api/v1/admin/releases"): ALL,
    ("PATCH", "/api/v1/admin/releases/{release_id}"): {"admin"},
    ("POST", "/api/v1/admin/rollback"): {"admin"},
    ("GET", "/api/v1/admin/cases"): {"admin", "staff"},
    ("GET", "/api/v1/admin/cases/{submission_id}"): {"admin", "staff"},
    ("POST", "/api/v1/admin/cases/{submission_id}/status"): {"staff"},
    ("GET", "/api/v1/admin/audit"): {"admin"},
    ("POST", "/api/v1/admin/staff-cards"): {"admin"},
    # community services (issue 11): counter staff call the queue; anyone may read it
    ("GET", "/api/v1/admin/queue"): ALL,
    ("POST", "/api/v1/admin/queue/call-next"): {"admin", "staff"},
    ("POST", "/api/v1/admin/queue/{ticket_id}/serve"): {"admin", "staff"},
    ("POST", "/api/v1/admin/queue/{ticket_id}/skip"): {"admin", "staff"},
    ("GET", "/api/v1/admin/ratings"): ALL,
    ("GET", "/api/v1/admin/call-staff"): ALL,
    ("POST", "/api/v1/admin/terminals/{terminal_id}/call-staff/ack"): {"admin", "staff"},
    ("GET", "/api/v1/admin/topics"): ALL,
    ("GET", "/api/v1/admin/topics/{topic_id}/results"): ALL,
    ("GET", "/api/v1/admin/topics/{topic_id}/opinions"): {"admin", "staff"},
    # terminal software releases (issue 20): progress for anyone who sees the fleet
    ("GET", "/api/v1/admin/software-releases"): ALL,
}
PARAMS = {"token_id": "x", "terminal_id": "t-x", "kind": "form", "content_id": "x", "version": "1",
          "release_id": "1", "submission_id": "x", "ticket_id": "x", "topic_id": "x"}


def admin_routes(hub: Hub) -> list[tuple[str, str]]:
    routes = []
    for route in hub.client.app.routes:  # type: ignore[attr-defined]
        if isinstance(route, APIRoute) and route.path.startswith("/api/v1/admin"):
            routes += [(method, route.path) for method in sorted(route.methods)]
    return routes


def test_every_admin_route_has_a_role_decision(hub: Hub) -> None:
    assert sorted(admin_routes(hub)) == sorted(EXPECTED)


@pytest.mark.parametrize("role", ROLES)
def test_wrong_role_is_refused_with_403_and_nothing_changes(hub: Hub, role: str) -> None:
    audit_before = hub.count("audit_log")
    checked = 0
    for (method, path), allowed in EXPECTED.items():
        if role in allowed:
            continue
        url = path.format(**PARAMS)
        r = hub.client.request(method, url, json={}, headers=hub.auth(role))
        assert r.status_code == 403, (method, path, role, r.text)
        assert r.json()["error"] == "forbidden"
        checked += 1
    assert checked > 0 or role == "admin"
    assert hub.count("audit_log") == audit_before


@pytest.mark.parametrize("role", ROLES)
def test_right_role_passes_the_role_check(hub: Hub, role: str) -> None:
    for (method, path), allowed in EXPECTED.items():
        if role not in allowed:
            continue
        r = hub.client.request(method, path.format(**PARAMS), json={}, headers=hub.auth(role))
        assert r.status_code not in (401, 403), (method, path, role, r.text)


def test_missing_bad_and_revoked_tokens_are_401(hub: Hub) -> None:
    for (method, path) in EXPECTED:
        url = path.format(**PARAMS)
        assert hub.client.request(method, url, json={}).status_code == 401
        r = hub.client.request(method, url, json={}, headers={"Authorization": "Bearer khub_forged"})
        assert r.status_code == 401 and r.json()["error"] == "bad_token"
    me = hub.admin("GET", "/me", role="viewer")
    hub.admin("POST", f"/tokens/{me['id']}/revoke")
    r = hub.client.get("/api/v1/admin/terminals", headers=hub.auth("viewer"))
    assert r.status_code == 401


def test_tokens_are_hashed_at_rest(hub: Hub) -> None:
    created = hub.admin("POST", "/tokens", {"name": "clerk", "role": "staff", "community": "A"})
    assert created["token"].startswith("khub_")
    from sqlalchemy import create_engine, text

    engine = create_engine(hub.db_url)
    with engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text("SELECT token_hash FROM api_tokens"))]
    engine.dispose()
    assert created["token"] not in rows and all(len(h) == 64 for h in rows)
    r = hub.client.get("/api/v1/admin/cases", headers={"Authorization": f"Bearer {created['token']}"})
    assert r.status_code == 200
