"""Stateful schemathesis runs against the hub (issue 16): chains of calls that follow the API's OpenAPI links.

``schema.as_state_machine()`` infers links from response schemas and path parameters; the hub's routes add
the ones it cannot infer (an enrolment token into ``POST /enroll``, a published version into a release, a
listed case into its detail and decision). Every step must keep to the schema and never answer 5xx.

Shared by the bounded run in the normal suite, the long run (marked ``long``) and
``benchmarks/bench_hostile.py``. The hub is a real ``kiosk-hub serve`` process on loopback, so its
resident memory is read from ``/proc`` without the fuzzer's own in it. Each scenario starts with a fresh
admin token and a freshly enrolled terminal, because a scenario may revoke either (that is one of the
chains); terminal-API requests are signed as that terminal signs them.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks

from contract import crypto
from hub import hostile
from hub.audit import CLI_ACTOR
from hub.config import API_DOCS_ENV, PUBLIC_URL_ENV
from hub.db import make_engine, make_sessionmaker
from hub.testing import SimTerminal, admin_call, create_token, serve_process
from hub.tokens import create_api_token

CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance, st_checks.content_type_conformance,
          st_checks.response_schema_conformance]
HEALTHZ_EVERY = 10  # steps between two timings of /healthz
FUZZ_ENV = {"KIOSK_HUB_TERMINAL_RATE": "0", "KIOSK_HUB_ENROLL_RATE": "0", API_DOCS_ENV: "1",
            PUBLIC_URL_ENV: "http://hub.example"}


def _terminal_path(path: str) -> bool:
    """Requests a terminal signs: the terminal API, not the admin API, enrolment or certificate verification."""
    return (path.startswith("/api/v1/") and not path.startswith(("/api/v1/admin", "/api/v1/verify"))
            and path != "/api/v1/enroll")


class HubAuth(requests.auth.AuthBase):
    """Signs terminal-API requests as the scenario's enrolled terminal and gives admin requests its token."""

    def __init__(self) -> None:
        self.admin = ""
        self.key: Any = None
        self.terminal_id = ""

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        if _terminal_path(urlsplit(request.url or "").path):
            body = request.body
            data = body.encode() if isinstance(body, str) else body if isinstance(body, bytes) else b""
            request.headers.update(crypto.request_headers(self.key, self.terminal_id, request.method or "GET",
                                                          request.path_url, data, time.time()))
        else:
            request.headers["Authorization"] = f"Bearer {self.admin}"
        return request


class FuzzHub:
    """A hub process with a few real cases to walk through; ``fresh_credentials`` for each scenario.

    Admin tokens are written straight into the database: a scenario may revoke any token the API lists,
    so no token made before a scenario is relied on after it."""

    def __init__(self, url: str, pid: int, db_url: str, admin_token: str) -> None:
        self.url, self.pid = url, pid
        self.engine = make_engine(db_url)
        self.sessions = make_sessionmaker(self.engine)
        self.auth = HubAuth()
        self.auth.admin = admin_token
        self.session = requests.Session()
        self.session.auth = self.auth
        with httpx.Client(base_url=url, timeout=30) as client:
            sim = SimTerminal(client, "fuzz-cases")
            sim.enroll(self.enroll_token())
            response = sim.signed("POST", "/api/v1/outbox", {"items": [sim.submission_item(i) for i in range(3)]})
            assert response.status_code == 200, response.text

    def enroll_token(self) -> str:
        return str(admin_call(self.url, self.auth.admin, "POST", "/api/v1/admin/enroll-tokens",
                              {"community": "燕山社区", "district": "历下区"})["token"])

    def fresh_credentials(self) -> None:
        """A new admin token and a newly enrolled terminal for the next scenario's requests."""
        with self.sessions() as session:
            self.auth.admin, _row = create_api_token(session, CLI_ACTOR, "fuzz", "admin")
            session.commit()
        key = crypto.new_signing_key()
        enrolled = httpx.post(f"{self.url}/api/v1/enroll", timeout=30, json={
            "token": self.enroll_token(), "public_key": crypto.b64e(crypto.public_bytes(key)), "hostname": "fuzz"})
        enrolled.raise_for_status()
        self.auth.key, self.auth.terminal_id = key, enrolled.json()["terminal_id"]


