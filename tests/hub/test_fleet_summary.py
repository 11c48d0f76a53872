"""The fleet summary behind the console's home page (issue 17, item 5) agrees with the fleet view it replaces,
on SQLite and PostgreSQL, from the alert count each heartbeat keeps on its terminal's row."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hub.audit import Actor
from hub.fleet import fleet_view
from hub.fleet_summary import LISTED, overview
from hub.testing import SimTerminal
from tests.hub.conftest import FORM_ID, Hub, form_version, make_hub


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hub]:
    db_url = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    yield from make_hub(tmp_path, db_url=db_url)


def beat(sim: SimTerminal, **changes: Any) -> None:
    response = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(**changes))
    assert response.status_code == 200, response.text


def up_to_date(sim: SimTerminal) -> None:
    """The terminal fetches its bundle and reports running it."""
    sim.bundle_version = sim.signed("GET", "/api/v1/bundle").json()["bundle_version"]


def call_staff(sim: SimTerminal) -> None:
    item = {"id": str(uuid.uuid4()), "kind": "call_staff", "created_at": datetime.now(UTC).isoformat(),
            "body": {"screen": "home", "at": datetime.now(UTC).isoformat()}}
    assert sim.signed("POST", "/api/v1/outbox", {"items": [item]}).status_code == 200


def in_session(hub: Hub, fn: Any) -> Any:
    with hub.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        return fn(session)


def test_the_summary_counts_what_the_fleet_view_shows(any_hub: Hub) -> None:
    hub = any_hub
    hub.publish("form", form_version(1))
    sims = [hub.terminal(community=f"社区{n % 3}") for n in range(9)]
    for sim in sims[:8]:
        up_to_date(sim)
    healthy, paper, behind, unknown, calling, revoked, repaired, silent = sims[:8]
    never_fetched = sims[8]  # never asked for a bundle: forms behind (a fleet-page check), and a heartbeat alert
    beat(healthy, forms={FORM_ID: 1})
    beat(paper, forms={FORM_ID: 1}, printer={"online": False, "paper": "low", "cover_open": False})
    beat(behind, bundle_version=0)  # runs nothing of its bundle 1: version_lagging
    beat(unknown, forms={FORM_ID: 1}, bundle_version=7)  # a bundle this hub never issued: bundle_unknown
    beat(calling, forms={FORM_ID: 1})
    call_staff(calling)
    beat(revoked, printer={"online": True, "paper": "out", "cover_open": False})
    hub.admin("POST", f"/terminals/{revoked.terminal_id}/revoke")
    beat(repaired, forms={FORM_ID: 1}, printer={"online": True, "paper": "out", "cover_open": False})
    beat(repaired, forms={FORM_ID: 1})  # the paper was refilled: its count goes back to none
    del silent  # enrolled, never heartbeats: offline
    beat(never_fetched, devices={"idcard": {"status": "fail", "detail": "no reader"}})

    view = in_session(hub, fleet_view)
    summary = in_session(hub, overview)
    fleet_page_only = {"version_lagging"}  # the never-fetched terminal's forms lag: counted on the fleet page
    counted = [a for t in view for a in t["alerts"]
               if not (t["terminal_id"] == never_fetched.terminal_id and a["code"] in fleet_page_only)]
    assert summary.terminals == len(view) == 9
    assert summary.online == sum(t["online"] for t in view) == 8  # a revoked terminal may still beat
    assert summary.alerts == len(counted) == 2 + 1 + 1 + 1 + 1 + 1 + 1
    by_id = {t["terminal_id"]: {a["code"] for a in t["alerts"]} for t in view}
    assert by_id[unknown.terminal_id] == {"bundle_unknown"} and by_id[behind.terminal_id] == {"version_lagging"}
    assert by_id[calling.terminal_id] == {"call_staff"} and by_id[repaired.terminal_id] == set()
    assert [t["terminal_id"] for t in summary.alerting] == [t["terminal_id"] for t in view if t["alerts"]]
    assert summary.alerting == [t for t in view if t["alerts"]]  # the badges are the fleet view's own


def test_the_summary_keeps_to_the_staff_members_scope_and_lists_a_few(hub: Hub) -> None:
    for n in range(LISTED + 3):
        hub.terminal(district="历下区" if n % 2 else "市中区")  # none heartbeats: each one offline
    lixia = Actor(name="lixia", role="staff", district="历下区")
    summary = in_session(hub, lambda s: overview(s, actor=lixia))
    everyone = in_session(hub, overview)
    assert (summary.terminals, summary.alerts) == ((LISTED + 3) // 2, (LISTED + 3) // 2)
    assert {t["district"] for t in summary.alerting} == {"历下区"}
    assert (everyone.terminals, everyone.alerts, len(everyone.alerting)) == (LISTED + 3, LISTED + 3, LISTED)
    numbers = [t["terminal_no"] for t in everyone.alerting]
    assert numbers == sorted(numbers)


def test_an_empty_fleet_sums_to_nothing(hub: Hub) -> None:
    summary = in_session(hub, overview)
    assert (summary.terminals, summary.online, summary.alerts, summary.alerting) == (0, 0, 0, [])
