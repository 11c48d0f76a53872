"""The two requests every terminal makes all day go through hub.hotpath (issue 17): one write transaction of
Core statements, no ORM statement and no unit-of-work flush, and the same answers to bad bodies as every
other route. Counted, never timed: a regression to FastAPI's general path or to the ORM fails here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import create_engine, event, update
from sqlalchemy.orm import Session

from hub import releases
from hub.audit import CLI_ACTOR
from hub.hotpath import HotRoute, hot_post
from hub.releases_fleet import ACTIVE, ACTIVE_FRESH_S
from hub.releases_models import SoftwareRelease
from hub.schemas import HeartbeatRequest
from hub.testing import count_statements
from tests.hub.conftest import Hub
from tests.hub.test_hot_path import beat
from tests.hub.test_software_releases import Signer, rollout, signer, upload
from tests.hub.test_software_releases import beat as software_beat

__all__ = ["signer"]  # the fixture, imported for pytest


@contextmanager
def orm_work() -> Iterator[list[str]]:
    """What any session did through the ORM while the block ran: statements and flushes of changed objects."""
    seen: list[str] = []

    def statement(state: Any) -> None:
        seen.append(f"orm {state.statement}")

    def flush(_session: Session, _context: Any, _instances: Any) -> None:
        seen.append("flush")

    event.listen(Session, "do_orm_execute", statement)
    event.listen(Session, "before_flush", flush)
    try:
        yield seen
    finally:
        event.remove(Session, "do_orm_execute", statement)
        event.remove(Session, "before_flush", flush)


def sql_of(hub: Hub, action: Callable[[], Any]) -> list[str]:
    with count_statements(hub.client.app.state.engine) as sql:  # type: ignore[attr-defined]
        action()
    return [" ".join(text.split()[:3]) for text in sql if not text.startswith(("DELETE FROM nonces",
                                                                              "DELETE FROM rate_counters"))]


def test_a_heartbeat_reads_then_writes_once_with_no_orm(hub: Hub) -> None:
    sim = hub.terminal()
    beat(sim)
    with orm_work() as orm:
        sql = sql_of(hub, lambda: beat(sim))
    assert orm == []
    # SQLite: a reader transaction for the lookup and the signature check, then ONE write transaction
    assert sql == ["BEGIN", "SELECT terminals.id, terminals.terminal_no,", "BEGIN IMMEDIATE",
                   "INSERT INTO nonces", "INSERT INTO rate_counters", "UPDATE terminals SET"]


def test_an_outbox_submission_is_two_inserts_after_authentication_with_no_orm(hub: Hub) -> None:
    sim = hub.terminal()
    for size in (1, 10):
        batch = {"items": [sim.submission_item(seq) for seq in range(size)]}
        with orm_work() as orm:
            sql = sql_of(hub, partial(sim.signed, "POST", "/api/v1/outbox", batch))
        assert orm == []
        assert sql == ["BEGIN", "SELECT terminals.id, terminals.terminal_no,", "BEGIN IMMEDIATE",
                       "INSERT INTO nonces", "INSERT INTO rate_counters", "INSERT INTO outbox_items",
                       "INSERT INTO cases"]


def test_command_outcomes_still_reach_the_audit_log_through_the_bound_session(hub: Hub) -> None:
    sim = hub.terminal()
    command = hub.admin("POST", f"/terminals/{sim.terminal_id}/commands", {"name": "sync_now"})
    assert beat(sim)["commands"] == [{"id": command["id"], "name": "sync_now"}]
    beat(sim, command_results=[{"id": command["id"], "name": "sync_now", "ok": True, "detail": "synced"}])
    done = [e for e in hub.admin("GET", "/audit") if e["action"] == "terminal.command_done"]
    assert [(e["target"], e["detail"]["command"], e["detail"]["ok"]) for e in done] == [
        (sim.terminal_id, "sync_now", True)]


@pytest.mark.parametrize(("raw", "content_type", "status", "error"), [
    (b"", "application/json", 422, "invalid_request"),
    (b"{not json", "application/json", 400, "malformed_json"),
    (b'{"at": "x"}', "text/plain", 422, "invalid_request"),
    (b'{"bundle_version": -1}', "application/json", 422, "invalid_request"),
    (b'{"bundle_version": 1}', "application/json; charset=utf-8", 200, None),
])
def test_bad_heartbeat_bodies_get_the_usual_answers(hub: Hub, raw: bytes, content_type: str, status: int,
                                                    error: str | None) -> None:
    sim = hub.terminal()
    response = sim.signed("POST", "/api/v1/heartbeat", raw=raw, headers={"Content-Type": content_type})
    assert response.status_code == status, response.text
    if error:
        assert response.json()["error"] == error
    if status == 422:
        assert response.json()["detail"].startswith("body")


def test_an_unknown_outbox_field_is_refused_by_the_strict_model(hub: Hub) -> None:
    sim = hub.terminal()
    response = sim.signed("POST", "/api/v1/outbox", {"items": [], "extra": 1})
    assert response.status_code == 422
    assert response.json() == {"error": "invalid_request", "detail": "body.extra: Extra inputs are not permitted"}


def test_a_hot_endpoint_must_take_the_four_parameters_it_is_called_with() -> None:
    app = FastAPI()

    def wrong(body: HeartbeatRequest, session: Any) -> dict[str, Any]:
        return {}

    with pytest.raises(TypeError, match="takes"):
        hot_post(app, "/x")(wrong)
    assert not any(isinstance(route, HotRoute) for route in app.routes)


def test_the_offer_follows_release_changes_at_once_in_this_process_and_within_seconds_from_others(
        hub: Hub, signer: Signer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(ACTIVE, "clock", lambda: now[0])
    sim = hub.terminal()
    assert software_beat(sim) is None
    path, record = signer.package(tmp_path, "0.2.0")
    version = upload(hub, path, record)
    rollout(hub, version, "all")  # through the ORM: forgotten at once
    assert software_beat(sim)["manifest"]["version"] == "0.2.0"
    with Session(create_engine(hub.db_url)) as db:  # as another hub process would: no ORM event here
        db.execute(update(SoftwareRelease).values(state="paused"))
        db.commit()
    assert software_beat(sim) is not None  # this process still trusts its copy...
    now[0] += ACTIVE_FRESH_S
    assert software_beat(sim) is None  # ...for ACTIVE_FRESH_S at most
    with Session(create_engine(hub.db_url)) as db:
        db.execute(update(SoftwareRelease).values(state="active"))
        db.commit()
        releases.halt(db, CLI_ACTOR, version, "broken")  # through the ORM
        db.commit()
    assert software_beat(sim) is None