@contextmanager
def fuzz_hub() -> Iterator[FuzzHub]:
    with tempfile.TemporaryDirectory(prefix="kiosk-fuzz-hub-") as tmp:
        data_dir = Path(tmp)
        db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
        admin = create_token(db_url, "admin", "fuzz")  # also brings the new database to the current schema
        with serve_process(data_dir, db_url, env=FUZZ_ENV) as (url, process):
            hub = FuzzHub(url, process.pid, db_url, admin)
            try:
                yield hub
            finally:
                hub.session.close()
                hub.engine.dispose()


@dataclass
class StatefulReport:
    steps: int = 0
    scenarios: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    operations: set[str] = field(default_factory=set)
    slowest_s: float = 0.0
    slowest: str = ""
    healthz_s: list[float] = field(default_factory=list)
    rss_bytes: list[int] = field(default_factory=list)  # with each /healthz timing
    rss_growth_bytes: int = 0

    @property
    def healthz_median_s(self) -> float:
        ordered = sorted(self.healthz_s)
        return ordered[len(ordered) // 2] if ordered else 0.0

    def figures(self) -> dict[str, Any]:
        healthz = self.healthz_median_s or 1e-9
        return {
            "stateful_steps": self.steps,
            "stateful_scenarios": self.scenarios,
            "stateful_operations": len(self.operations),
            "stateful_statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "stateful_healthz_median_ms": round(healthz * 1000, 2),
            "stateful_slowest_ms": round(self.slowest_s * 1000, 1),
            "stateful_slowest": self.slowest,
            "stateful_slowest_vs_healthz": round(self.slowest_s / healthz, 1),
            "stateful_rss_growth_mb": round(self.rss_growth_bytes / (1024 * 1024), 1),
        }


def run_stateful(hub: FuzzHub, scenarios: int, steps: int) -> StatefulReport:
    """Run ``scenarios`` chains of up to ``steps`` calls; a failed check raises (schemathesis' FailureGroup)."""
    report = StatefulReport()
    schema = schemathesis.openapi.from_url(f"{hub.url}/openapi.json")
    healthz = httpx.Client(base_url=hub.url, timeout=60)

    class HubMachine(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            report.scenarios += 1
            hub.fresh_credentials()

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"session": hub.session}

        def call(self, case: schemathesis.Case, **kwargs: Any) -> Any:
            start = time.monotonic()
            response = case.call(**kwargs)
            took = time.monotonic() - start
            report.steps += 1
            report.statuses[response.status_code] = report.statuses.get(response.status_code, 0) + 1
            report.operations.add(f"{case.method} {case.path}")
            if took > report.slowest_s:
                report.slowest_s, report.slowest = took, f"{case.method} {case.formatted_path}"
            if report.steps % HEALTHZ_EVERY == 1:
                start = time.monotonic()
                healthz.get("/healthz")
                report.healthz_s.append(time.monotonic() - start)
                report.rss_bytes.append(hostile.rss_bytes(hub.pid))
            return response

        def validate_response(self, response: Any, case: schemathesis.Case,
                              additional_checks: Any = None, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None)

    before = hostile.rss_bytes(hub.pid)
    try:
        HubMachine.run(settings=settings(max_examples=scenarios, stateful_step_count=steps, deadline=None,
                                         database=None, derandomize=True, suppress_health_check=list(HealthCheck)))
    finally:
        healthz.close()
    report.rss_growth_bytes = hostile.rss_bytes(hub.pid) - before
    return report
