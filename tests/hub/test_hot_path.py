"""The hub's hot path does a fixed, small amount of database work (issue 17), on SQLite and PostgreSQL.

Counted, not timed: the statements a heartbeat or an outbox batch sends are the same on any machine.
A terminal request always pays for its authentication (the terminal's row, the nonce, the rate
counter); a heartbeat adds one UPDATE, an outbox batch two INSERTs however many items it carries.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hub.testing import SimTerminal, count_statements
from tests.hub.conftest import Hub, make_hub

AUTH = [("SELECT", "terminals"), ("INSERT", "nonces"), ("INSERT", "rate_counters")]
_VERB_TABLE = re.compile(r"^\s*(?:(SELECT)\b.*?\bFROM|(INSERT) INTO|(UPDATE)|(DELETE) FROM)\s+\"?(\w+)", re.DOTALL)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hub]:
    db_url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    yield from make_hub(tmp_path, db_url=db_url)


def statements(hub: Hub, action: Callable[[], Any]) -> list[tuple[str, str]]:
    """(verb, table) of each statement ``action`` makes the hub send, transaction control left out."""
    seen: list[tuple[str, str]] = []
    with count_statements(hub.client.app.state.engine) as sql:  # type: ignore[attr-defined]
        action()
    for text in sql:
        if text.split()[0].upper() in ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"):
            continue
        match = _VERB_TABLE.match(text)
        assert match, text
        verb = next(group for group in match.groups()[:4] if group)
        seen.append((verb, match.group(5)))
    return seen


def beat(sim: SimTerminal, **changes: Any) -> dict[str, Any]:
    response = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(**changes))
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_heartbeat_is_one_update_after_authentication(any_hub: Hub) -> None:
    sim = any_hub.terminal()
    beat(sim)  # the first one also starts the terminal's history
    assert statements(any_hub, lambda: beat(sim)) == [*AUTH, ("UPDATE", "terminals")]


def test_history_and_commands_cost_a_statement_only_when_due(any_hub: Hub) -> None:
    sim = any_hub.terminal()
    beat(sim)
    paper_low = {"printer": {"online": True, "paper": "low", "cover_open": False}}
    assert statements(any_hub, lambda: beat(sim, **paper_low)) == [
        *AUTH, ("INSERT", "terminal_history"), ("UPDATE", "terminals")]
    command = any_hub.admin("POST", f"/terminals/{sim.terminal_id}/commands", {"name": "sync_now"})
    replies: list[dict[str, Any]] = []
    assert statements(any_hub, lambda: replies.append(beat(sim, **paper_low))) == [
        *AUTH, ("UPDATE", "terminals"), ("UPDATE", "commands")]
    assert replies[0]["commands"] == [{"id": command["id"], "name": "sync_now"}]
    assert beat(sim, **paper_low)["commands"] == []


def test_an_outbox_batch_is_two_inserts_whatever_its_size(any_hub: Hub) -> None:
    sim = any_hub.terminal()
    for size in (1, 25):
        items = [sim.submission_item(seq) for seq in range(size)]
        results: list[Any] = []
        sent = statements(any_hub, lambda batch=items, out=results: out.append(
            sim.signed("POST", "/api/v1/outbox", {"items": batch}).json()["results"]))
        assert sent == [*AUTH, ("INSERT", "outbox_items"), ("INSERT", "cases")]
        assert [r["status"] for r in results[0]] == ["accepted"] * size
    assert any_hub.count("cases") == 26 and any_hub.count("outbox_items") == 26


def test_a_batch_keeps_exactly_once_by_item_and_by_submission(any_hub: Hub) -> None:
    sim = any_hub.terminal()
    stored = sim.submission_item(1)
    sim.signed("POST", "/api/v1/outbox", {"items": [stored]})
    fresh = sim.submission_item(2)
    same_submission_new_id = {**stored, "id": "resent-under-a-new-id"}
    twin = {**fresh, "id": "twin-in-the-same-batch"}
    ticket = {"id": "ticket-1", "kind": "queue_ticket", "created_at": "2026-12-02T08:00:00+00:00",
              "body": {"business_type": "A", "number": "A0001", "issued_at": "2026-12-02T08:00:00+00:00"}}
    batch = [same_submission_new_id, stored, fresh, fresh, twin, ticket, ticket]
    results: list[Any] = []
    sent = statements(any_hub, lambda: results.extend(
        sim.signed("POST", "/api/v1/outbox", {"items": batch}).json()["results"]))
    assert [(r["id"], r["status"]) for r in results] == [
        ("resent-under-a-new-id", "duplicate"), (stored["id"], "duplicate"), (fresh["id"], "accepted"),
        (fresh["id"], "duplicate"), ("twin-in-the-same-batch", "duplicate"), ("ticket-1", "accepted"),
        ("ticket-1", "duplicate")]
    # the re-sent submission's item was stored, then taken back out when its case turned out to exist
    assert sent[:6] == [*AUTH, ("INSERT", "outbox_items"), ("INSERT", "cases"), ("DELETE", "outbox_items")]
    assert any_hub.count("cases") == 2 and any_hub.count("outbox_items") == 3
    assert any_hub.count("queue_tickets") == 1
