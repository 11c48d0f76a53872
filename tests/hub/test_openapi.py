"""The committed OpenAPI document is the served one, and the served API keeps to it (schemathesis, bounded)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import checks as st_checks
from schemathesis.core.result import Ok
from starlette.types import Message, Receive, Scope, Send

from contract import crypto
from hub.app import create_app
from hub.audit import CLI_ACTOR
from hub.config import HubConfig
from hub.enrolment import create_enroll_token, enroll
from hub.openapi import COMMITTED, render_openapi
from hub.tokens import create_api_token
from tests.hub.stateful_fuzz import CHECKS, fuzz_hub, run_stateful


def test_committed_openapi_equals_the_served_document(tmp_path: Path) -> None:
    app = create_app(HubConfig(data_dir=tmp_path, db_url=f"sqlite:///{tmp_path}/h.sqlite3"))
    try:
        served = app.openapi()
    finally:
        app.state.engine.dispose()
    committed = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert committed == served, "run: kiosk-hub openapi --out hub/openapi.json"
    assert render_openapi(served) == COMMITTED.read_text(encoding="utf-8")


class SigningTerminal:
    """Test-only ASGI wrapper that signs each terminal-API request as a correctly enrolled terminal would,
    so the fuzzer reaches the request handling behind the signature check."""

    def __init__(self, app: FastAPI, key: Any, terminal_id: str) -> None:
        self.app, self.key, self.terminal_id = app, key, terminal_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        signed = (scope["type"] == "http" and path.startswith("/api/v1/") and not path.startswith("/api/v1/admin")
                  and path not in ("/api/v1/enroll",) and not path.startswith("/api/v1/verify"))
        if not signed:
            await self.app(scope, receive, send)
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        raw_path = (scope.get("raw_path") or path.encode()).decode("latin-1")
        if scope.get("query_string"):
            raw_path += "?" + scope["query_string"].decode("latin-1")
        headers = crypto.request_headers(self.key, self.terminal_id, scope["method"], raw_path, body, time.time())
        scope = {**scope, "headers": [h for h in scope["headers"] if not h[0].lower().startswith(b"x-kiosk-")]
                 + [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
        done = False

        async def replay() -> Message:
            nonlocal done
            if not done:
                done = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


@pytest.fixture(scope="module")
def fuzz_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    tmp = tmp_path_factory.mktemp("fuzz")
    app = create_app(HubConfig(data_dir=tmp, db_url=f"sqlite:///{tmp}/h.sqlite3", terminal_rate_per_min=0,
                               enroll_rate_per_min=0, api_docs=True, public_url="http://testserver"))
    key = crypto.new_signing_key()
    with app.state.sessions() as session:
        admin, _ = create_api_token(session, CLI_ACTOR, "fuzz", "admin")
        token, _ = create_enroll_token(session, CLI_ACTOR, "燕山社区", "历下区", 3600)
        session.commit()
        terminal = enroll(session, token, crypto.b64e(crypto.public_bytes(key)), "fuzz")
        session.commit()
        terminal_id = terminal.id
    yield SigningTerminal(app, key, terminal_id), {"Authorization": f"Bearer {admin}"}
    app.state.engine.dispose()


def _operations(schema: Any) -> list[Any]:
    """Every operation of the schema; one the schema cannot describe fails here."""
    return [result.ok() if isinstance(result, Ok) else pytest.fail(str(result.err()))
            for result in schema.get_all_operations()]


def test_schemathesis_every_operation_keeps_to_the_schema(fuzz_target: tuple[Any, dict[str, str]]) -> None:
    app, auth = fuzz_target
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = _operations(schema)
    assert len(operations) >= 25
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=CHECKS)

        run()


def test_schemathesis_invalid_inputs_are_4xx_never_5xx(fuzz_target: tuple[Any, dict[str, str]]) -> None:
    app, auth = fuzz_target
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    exercised: set[str] = set()
    for operation in _operations(schema):
        label = operation.label

        @given(case=operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE))
        @settings(max_examples=6, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        def run(case: schemathesis.Case) -> None:
            response = case.call(headers=auth)
            case.validate_response(response, checks=[st_checks.not_a_server_error])
            assert response.status_code < 500
            exercised.add(label)  # noqa: B023 - run() is called in this iteration

        try:
            run()
        except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
            continue
    assert len(exercised) >= 20


# --- stateful: chains of calls that follow the OpenAPI links (tests/hub/stateful_fuzz.py) -----------------

def test_the_links_chain_token_to_enrolment_version_to_release_and_case_to_decision(tmp_path: Path) -> None:
    app = create_app(HubConfig(data_dir=tmp_path, db_url=f"sqlite:///{tmp_path}/h.sqlite3", api_docs=True))
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        rules = set(dir(schema.as_state_machine()))
    finally:
        app.state.engine.dispose()
    for source, link, target in [("POST_api_v1_admin_enroll_tokens", "EnrolWithThisToken", "POST_api_v1_enroll"),
                                 ("POST_api_v1_admin_content", "ReleaseThisVersion", "POST_api_v1_admin_releases"),
                                 ("GET_api_v1_admin_cases", "OpenTheFirstCase",
                                  "GET_api_v1_admin_cases_submission_id_"),
                                 ("GET_api_v1_admin_cases_submission_id_", "DecideThisCase",
                                  "POST_api_v1_admin_cases_submission_id_status")]:
        chained = [r for r in rules if r.startswith(f"{source}__") and r.endswith(f"_200_{link}__{target}")]
        assert chained, (link, sorted(r for r in rules if r.startswith(source)))


def test_stateful_runs_keep_to_the_schema() -> None:
    """A bounded stateful run (a few dozen steps): no 5xx, every response as the schema says."""
    with fuzz_hub() as hub:
        report = run_stateful(hub, scenarios=8, steps=6)
    assert report.steps >= 30 and report.statuses.get(200, 0) >= 10, report.figures()


@pytest.mark.long
def test_long_stateful_run_keeps_to_the_schema_and_the_hubs_memory() -> None:
    """Thousands of steps: no 5xx, no schema violation, the hub process grows by less than 100 MB; the
    slowest response is printed against /healthz of the same run (``python -m benchmarks.bench_hostile``)."""
    with fuzz_hub() as hub:
        report = run_stateful(hub, scenarios=300, steps=12)
    figures = report.figures()
    print(figures)
    assert report.steps >= 2000 and len(report.operations) >= 20, figures
    assert report.rss_growth_bytes < 100 * 1024 * 1024, figures
