"""Issue 23, item 8: a scheduled release reaches terminals at its time on the hub's (injected) clock; with
approval on, a release reaches none until a second administrator approves it; a dry run says why nothing changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from hub import publishing
from hub.audit import Actor
from hub.db import set_clock
from hub.errors import ApiError
from tests.hub.conftest import FORM_ID, Hub, form_version
from tests.hub.test_publishing import manifest_forms

NOW = datetime(2026, 12, 24, 0, 30, tzinfo=UTC)
WANG = Actor(name="王芳 (wangfang)", role="admin")
LI = Actor(name="李强 (liqiang)", role="admin")


@pytest.fixture
def clock() -> Iterator[list[datetime]]:
    now = [NOW]
    set_clock(lambda: now[0])
    try:
        yield now
    finally:
        set_clock(None)


def _version(hub: Hub) -> int:
    return int(hub.admin("POST", "/content", {"kind": "form", "content": form_version(1)})["version"])


def test_a_scheduled_release_waits_for_its_time(hub: Hub, clock: list[datetime]) -> None:
    sim = hub.terminal()
    version = _version(hub)
    with hub.client.app.state.sessions() as db:
        release = publishing.create_release(db, WANG, "form", FORM_ID, version, {"all": True}, 100, [],
                                            starts_at=NOW + timedelta(hours=8))
        db.commit()
        assert release.starts_at == NOW + timedelta(hours=8)
    assert manifest_forms(sim) is None  # nothing for it yet: no bundle at all
    clock[0] = NOW + timedelta(hours=7, minutes=59)
    assert manifest_forms(sim) is None
    clock[0] = NOW + timedelta(hours=8)
    assert manifest_forms(sim) == {FORM_ID: version}


def test_a_time_already_past_publishes_now(hub: Hub, clock: list[datetime]) -> None:
    _version(hub)
    with hub.client.app.state.sessions() as db:
        release = publishing.create_release(db, WANG, "form", FORM_ID, 1, {"all": True}, 100, [],
                                            starts_at=NOW - timedelta(minutes=1))
        assert release.starts_at is None


def test_approval_needs_a_second_administrator(hub: Hub) -> None:
    sim = hub.terminal()
    version = _version(hub)
    with hub.client.app.state.sessions() as db:
        release = publishing.create_release(db, WANG, "form", FORM_ID, version, {"all": True}, 100, [],
                                            needs_approval=True)
        db.commit()
        release_id = release.id
        assert release.state == "pending" and publishing.reach(db, release) == 1
        with pytest.raises(ApiError) as same:
            publishing.approve_release(db, WANG, release_id)
        assert same.value.error == "same_person"
        with pytest.raises(ApiError) as resumed:
            publishing.update_release(db, WANG, release_id, "active", None)
        assert resumed.value.error == "not_approved"
        db.rollback()
    assert manifest_forms(sim) is None
    with hub.client.app.state.sessions() as db:
        approved = publishing.approve_release(db, LI, release_id)
        db.commit()
        assert (approved.state, approved.approved_by) == ("active", LI.name)
    assert manifest_forms(sim) == {FORM_ID: version}


def _why(hub: Hub, target: dict, percent: int = 100) -> str:
    with hub.client.app.state.sessions() as db:
        planned = publishing.make_release(db, WANG, "form", FORM_ID, 1, target, percent, [])
        return publishing.why_nothing(db, planned) if not publishing.plan(db, extra=planned) else ""


def test_a_dry_run_says_why_nothing_changes(hub: Hub) -> None:
    _version(hub)
    assert _why(hub, {"all": True}) == "no_terminals"
    sim = hub.terminal(community="燕山社区")
    assert _why(hub, {"all": False, "communities": ["甸柳社区"]}) == "no_match"
    bucket = publishing.rollout_bucket("form", FORM_ID, sim.terminal_id)
    assert _why(hub, {"all": True}, percent=bucket) == "outside_rollout"
    assert _why(hub, {"all": True}) == ""  # it would change this terminal
    hub.admin("POST", "/releases", {"kind": "form", "id": FORM_ID, "version": 1, "target": {"all": True}})
    manifest_forms(sim)
    assert _why(hub, {"all": True}) == "already"


def test_the_confirmation_lists_only_what_this_release_changes(hub: Hub) -> None:
    sim = hub.terminal()
    hub.publish("form", form_version(1, id="other_form"))  # released, but the terminal has not synced yet
    _version(hub)
    with hub.client.app.state.sessions() as db:
        planned = publishing.make_release(db, WANG, "form", FORM_ID, 1, {"all": True}, 100, [])
        assert {c["id"] for c in publishing.plan(db, extra=planned)} == {"other_form", FORM_ID}
        changes = publishing.changes_by(db, planned)
        assert [(c["terminal_id"], c["id"], c["current"], c["planned"]) for c in changes] == [
            (sim.terminal_id, FORM_ID, None, 1)]
