"""Community services at the hub: the counters' queue, ratings, staff calls, one person one vote."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from contract import crypto, idnumber
from hub import cli
from hub.db import set_clock
from hub.testing import SimTerminal, ticking_from
from tests.hub.conftest import Hub

VOTER = idnumber.make_valid("37010219800101123")
OTHER = idnumber.make_valid("37010219900202456")


# The hub's dates are pinned to a ticking clock that starts here (10:00 in Beijing), so "today's" queue
# and a topic's voting period mean the same whenever the suite runs (even minutes after midnight).
START = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
_now = ticking_from(START)


@pytest.fixture(autouse=True)
def pinned_hub_clock() -> Iterator[None]:
    global _now
    _now = ticking_from(START)
    set_clock(_now)
    try:
        yield
    finally:
        set_clock(None)


def when(minutes: float) -> str:
    return (_now() + timedelta(minutes=minutes)).isoformat()


def item(kind: str, body: dict[str, Any], created_at: str | None = None) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": kind, "created_at": created_at or when(0), "body": body}


def send(sim: SimTerminal, *items: dict[str, Any]) -> list[dict[str, str]]:
    response = sim.signed("POST", "/api/v1/outbox", {"items": list(items)})
    assert response.status_code == 200, response.text
    return response.json()["results"]


def ticket(sim: SimTerminal, code: str, seq: int, minutes_ago: float) -> dict[str, Any]:
    number = f"{code}{sim.enrolment['terminal_no'] % 100:02d}{seq:03d}"
    return item("queue_ticket", {"number": number, "business_type": code, "issued_at": when(-minutes_ago),
                                 "terminal_seq": seq, "waiting_estimate": 0})


def vote(sim: SimTerminal, topic_id: str, option: str, id_number: str) -> dict[str, Any]:
    sealed = crypto.seal(crypto.b64d(sim.enrolment["sealing_key"]), crypto.canonical_json({"id_number": id_number}))
    return item("vote", {"topic_id": topic_id, "option": option, "voter": crypto.b64e(sealed),
                         "cast_at": when(0), "language": "zh_CN"})


def opinion(sim: SimTerminal, topic_id: str, text: str, id_number: str, kind: str = "opinion") -> dict[str, Any]:
    """An opinion as kiosk.consultation sends it: the author sealed to the platform."""
    sealed = crypto.seal(crypto.b64d(sim.enrolment["sealing_key"]), crypto.canonical_json({"id_number": id_number}))
    return item("opinion", {"topic_id": topic_id, "kind": kind, "text": text, "language": "zh_CN",
                            "author": crypto.b64e(sealed)})


def topics(closes_in_min: float, opens_in_min: float = -60) -> dict[str, Any]:
    return {"topics": [{
        "id": "park-2026", "title": {"zh_CN": "小区停车改造", "en_US": "Parking upgrade"},
        "description": {"zh_CN": "是否将东侧绿地改为停车位？", "en_US": "Turn the east lawn into parking?"},
        "opens_at": when(opens_in_min), "closes_at": when(closes_in_min),
        "options": [{"id": "yes", "label": {"zh_CN": "同意", "en_US": "Yes"}},
                    {"id": "no", "label": {"zh_CN": "不同意", "en_US": "No"}}]}]}


def test_tickets_from_two_offline_terminals_are_called_in_issue_order(hub: Hub) -> None:
    a, b = hub.terminal(community="燕山社区"), hub.terminal(community="燕山社区")
    # b was offline: its earlier tickets arrive after a's later ones
    send(a, ticket(a, "A", 1, minutes_ago=5), ticket(a, "A", 2, minutes_ago=1))
    send(b, ticket(b, "A", 1, minutes_ago=8), ticket(b, "A", 2, minutes_ago=3), ticket(b, "B", 1, minutes_ago=2))
    queue = hub.admin("GET", "/queue?community=燕山社区", role="viewer")
    a_queue = next(q for q in queue if q["business_type"] == "A")
    tno = {a.terminal_id: a.enrolment["terminal_no"] % 100, b.terminal_id: b.enrolment["terminal_no"] % 100}
    expected = [f"A{tno[b.terminal_id]:02d}001", f"A{tno[a.terminal_id]:02d}001", f"A{tno[b.terminal_id]:02d}002",
                f"A{tno[a.terminal_id]:02d}002"]
    assert [t["number"] for t in a_queue["waiting"]] == expected
    assert len(set(expected)) == 4  # the terminal number keeps offline ranges apart
    assert a_queue["waiting_count"] == 4 and a_queue["estimate_min"] == 4 * 8
    assert [t["position"] for t in a_queue["waiting"]] == [1, 2, 3, 4]

    first = hub.admin("POST", "/queue/call-next", {"community": "燕山社区", "business_type": "A", "counter": "1号窗口"},
                      role="staff")["ticket"]
    assert first["number"] == expected[0] and first["status"] == "called"
    second = hub.admin("POST", "/queue/call-next", {"community": "燕山社区", "business_type": "A", "counter": "1号窗口"},
                       role="staff")["ticket"]
    assert second["number"] == expected[1]
    hub.admin("POST", f"/queue/{second['id']}/skip", role="staff")
    hub.admin("POST", f"/queue/{second['id']}/serve", role="staff", status=409)
    after = next(q for q in hub.admin("GET", "/queue?community=燕山社区") if q["business_type"] == "A")
    assert after["served"] == 1 and after["skipped"] == 1 and after["waiting_count"] == 2
    # viewers read the queue but cannot call it; redelivery changes nothing
    hub.admin("POST", "/queue/call-next", {"community": "燕山社区", "business_type": "A", "counter": "2"},
              role="viewer", status=403)
    assert hub.count("queue_tickets") == 5


def test_ticket_redelivered_is_filed_once_and_empty_queue_calls_nobody(hub: Hub) -> None:
    sim = hub.terminal(community="甸柳社区")
    t = ticket(sim, "C", 1, minutes_ago=1)
    assert send(sim, t)[0]["status"] == "accepted"
    assert send(sim, t)[0]["status"] == "duplicate"
    assert send(sim, {**t, "id": str(uuid.uuid4())})[0]["status"] == "accepted"  # same number, other item id
    assert hub.count("queue_tickets") == 1
    called = hub.admin("POST", "/queue/call-next", {"community": "甸柳社区", "business_type": "E", "counter": "3"},
                       role="staff")
    assert called == {"ticket": None}


def test_cli_queue_json(hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sim = hub.terminal(community="燕山社区")
    send(sim, ticket(sim, "D", 1, minutes_ago=2), ticket(sim, "D", 2, minutes_ago=1))
    assert cli.main(["queue", "--json", "--db", hub.db_url, "--data-dir", str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [q["business_type"] for q in data] == ["D"] and data[0]["waiting_count"] == 2
    assert [t["number"][-3:] for t in data[0]["waiting"]] == ["001", "002"]
    assert cli.main(["queue", "--db", hub.db_url, "--data-dir", str(tmp_path)]) == 0
    text = capsys.readouterr().out
    assert "燕山社区" in text and "D" in text


def test_ratings_are_aggregated_per_service_and_terminal(hub: Hub, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    a, b = hub.terminal(), hub.terminal()
    send(a, item("rating", {"service_id": "queue", "level": 5, "reasons": ["fast", "clear"]}),
         item("rating", {"service_id": "queue", "level": 3, "reasons": ["slow"]}))
    send(b, item("rating", {"service_id": "residence_certificate", "level": 4, "reasons": ["easy"]}),
         item("rating", {"service_id": "queue", "level": 1, "reasons": ["slow"]}))
    data = hub.admin("GET", "/ratings", role="viewer")
    queue = next(s for s in data["by_service"] if s["service_id"] == "queue")
    assert queue["count"] == 3 and queue["average"] == 3.0
    assert queue["levels"] == {"1": 1, "2": 0, "3": 1, "4": 0, "5": 1} and queue["reasons"]["slow"] == 2
    per_terminal = {t["terminal_id"]: t for t in data["by_terminal"]}
    assert per_terminal[a.terminal_id]["average"] == 4.0 and per_terminal[b.terminal_id]["count"] == 2
    assert cli.main(["ratings", "--json", "--db", hub.db_url, "--data-dir", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out) == data


def test_call_staff_alert_lasts_until_acknowledged(hub: Hub) -> None:
    sim = hub.terminal()
    send(sim, item("call_staff", {"screen": "form", "at": when(0)}, created_at=when(-60)))
    sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body())
    view = hub.admin("GET", f"/terminals/{sim.terminal_id}", role="viewer")
    assert "call_staff" in {a["code"] for a in view["alerts"]}
    calls = hub.admin("GET", "/call-staff", role="viewer")
    assert [c["terminal_id"] for c in calls] == [sim.terminal_id] and calls[0]["screen"] == "form"
    hub.admin("POST", f"/terminals/{sim.terminal_id}/call-staff/ack", role="viewer", status=403)
    assert hub.admin("POST", f"/terminals/{sim.terminal_id}/call-staff/ack", role="staff")["acknowledged"] == 1
    view = hub.admin("GET", f"/terminals/{sim.terminal_id}")
    assert "call_staff" not in {a["code"] for a in view["alerts"]} and hub.admin("GET", "/call-staff") == []
    send(sim, item("call_staff", {"screen": "home", "at": when(0)}))
    assert "call_staff" in {a["code"] for a in hub.admin("GET", f"/terminals/{sim.terminal_id}")["alerts"]}


def test_one_person_one_vote_across_terminals(hub: Hub) -> None:
    hub.publish("topics", topics(closes_in_min=60))
    a, b = hub.terminal(community="燕山社区"), hub.terminal(community="甸柳社区")
    first = vote(a, "park-2026", "yes", VOTER)
    assert send(a, first)[0]["status"] == "accepted"
    again = vote(b, "park-2026", "no", VOTER)  # the same person at another terminal
    assert send(b, again)[0]["status"] == "accepted"  # delivered: the terminal must not retry it
    assert send(b, vote(b, "park-2026", "no", OTHER))[0]["status"] == "accepted"
    assert send(a, vote(a, "park-2026", "maybe", OTHER))[0]["status"] == "accepted"
    assert hub.count("votes") == 2
    outcomes_b = {v["item_id"]: v for v in b.signed("GET", "/api/v1/consultation").json()["votes"]}
    assert outcomes_b[again["id"]]["outcome"] == "duplicate"
    outcomes_a = a.signed("GET", "/api/v1/consultation").json()
    assert outcomes_a["results"] == []  # nothing closed yet
    assert {v["outcome"] for v in outcomes_a["votes"]} == {"counted", "refused"}
    # only the HMAC of the ID number is kept: not the number, not the sealed box
    from sqlalchemy import create_engine, text

    engine = create_engine(hub.db_url)
    with engine.connect() as conn:
        dump = json.dumps([list(map(str, r)) for table in ("votes", "outbox_items", "vote_receipts")
                           for r in conn.execute(text(f"SELECT * FROM {table}"))], ensure_ascii=False)
    engine.dispose()
    assert VOTER not in dump and first["body"]["voter"] not in dump
    hub.admin("GET", "/topics/park-2026/results", status=409)
    assert hub.admin("GET", "/topics")[0]["votes"] == 2


def test_results_after_the_topic_closes_reach_terminals(hub: Hub) -> None:
    hub.publish("topics", topics(closes_in_min=60))
    sim = hub.terminal(community="燕山社区")
    send(sim, vote(sim, "park-2026", "yes", VOTER), vote(sim, "park-2026", "no", OTHER),
         opinion(sim, "park-2026", "建议同时增加充电桩", VOTER, kind="proposal"))
    hub.publish("topics", topics(closes_in_min=-1, opens_in_min=-120))  # the committee closes it
    result = hub.admin("GET", "/topics/park-2026/results", role="viewer")
    assert {o["id"]: o["votes"] for o in result["options"]} == {"yes": 1, "no": 1}
    assert result["total"] == 2 and result["opinions"] == 1 and result["by_community"] == {"燕山社区": {"yes": 1, "no": 1}}
    terminal_view = sim.signed("GET", "/api/v1/consultation").json()
    assert terminal_view["results"] == [result]
    ops = hub.admin("GET", "/topics/park-2026/opinions", role="staff")
    assert ops[0]["text"] == "建议同时增加充电桩" and ops[0]["kind"] == "proposal"
    # a vote cast after the close is delivered but not counted
    late = vote(sim, "park-2026", "yes", idnumber.make_valid("37010219700303789"))
    send(sim, late)
    outcome = next(v for v in sim.signed("GET", "/api/v1/consultation").json()["votes"] if v["item_id"] == late["id"])
    assert outcome["outcome"] == "refused" and "period" in outcome["reason"]


def test_topic_validation_is_compatible_and_checks_the_new_fields(hub: Hub) -> None:
    old_style = {"topics": [{"id": "t1", "title": {"zh_CN": "议题"}, "closes_at": None}]}
    assert hub.admin("POST", "/content/validate", {"kind": "topics", "content": old_style})["valid"] is True
    bad = {"topics": [{"id": "t2", "title": {"zh_CN": "议题"}, "closes_at": "next week",
                       "options": [{"id": "a", "label": {"zh_CN": "甲"}}, {"id": "a", "label": {"zh_CN": "乙"}}]}]}
    report = hub.admin("POST", "/content/validate", {"kind": "topics", "content": bad})
    assert report["valid"] is False and "ISO 8601" in " ".join(report["errors"])


def _concurrent_votes(hub: Hub) -> None:
    """The same person votes at eight terminals at the same moment: exactly one vote counts."""
    import threading

    hub.publish("topics", topics(closes_in_min=60))
    sims = [hub.terminal() for _ in range(8)]
    items = [vote(sim, "park-2026", "yes", VOTER) for sim in sims]
    barrier = threading.Barrier(len(sims))
    statuses: list[str] = []

    def deliver(sim: SimTerminal, it: dict[str, Any]) -> None:
        barrier.wait()
        statuses.extend(r["status"] for r in send(sim, it))

    threads = [threading.Thread(target=deliver, args=pair) for pair in zip(sims, items, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == ["accepted"] * len(sims)
    assert hub.count("votes") == 1 and hub.count("vote_receipts") == len(sims)


def test_concurrent_votes_by_one_person_count_once(hub: Hub) -> None:
    _concurrent_votes(hub)


def _concurrent_calls(hub: Hub) -> None:
    """Four counters press "next" at the same moment: each gets a different ticket, none is lost."""
    import threading

    sim = hub.terminal(community="燕山社区")
    items = [ticket(sim, "E", n, minutes_ago=10 - n) for n in range(1, 5)]
    send(sim, *items)
    barrier = threading.Barrier(4)
    called: list[str] = []

    def press(counter: str) -> None:
        barrier.wait()
        response = hub.client.post("/api/v1/admin/queue/call-next", headers=hub.auth("staff"),
                                   json={"community": "燕山社区", "business_type": "E", "counter": counter})
        assert response.status_code == 200, response.text
        called.append(response.json()["ticket"]["number"])

    threads = [threading.Thread(target=press, args=(f"{n}号窗口",)) for n in range(1, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(called) == sorted(i["body"]["number"] for i in items)


def test_concurrent_counters_call_different_tickets(hub: Hub) -> None:
    _concurrent_calls(hub)


@pytest.mark.postgres
@pytest.mark.parametrize("api_test", [test_tickets_from_two_offline_terminals_are_called_in_issue_order,
                                      test_call_staff_alert_lasts_until_acknowledged,
                                      test_one_person_one_vote_across_terminals,
                                      test_results_after_the_topic_closes_reach_terminals, _concurrent_votes,
                                      _concurrent_calls],
                         ids=lambda f: f.__name__)
def test_community_on_postgres(api_test: Any, pg_hub: Hub) -> None:
    assert pg_hub.db_url.startswith("postgresql")
    api_test(pg_hub)
