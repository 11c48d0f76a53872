"""Queue and ratings pages in the console (issue 16): counter staff call the next ticket of their own
community, everyone reads the ratings, and a staff member never sees another community's."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.testing import SimTerminal, make_enroll_token
from tests.console.browsing import BROWSER_ERRORS, both_languages, browser_sign_in
from tests.console.conftest import COMMUNITY, DISTRICT, OTHER_COMMUNITY, ConsoleHub, SignedIn


def _item(kind: str, body: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": kind, "created_at": datetime.now(UTC).isoformat(), "body": body}


@pytest.fixture(scope="module")
def tickets(console_hub: ConsoleHub) -> dict[str, list[str]]:
    """Two tickets and two ratings in the staff member's community, one of each in another."""
    numbers: dict[str, list[str]] = {}
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        for community, count in ((COMMUNITY, 2), (OTHER_COMMUNITY, 1)):
            sim = SimTerminal(http, hostname=f"queue-{community}")
            sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], community, DISTRICT))
            no = sim.enrolment["terminal_no"] % 100
            numbers[community] = [f"E{no:02d}{seq:03d}" for seq in range(1, count + 1)]
            items = [_item("queue_ticket", {"number": n, "business_type": "E", "terminal_seq": i,
                                            "issued_at": (datetime.now(UTC) - timedelta(minutes=10 - i)).isoformat()})
                     for i, n in enumerate(numbers[community])]
            items += [_item("rating", {"service_id": f"svc-{community}", "level": 5 - i, "reasons": ["fast"]})
                      for i in range(count)]
            results = sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"]
            assert {r["status"] for r in results} == {"accepted"}
    return numbers


def test_staff_call_the_next_ticket_of_their_own_community(login: Callable[[str], SignedIn],
                                                           tickets: dict[str, list[str]]) -> None:
    mine, theirs = tickets[COMMUNITY], tickets[OTHER_COMMUNITY]
    staff = login("staff")
    page = staff.get("/console/queue")
    assert page.status_code == 200 and all(n in page.text for n in mine) and theirs[0] not in page.text
    assert staff.get(f"/console/queue?community={OTHER_COMMUNITY}").status_code == 404
    called = staff.post("/console/queue/call-next", {"community": COMMUNITY, "business_type": "E", "counter": "3"})
    assert called.status_code == 303 and f"called={mine[0]}" in called.headers["location"]
    shown = staff.get(called.headers["location"]).text
    assert 'id="called"' in shown and mine[0] in shown.split('id="called"', 1)[1].split("</p>", 1)[0]
    refused = staff.post("/console/queue/call-next", {"community": OTHER_COMMUNITY, "business_type": "E",
                                                      "counter": "3"})
    assert refused.status_code == 404
    viewer = login("viewer")
    assert viewer.get("/console/queue").status_code == 200
    assert viewer.post("/console/queue/call-next", {"community": COMMUNITY, "business_type": "E",
                                                    "counter": "1"}).status_code == 403
    assert theirs[0] in login("admin").get("/console/queue").text


def test_ratings_page_is_scoped(login: Callable[[str], SignedIn], tickets: dict[str, list[str]]) -> None:
    staff = login("staff").get("/console/ratings")
    assert staff.status_code == 200 and f"svc-{COMMUNITY}" in staff.text and f"svc-{OTHER_COMMUNITY}" not in staff.text
    admin = login("admin").get("/console/ratings").text
    assert f"svc-{COMMUNITY}" in admin and f"svc-{OTHER_COMMUNITY}" in admin
    assert login("staff").get(f"/console/ratings?community={OTHER_COMMUNITY}").status_code == 404


def test_queue_and_ratings_in_the_browser(browser: Any, console_hub: ConsoleHub, tickets: dict[str, list[str]],
                                          artifacts: Path) -> None:
    """Counter staff call the next resident with one click; screenshots in both languages."""
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    errors_before = len(BROWSER_ERRORS)
    page = browser_sign_in(browser, console_hub, "staff")
    page.click("nav a[href='/console/queue']")
    page.wait_for_url("**/console/queue")
    page.click("#call-E")
    page.wait_for_selector("#called")
    assert page.locator("table.serving tr[data-ticket]").count() >= 1
    both_languages(page, out, "queue")
    page.click("nav a[href='/console/ratings']")
    page.wait_for_url("**/console/ratings")
    assert page.locator("#by-service tr[data-key]").count() == 1
    both_languages(page, out, "ratings")
    page.context.close()
    assert BROWSER_ERRORS[errors_before:] == []
