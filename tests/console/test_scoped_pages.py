"""Console pages show a staff member only their own community's terminals and services (issue 16)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import COMMUNITY, DISTRICT, OTHER_COMMUNITY, ConsoleHub, SignedIn


@pytest.fixture(scope="module")
def two_terminals(console_hub: ConsoleHub) -> dict[str, str]:
    """One terminal in the staff member's community, one in another community."""
    ids = {}
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        for community in (COMMUNITY, OTHER_COMMUNITY):
            sim = SimTerminal(http, hostname=f"scoped-{community}")
            sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], community, DISTRICT))
            ids[community] = sim.terminal_id
    return ids


def test_fleet_table_is_scoped_to_the_staff_members_community(
        login: Callable[[str], SignedIn], two_terminals: dict[str, str]) -> None:
    mine, theirs = two_terminals[COMMUNITY], two_terminals[OTHER_COMMUNITY]
    staff = login("staff")
    page = staff.get("/console/fleet")
    assert page.status_code == 200 and mine in page.text and theirs not in page.text
    assert OTHER_COMMUNITY not in page.text  # not even as a filter choice
    assert staff.get(f"/console/fleet/{theirs}").status_code == 404
    assert staff.get(f"/console/fleet?community={OTHER_COMMUNITY}").status_code == 404
    assert theirs not in staff.get("/console/").text
    admin = login("admin").get("/console/fleet").text
    assert mine in admin and theirs in admin
