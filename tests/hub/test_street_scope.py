"""Issue 23: a street (街道) scope between district and community. Terminals are enrolled with their street;
an account scoped to a street sees that street's terminals, cases and community services, and manages only
that street's accounts."""

from __future__ import annotations

import pytest

from hub import accounts, audit, fleet, scope
from hub.errors import ApiError
from hub.testing import SimTerminal
from tests.hub.conftest import Hub

DISTRICT = "历下区"


def _enrol(hub: Hub, community: str, street: str) -> SimTerminal:
    token = hub.admin("POST", "/enroll-tokens", {"community": community, "district": DISTRICT, "street": street})["token"]
    sim = SimTerminal(hub.client)
    sim.enroll(token)
    return sim


def test_a_street_account_sees_its_streets_terminals_only(hub: Hub) -> None:
    ours = _enrol(hub, "燕山社区", "姚家街道")
    theirs = _enrol(hub, "甸柳社区", "甸柳街道")
    with hub.client.app.state.sessions() as db:
        account = accounts.create(db, audit.CLI_ACTOR, "yaojia", "姚家街道管理员", "admin", "姚家街道-密码-2026",
                                  DISTRICT, None, must_change=False, street="姚家街道")
        db.commit()
        actor = accounts.actor_of(account)
        assert actor.street == "姚家街道"
        assert [t["terminal_id"] for t in fleet.fleet_view(db, actor=actor)] == [ours.terminal_id]
        assert scope.terminal(db, actor, ours.terminal_id).street == "姚家街道"
        with pytest.raises(ApiError):
            scope.terminal(db, actor, theirs.terminal_id)
        assert scope.community(db, actor, "燕山社区") == "燕山社区"
        with pytest.raises(ApiError):
            scope.community(db, actor, "甸柳社区")
        # accounts: inside the street only, and what it creates is in the street
        made = accounts.create(db, actor, "yanshan", "燕山", "staff", "燕山社区-密码-2026", None, "燕山社区")
        assert (made.scope_district, made.scope_street, made.scope_community) == (DISTRICT, "姚家街道", "燕山社区")
        with pytest.raises(ApiError) as beyond:
            accounts.create(db, actor, "dianliu", "甸柳", "staff", "甸柳社区-密码-2026", DISTRICT, "甸柳社区",
                            street="甸柳街道")
        assert beyond.value.error == "out_of_scope"
        assert not accounts.manages(actor, DISTRICT, None)  # the whole district is beyond a street


def test_a_street_needs_its_district() -> None:
    with pytest.raises(ApiError):
        accounts._check("staff", None, None, "姚家街道")
