"""Fixtures for the hub tests: an in-process hub (FastAPI TestClient over a real SQLite file),
tokens for every role, and simulated terminals that sign their requests."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hub.app import create_app
from hub.audit import CLI_ACTOR
from hub.config import HubConfig
from hub.testing import SimTerminal
from hub.tokens import create_api_token

ROLES = ("admin", "staff", "viewer")

REPO = Path(__file__).resolve().parents[2]
# the form engine's sample form (contract/forms validates it); a deep copy per use
FORM: dict[str, Any] = json.loads((REPO / "assets/content/forms/residence_certificate.json").read_text("utf-8"))
FORM_ID = FORM["id"]


def form_version(version: int, **changes: Any) -> dict[str, Any]:
    """The sample form as version ``version`` (a changed title makes it a different version)."""
    form = copy.deepcopy(FORM)
    form["version"] = version
    form["title"] = {**form["title"], "en_US": f"Residence certificate v{version}"}
    form.update(changes)
    return form


@dataclass
class Hub:
    client: TestClient
    db_url: str
    data_dir: Path
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, role: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}

    def admin(self, method: str, path: str, body: Any = None, role: str = "admin", status: int = 200) -> Any:
        response = self.client.request(method, f"/api/v1/admin{path}", json=body, headers=self.auth(role))
        assert response.status_code == status, response.text
        return response.json()

    def terminal(self, community: str = "示例社区", district: str = "历下区") -> SimTerminal:
        token = self.admin("POST", "/enroll-tokens", {"community": community, "district": district})["token"]
        sim = SimTerminal(self.client)
        sim.enroll(token)
        return sim

    def publish(self, kind: str, content: dict[str, Any], target: dict[str, Any] | None = None,
                rollout_percent: int = 100, canaries: list[str] | None = None, content_id: str | None = None) -> dict:
        body: dict[str, Any] = {"kind": kind, "content": content}
        if content_id:
            body["id"] = content_id
        version = self.admin("POST", "/content", body)
        return self.admin("POST", "/releases", {
            "kind": kind, "id": version["id"], "version": version["version"], "target": target or {"all": True},
            "rollout_percent": rollout_percent, "canaries": canaries or []})

    def count(self, table: str) -> int:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.db_url)
        try:
            with engine.connect() as conn:
                return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        finally:
            engine.dispose()


def make_hub(tmp_path: Path, db_url: str | None = None, **config: Any) -> Iterator[Hub]:
    db_url = db_url or f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    config.setdefault("public_url", "http://testserver")  # what the TestClient calls itself
    app = create_app(HubConfig(data_dir=tmp_path, db_url=db_url, **config))
    tokens = {}
    with app.state.sessions() as session:
        for role in ROLES:
            tokens[role], _row = create_api_token(session, CLI_ACTOR, f"test-{role}", role)
        session.commit()
    with TestClient(app) as client:
        yield Hub(client=client, db_url=db_url, data_dir=tmp_path, tokens=tokens)
    app.state.engine.dispose()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    yield from make_hub(tmp_path)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    from tests.hub import pg

    reason = pg.available()
    if reason:
        pytest.fail(reason)  # the postgres marker promises a real server: missing is a failure, not a skip
    with pg.private_cluster() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> str:
    import re
    import uuid

    from tests.hub import pg

    name = "hub_" + re.sub(r"[^a-z0-9]+", "_", request.node.name.lower())[:40] + "_" + uuid.uuid4().hex[:8]
    return pg.create_database(pg_server, name)


@pytest.fixture
def pg_hub(tmp_path: Path, pg_url: str) -> Iterator[Hub]:
    yield from make_hub(tmp_path, db_url=pg_url)
