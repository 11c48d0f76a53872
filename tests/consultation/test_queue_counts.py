"""A ticket's "people ahead of you" counts the whole community's queue at the hub, not just this terminal.

The hub and the terminal run on clocks pinned to one instant (the hub's through libfaketime, the
terminal's a ``FakeClock``), so the test means the same on any day. The instant is a quarter of an hour
after midnight in Beijing on New Year's Day, when the UTC date is still the last day of the year before:
both sides must count "today" in Beijing time for the numbers to add up.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from contract.clock import FakeClock
from hub.testing import SimTerminal, make_enroll_token, run_hub, ticking_from
from kiosk.community import CommunityServices
from kiosk.content import content_from_bundle
from sync.bundles import BundleManager
from sync.service import SyncService, enroll
from ui.harness import build_harness

pytestmark = pytest.mark.gui

COMMUNITY = "舜耕社区"
START = datetime(2026, 12, 31, 16, 15, tzinfo=UTC)  # 00:15 on 1 January 2027 in Beijing


def test_ticket_estimate_uses_the_hubs_queue_and_falls_back_offline(tmp_path: Path) -> None:
    with run_hub(tmp_path / "hub", clock_at=START) as hub, httpx.Client(base_url=hub.base_url, timeout=10) as http:
        other = SimTerminal(http, hostname="other", clock=ticking_from(START))
        other.enroll(make_enroll_token(hub.base_url, hub.admin_token, community=COMMUNITY))
        now = other.now()
        tickets = [{"id": str(uuid.uuid4()), "kind": "queue_ticket", "created_at": now.isoformat(),
                    "body": {"number": f"A{other.enrolment['terminal_no'] % 100:02d}{n:03d}", "business_type": "A",
                             "issued_at": (now - timedelta(minutes=10 - n)).isoformat()}} for n in range(1, 4)]
        assert other.signed("POST", "/api/v1/outbox", {"items": tickets}).status_code == 200
        counts = other.signed("GET", "/api/v1/queue").json()
        assert counts["day"] == "20270101"
        assert counts["queues"]["A"]["waiting"] == 3

        h = build_harness(data_dir=tmp_path / "k", clock=FakeClock(START))
        try:
            services = h.services
            community = CommunityServices(services)
            offline = community.issue_ticket("A", "zh_CN")  # not enrolled: this terminal's own count only
            assert offline.waiting == 0
            enroll(services.store, hub.base_url,
                   make_enroll_token(hub.base_url, hub.admin_token, community=COMMUNITY),
                   trust_on_first_use=True)  # the test's own hub on loopback
            sync = SyncService(services.settings, services.store, clock=services.clock,
                               bundles=BundleManager(services.store, validator=content_from_bundle))
            services.sync = sync
            assert community.refresh_hub_queue()
            h.clock.advance(60)
            ticket = community.issue_ticket("A", "zh_CN")
            assert ticket.waiting == 3 + 1  # the other terminal's three, and this terminal's earlier one
            assert ticket.estimate_min == 4 * 8
            sync.run_once(heartbeat=False)
            admin = {"Authorization": f"Bearer {hub.admin_token}"}
            queue = httpx.get(f"{hub.base_url}/api/v1/admin/queue", params={"community": COMMUNITY},
                              headers=admin).json()
            assert queue[0]["waiting_count"] == 5  # both of this terminal's tickets arrived and joined the queue
            h.clock.advance(2 * 3600)  # the cached counts are stale now: back to the terminal's own view
            assert community.hub_queue(h.clock.now()) is None
        finally:
            h.close()
