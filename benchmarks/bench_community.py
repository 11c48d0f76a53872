"""Community services at the hub: what one-person-one-vote costs at intake, and the queue view.

In-process hub (FastAPI TestClient over a real SQLite file). Batches of 100 outbox
items are delivered: ``rating`` items (stored as they are, the baseline) against
``vote`` items (each opened from its sealed box, keyed with an HMAC and checked
against every earlier vote on the topic). Then the counters' queue view over a day
of tickets from several terminals.

Figures: ms per item for ratings and votes, the vote/rating ratio, ms per queue view.
Run: ``python -m benchmarks.bench_community [--quick]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contract import crypto, idnumber
from hub.app import create_app
from hub.audit import CLI_ACTOR
from hub.config import HubConfig
from hub.testing import SimTerminal
from hub.tokens import create_api_token


def run(quick: bool) -> dict[str, Any]:

    batches = 3 if quick else 20
    with tempfile.TemporaryDirectory(prefix="bench-community-") as tmp:
        app = create_app(HubConfig(data_dir=Path(tmp), db_url=f"sqlite:///{Path(tmp) / 'hub.sqlite3'}"))
        with app.state.sessions() as session:
            token, _row = create_api_token(session, CLI_ACTOR, "bench", "admin")
            session.commit()
        auth = {"Authorization": f"Bearer {token}"}
        with TestClient(app) as client:
            def admin(method: str, path: str, body: Any = None) -> Any:
                response = client.request(method, f"/api/v1/admin{path}", json=body, headers=auth)
                response.raise_for_status()
                return response.json()

            now = datetime.now(UTC)
            topics = {"topics": [{"id": "t", "title": {"zh_CN": "议题"}, "closes_at": (now + timedelta(hours=1)).isoformat(),
                                  "options": [{"id": "yes", "label": {"zh_CN": "同意"}},
                                              {"id": "no", "label": {"zh_CN": "不同意"}}]}]}
            version = admin("POST", "/content", {"kind": "topics", "content": topics})
            admin("POST", "/releases", {"kind": "topics", "id": version["id"], "version": version["version"],
                                        "target": {"all": True}})
            sims = []
            for _ in range(4):
                sim = SimTerminal(client)
                sim.enroll(admin("POST", "/enroll-tokens", {"community": "示例社区", "district": "历下区"})["token"])
                sims.append(sim)
            sealing = crypto.b64d(sims[0].enrolment["sealing_key"])

            def item(kind: str, body: dict[str, Any]) -> dict[str, Any]:
                return {"id": str(uuid.uuid4()), "kind": kind, "created_at": datetime.now(UTC).isoformat(), "body": body}

            def deliver(kind: str, make: Any) -> float:
                start = time.perf_counter()
                for b in range(batches):
                    sim = sims[b % len(sims)]
                    items = [item(kind, make(b * 100 + n)) for n in range(100)]
                    sim.signed("POST", "/api/v1/outbox", {"items": items}).raise_for_status()
                return (time.perf_counter() - start) * 1000 / (batches * 100)

            rating_ms = deliver("rating", lambda n: {"service_id": "queue", "level": n % 5 + 1, "reasons": []})
            vote_ms = deliver("vote", lambda n: {
                "topic_id": "t", "option": "yes" if n % 2 else "no", "cast_at": datetime.now(UTC).isoformat(),
                "voter": crypto.b64e(crypto.seal(sealing, crypto.canonical_json(
                    {"id_number": idnumber.make_valid(f"3701021980{n:07d}")})))})
            for i, sim in enumerate(sims):
                tickets = [item("queue_ticket", {"number": f"A{i:02d}{s:03d}", "business_type": "ABCDE"[s % 5],
                                                 "issued_at": (now - timedelta(minutes=300 - s)).isoformat()})
                           for s in range(1, 101 if quick else 251)]
                for k in range(0, len(tickets), 100):
                    sim.signed("POST", "/api/v1/outbox", {"items": tickets[k:k + 100]}).raise_for_status()
            start = time.perf_counter()
            views = 5 if quick else 20
            for _ in range(views):
                admin("GET", "/queue")
            queue_ms = (time.perf_counter() - start) * 1000 / views
        app.state.engine.dispose()
    return {"rating_ms_per_item": round(rating_ms, 2), "vote_ms_per_item": round(vote_ms, 2),
            "vote_vs_rating": round(vote_ms / rating_ms, 2), "queue_view_ms": round(queue_ms, 1),
            "items": batches * 100}


if __name__ == "__main__":
    print(run("--quick" in sys.argv))
