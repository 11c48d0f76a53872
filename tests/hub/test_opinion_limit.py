"""Opinions are limited per person and topic at the hub, across terminals, without keeping who wrote them
(issue 16, "still open")."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

from hub.community import OPINIONS_PER_PERSON
from tests.hub.conftest import Hub
from tests.hub.test_community import OTHER, VOTER, item, opinion, pinned_hub_clock, send  # noqa: F401  (autouse: the hub and these items share one pinned clock)


def _stored_bodies(hub: Hub) -> list[str]:
    engine = create_engine(hub.db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT body FROM outbox_items WHERE kind = 'opinion'")).scalars().all()
            keys = conn.execute(text("SELECT author_key FROM opinion_authors")).scalars().all()
    finally:
        engine.dispose()
    return [json.dumps(r) if not isinstance(r, str) else r for r in rows] + list(keys)


def test_one_person_gives_at_most_the_limit_on_a_topic_across_terminals(hub: Hub) -> None:
    a, b = hub.terminal(community="燕山社区"), hub.terminal(community="燕山社区")
    mine = [opinion(a, "park-2026", f"意见 {n}", VOTER) for n in range(OPINIONS_PER_PERSON)]
    assert {r["status"] for r in send(a, *mine)} == {"accepted"}
    extra = opinion(b, "park-2026", "再一条", VOTER)  # the same person at another terminal
    assert send(b, extra)[0]["status"] == "accepted"  # delivered (the terminal must not retry), not shown
    send(b, opinion(b, "park-2026", "我的意见", OTHER), opinion(b, "lift-2026", "另一个议题", VOTER),
         item("opinion", {"topic_id": "park-2026", "text": "没有作者", "kind": "opinion"}))
    shown = {o["text"] for o in hub.admin("GET", "/topics/park-2026/opinions", role="staff")}
    assert shown == {f"意见 {n}" for n in range(OPINIONS_PER_PERSON)} | {"我的意见"}
    assert [o["text"] for o in hub.admin("GET", "/topics/lift-2026/opinions", role="staff")] == ["另一个议题"]
    stored = " ".join(_stored_bodies(hub))
    assert VOTER not in stored and OTHER not in stored and '"author"' not in stored
