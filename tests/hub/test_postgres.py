"""The same API tests on PostgreSQL, and two hub processes sharing one database."""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract import crypto
from hub.testing import SimTerminal, create_token, serve_process
from tests.hub import (
    test_case_pages,
    test_cases,
    test_fleet,
    test_publishing,
    test_remote_help,
    test_terminal_api,
)
from tests.hub.conftest import Hub, form_version

pytestmark = pytest.mark.postgres


def _hub_tests() -> list[Callable[[Hub], None]]:
    tests = []
    for module in (test_terminal_api, test_publishing, test_cases, test_fleet, test_remote_help, test_case_pages):
        for name, fn in sorted(vars(module).items()):
            if name.startswith("test_") and callable(fn) and list(inspect.signature(fn).parameters) == ["hub"]:
                tests.append(fn)
    return tests


@pytest.mark.parametrize("api_test", _hub_tests(), ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}")
def test_api_on_postgres(api_test: Callable[[Hub], None], pg_hub: Hub) -> None:
    assert pg_hub.db_url.startswith("postgresql")
    api_test(pg_hub)


def test_two_processes_share_one_postgres(tmp_path: Path, pg_url: str) -> None:
    admin = create_token(pg_url, "admin", "pg-admin")
    staff = create_token(pg_url, "staff", "pg-staff")
    with serve_process(tmp_path, pg_url) as (url_a, _pa), serve_process(tmp_path, pg_url) as (url_b, _pb):
        a, b = httpx.Client(base_url=url_a, timeout=30), httpx.Client(base_url=url_b, timeout=30)
        auth = {"Authorization": f"Bearer {admin}"}
        token = a.post("/api/v1/admin/enroll-tokens", json={"community": "燕山社区"}, headers=auth).json()["token"]
        sim_a = SimTerminal(a)
        sim_a.enroll(token)
        # the one-time token is spent for both processes
        again = b.post("/api/v1/enroll", json={"token": token,
                                               "public_key": sim_a.enrolment["bundle_keys"][0]["public_key"]})
        assert again.status_code == 401
        sim_b = SimTerminal(b)
        sim_b.key, sim_b.terminal_id, sim_b.enrolment = sim_a.key, sim_a.terminal_id, sim_a.enrolment

        # nonces are shared: a request accepted by A is a replay at B
        item = sim_a.submission_item(1)
        data = httpx.Request("POST", "/", json={"items": [item]}).content
        headers = {**crypto.request_headers(sim_a.key, sim_a.terminal_id, "POST", "/api/v1/outbox", data,
                                            time.time()), "Content-Type": "application/json"}
        assert a.post("/api/v1/outbox", content=data, headers=headers).status_code == 200
        replay = b.post("/api/v1/outbox", content=data, headers=headers)
        assert replay.status_code == 401 and replay.json()["error"] == "replayed_request"

        # the same items delivered at once through both processes are stored once
        items = [sim_a.submission_item(n) for n in range(2, 12)]
        results: list[Any] = []

        def deliver(sim: SimTerminal) -> None:
            results.append(sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"])

        threads = [threading.Thread(target=deliver, args=(s,)) for s in (sim_a, sim_b, sim_a, sim_b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = [r["status"] for batch in results for r in batch]
        assert statuses.count("accepted") == len(items) and statuses.count("duplicate") == 3 * len(items)
        cases = a.get("/api/v1/admin/cases?limit=1000", headers=auth).json()
        assert len(cases) == 1 + len(items)

        # both processes serve the same signed bundle, and a status set at A flows out of B
        a.post("/api/v1/admin/content", json={"kind": "form", "content": form_version(1)}, headers=auth)
        a.post("/api/v1/admin/releases", json={"kind": "form", "id": form_version(1)["id"]}, headers=auth)
        m_a = sim_a.signed("GET", "/api/v1/bundle").json()
        m_b = sim_b.signed("GET", "/api/v1/bundle").json()
        assert m_a == m_b and m_a["bundle_version"] == 1
        sid = item["body"]["submission_id"]
        r = a.post(f"/api/v1/admin/cases/{sid}/status", json={"status": "accepted"},
                   headers={"Authorization": f"Bearer {staff}"})
        assert r.status_code == 200
        feed = sim_b.signed("GET", "/api/v1/statuses").json()["statuses"]
        assert [(s["submission_id"], s["status"]) for s in feed] == [(sid, "accepted")]
        a.close()
        b.close()
