"""Every staff-facing route x every scope (issue 16, finding 2): what each token sees, and what it may do.

Three terminals in two districts: A (D1, community C1, street S1), B (D1, community C1b, street S2), C (D2,
community C3, street S3). Tokens are scoped to all, a district, a street of a district (issue 23) or a community.
Each sent a case, a queue ticket, a rating, a call for staff and an opinion. The table says which
terminals each scope reaches; every read route must show exactly those, every single-thing route
must answer 404 outside them, and every action outside them must change nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hub import cli
from hub.audit import CLI_ACTOR
from hub.testing import SimTerminal
from hub.tokens import create_api_token
from tests.hub import test_community
from tests.hub.conftest import Hub, make_hub
from tests.hub.test_community import VOTER, item, opinion, send, ticket  # noqa: F401  (autouse: the hub and these items share one pinned clock)

pinned_hub_clock = test_community.pinned_hub_clock  # autouse: the hub's "today" is the tickets' day

D1, D2 = "历下区", "市中区"
PLACES = {"A": (D1, "燕山社区", "姚家街道"), "B": (D1, "甸柳社区", "甸柳街道"), "C": (D2, "四里山社区", "四里山街道")}
# scope name -> (role, district, community, street, terminals it reaches)
SCOPES: dict[str, tuple[str, str | None, str | None, str | None, set[str]]] = {
    "admin": ("admin", None, None, None, {"A", "B", "C"}),
    "district_d1_staff": ("staff", D1, None, None, {"A", "B"}),
    "street_staff": ("staff", D1, None, "姚家街道", {"A"}),
    "other_street_staff": ("staff", D1, None, "甸柳街道", {"B"}),
    "street_admin": ("admin", D1, None, "姚家街道", {"A"}),
    "community_staff": ("staff", D1, "燕山社区", None, {"A"}),
    "community_only_staff": ("staff", None, "燕山社区", None, {"A"}),
    "other_district_staff": ("staff", D2, None, None, {"C"}),
}
TOPIC = "park-2026"


@pytest.fixture(params=sorted(SCOPES))
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Hub, dict[str, Any], str]]:
    for hub in make_hub(tmp_path):
        role, district, community, street, _reach = SCOPES[request.param]
        with hub.client.app.state.sessions() as session:  # type: ignore[attr-defined]
            secret, _row = create_api_token(session, CLI_ACTOR, request.param, role, district, community,
                                            street=street)
            session.commit()
        hub.tokens["scoped"] = secret
        things: dict[str, Any] = {}
        for name, (dist, comm, street) in PLACES.items():
            token = hub.admin("POST", "/enroll-tokens", {"community": comm, "district": dist, "street": street})
            sim = SimTerminal(hub.client)
            sim.enroll(token["token"])
            sub = sim.submission_item(1)
            tick = ticket(sim, "A", 1, 5)
            results = send(sim, sub, tick,
                           item("rating", {"service_id": "queue", "level": 4, "reasons": []}),
                           item("call_staff", {"screen": "home"}),
                           opinion(sim, TOPIC, f"opinion {name}", VOTER))
            assert {r["status"] for r in results} == {"accepted"}, results
            things[name] = {"terminal": sim.terminal_id, "community": comm, "district": dist,
                            "case": sub["body"]["submission_id"], "ticket": tick["id"]}
        yield hub, things, request.param


def call(hub: Hub, method: str, path: str, body: Any = None) -> Any:
    return hub.client.request(method, f"/api/v1/admin{path}", json=body, headers=hub.auth("scoped"))


def names(things: dict[str, Any], terminal_ids: Any) -> set[str]:
    by_id = {t["terminal"]: name for name, t in things.items()}
    return {by_id[t] for t in terminal_ids}


def test_reads_show_exactly_the_scope(world: tuple[Hub, dict[str, Any], str]) -> None:
    hub, things, scope = world
    reach = SCOPES[scope][4]

    def listed(path: str, pick: Any) -> set[str]:
        r = call(hub, "GET", path)
        assert r.status_code == 200, (scope, path, r.text)
        return names(things, pick(r.json()))

    table = {
        "/cases": lambda d: [c["terminal_id"] for c in d],
        "/queue": lambda d: [t["terminal_id"] for q in d for t in q["waiting"]],
        "/ratings": lambda d: [t["terminal_id"] for t in d["by_terminal"]],
        "/call-staff": lambda d: [c["terminal_id"] for c in d],
        f"/topics/{TOPIC}/opinions": lambda d: [o["terminal_id"] for o in d],
        "/terminals": lambda d: [t["terminal_id"] for t in d],
    }
    for path, pick in table.items():
        assert listed(path, pick) == reach, (scope, path)
    for name, thing in things.items():
        expected = 200 if name in reach else 404
        single = [f"/cases/{thing['case']}", f"/terminals/{thing['terminal']}",
                  f"/terminals/{thing['terminal']}/history", f"/queue?community={thing['community']}",
                  f"/ratings?community={thing['community']}", f"/terminals?community={thing['community']}",
                  f"/cases?community={thing['community']}"]
        for path in single:
            r = call(hub, "GET", path)
            assert r.status_code == expected, (scope, name, path, r.text)
        if name in reach:  # a filter inside the scope narrows to that community
            assert listed(f"/queue?community={thing['community']}",
                          table["/queue"]) == {n for n in reach if things[n]["community"] == thing["community"]}


def test_actions_outside_the_scope_change_nothing(world: tuple[Hub, dict[str, Any], str]) -> None:
    hub, things, scope = world
    role, _d, _c, _s, reach = SCOPES[scope]
    for name, thing in sorted(things.items(), key=lambda kv: kv[0] in reach):  # the refused ones first
        allowed = name in reach
        before = hub.count("audit_log"), hub.count("call_staff_acks")
        r = call(hub, "POST", "/queue/call-next", {"community": thing["community"], "business_type": "A",
                                                   "counter": "1"})
        assert r.status_code == (200 if allowed else 404), (scope, name, r.text)
        if allowed:
            assert r.json()["ticket"]["terminal_id"] == thing["terminal"]
        for verb in ("serve", "skip"):
            r = call(hub, "POST", f"/queue/{thing['ticket']}/{verb}")
            assert r.status_code == ((200 if verb == "serve" else 409) if allowed else 404), (scope, name, verb)
        r = call(hub, "POST", f"/terminals/{thing['terminal']}/call-staff/ack")
        assert r.status_code == (200 if allowed else 404), (scope, name, r.text)
        if allowed:
            assert r.json()["acknowledged"] == 1
        r = call(hub, "POST", f"/cases/{thing['case']}/status", {"status": "accepted", "note": "ok"})
        if role == "staff":
            assert r.status_code == (200 if allowed else 404), (scope, name, r.text)
        else:
            assert r.status_code == 403
        if not allowed:
            assert (hub.count("audit_log"), hub.count("call_staff_acks")) == before, (scope, name)
    waiting = hub.admin("GET", "/queue")
    still = names(things, [t["terminal_id"] for q in waiting for t in q["waiting"]])
    assert still == set(things) - reach, scope
    assert names(things, [c["terminal_id"] for c in hub.admin("GET", "/call-staff")]) == set(things) - reach


def test_street_tokens_from_the_cli_and_the_api(hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``kiosk-hub token create --district D --street S`` (issue 23); a street needs its district; an admin
    scoped to a street makes tokens only inside it, as it makes accounts."""
    db = ["--db", hub.db_url, "--data-dir", str(tmp_path)]
    assert cli.main(["token", "create", "--role", "staff", "--name", "姚家", "--district", D1, "--street", "姚家街道",
                     *db]) == 0
    secret = capsys.readouterr().out.strip()
    me = hub.client.get("/api/v1/admin/me", headers={"Authorization": f"Bearer {secret}"}).json()
    assert (me["district"], me["street"], me["community"]) == (D1, "姚家街道", None)
    assert cli.main(["token", "list", *db]) == 0 and "姚家街道" in capsys.readouterr().out
    assert cli.main(["token", "create", "--role", "staff", "--name", "x", "--street", "姚家街道", *db]) != 0
    assert "district" in capsys.readouterr().err

    with hub.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        street_admin, _row = create_api_token(session, CLI_ACTOR, "街道管理员", "admin", D1, street="姚家街道")
        session.commit()
    made = hub.client.post("/api/v1/admin/tokens", json={"name": "社区", "role": "staff", "community": "燕山社区"},
                           headers={"Authorization": f"Bearer {street_admin}"})
    assert made.status_code == 200, made.text
    assert (made.json()["district"], made.json()["street"]) == (D1, "姚家街道")  # inside the maker's street
    for beyond in ({"district": D2}, {"district": D1, "street": "甸柳街道"}):
        refused = hub.client.post("/api/v1/admin/tokens", json={"name": "y", "role": "staff", **beyond},
                                  headers={"Authorization": f"Bearer {street_admin}"})
        assert refused.status_code == 403, refused.text
