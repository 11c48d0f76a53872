"""Issue 23: terminals carry a display name ("燕山社区一楼大厅一体机") next to their id in the fleet, set by an
administrator on the terminal's page and audited; staff cannot rename."""

from __future__ import annotations

import html

from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub

NAME = "燕山社区一楼大厅一体机"


def test_an_admin_names_a_terminal(console_hub: ConsoleHub, login) -> None:
    token = make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], community=COMMUNITY, district=DISTRICT)
    with console_hub.client() as http:
        sim = SimTerminal(http, hostname="kiosk-named")
        sim.enroll(token)
    admin = login("admin")
    page = admin.get(f"/console/fleet/{sim.terminal_id}").text
    assert 'id="rename-form"' in page
    done = admin.post(f"/console/fleet/{sim.terminal_id}/name", {"display_name": f"  {NAME}  "})
    assert done.status_code == 303 and done.headers["location"].endswith("?renamed=1")
    assert f'<span id="display-name">{NAME}</span>' in admin.get(f"/console/fleet/{sim.terminal_id}").text
    fleet = html.unescape(admin.get("/console/fleet").text)
    row = fleet[fleet.index(f'data-terminal="{sim.terminal_id}"'):]
    assert NAME in row[:row.index("</tr>")]
    assert "terminal.renamed" in admin.get("/console/audit?action=terminal.renamed").text
    staff = login("staff")
    assert staff.post(f"/console/fleet/{sim.terminal_id}/name", {"display_name": "x"}).status_code == 403
    assert admin.post("/console/fleet/no-such/name", {"display_name": "x"}).status_code == 404
