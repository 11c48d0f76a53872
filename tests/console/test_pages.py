"""Every console page renders for every role in both languages (or is refused with 403), against a real hub."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub, SignedIn

ALLOWED = {
    "admin": {"/console/", "/console/forms", "/console/fleet", "/console/fleet/{t}", "/console/cases",
              "/console/content/notices", "/console/content/catalog", "/console/content/notices/entry",
              "/console/content/catalog/entry", "/console/audit", "/console/login", "/console/queue",
              "/console/ratings", "/console/accounts"},
    "staff": {"/console/", "/console/forms", "/console/fleet", "/console/fleet/{t}", "/console/cases",
              "/console/content/notices", "/console/content/catalog", "/console/login", "/console/queue",
              "/console/ratings"},
    "viewer": {"/console/", "/console/forms", "/console/fleet", "/console/fleet/{t}",
               "/console/content/notices", "/console/content/catalog", "/console/login", "/console/queue",
               "/console/ratings"},
}
ALL = sorted(set().union(*ALLOWED.values()))


@pytest.fixture(scope="module")
def silent_terminal(console_hub: ConsoleHub) -> str:
    """Enrolled, never heard from: no heartbeat, no bundle (the pages must cope)."""
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="silent")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], COMMUNITY, DISTRICT))
    return sim.terminal_id


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_every_page_renders_or_is_refused(console_hub: ConsoleHub, login: Callable[[str], SignedIn],
                                          silent_terminal: str, role: str) -> None:
    session = login(role)
    for lang in ("zh_CN", "en_US"):
        session.http.cookies.set("khub_lang", lang, domain="127.0.0.1", path="/console")
        for template in ALL:
            path = template.replace("{t}", silent_terminal)
            response = session.get(path)
            expected = 200 if template in ALLOWED[role] else 403
            assert response.status_code == expected, (role, lang, path, response.status_code)
            assert "{{" not in response.text and "{%" not in response.text
            html_lang = 'lang="zh-CN"' if lang == "zh_CN" else 'lang="en"'
            assert html_lang in response.text[:200]


def test_unknown_things_are_404_pages(login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    for path in ("/console/nothing-here", "/console/forms/nope", "/console/forms/nope/v/3", "/console/fleet/nope",
                 "/console/cases/nope", "/console/content/settings", "/console/content/notices/entry?id=nope"):
        response = admin.get(path)
        assert response.status_code == 404, path
        assert 'id="error-message"' in response.text


def test_audit_log_shows_console_actions(login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    checked = admin.post("/console/content/notices", {"action": "validate", "text": "notices: []"})
    assert checked.status_code == 200 and 'id="content-valid"' in checked.text
    saved = admin.post("/console/content/notices", {"action": "save", "text": "notices: []"})
    assert saved.status_code == 303 and "saved=" in saved.headers["location"]
    page = admin.get("/console/audit?action=content.published")  # sign-ins are in the log too (issue 23)
    assert page.status_code == 200
    first_row = page.text.split('<tbody>', 1)[1].split("</tr>", 1)[0]
    assert "content.published" in first_row and "notices/notices" in first_row and "test-admin" in first_row


def test_fleet_badges_follow_the_terminals_statuses(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    """Issue 24: "skip" (not configured, not tested) is grey and "warn" (a simulator) yellow, never a red fault."""
    import re

    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="badges")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], COMMUNITY, DISTRICT))
        devices = {"touchscreen": {"status": "skip", "detail": "not tested yet", "code": "TOUCH-UNTESTED"},
                   "idcard": {"status": "warn", "detail": "SIMULATOR", "code": "IDC-SIMULATED"},
                   "pcsc": {"status": "fail", "detail": "no reader", "code": "PCSC-NO-READER"}}
        assert sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(devices=devices)).status_code == 200
    page = login("admin").get("/console/fleet").text
    start = page.index(sim.terminal_id)
    row = page[start:page.index("</tr>", start)]  # this terminal's row only
    badges = {name: cls for cls, name in re.findall(r'<span class="badge ([a-z]*)" title="[^"]*" data-device="(\w+)">', row)}
    assert (badges["touchscreen"], badges["idcard"], badges["pcsc"]) == ("", "warn", "bad")
    assert "PCSC-NO-READER" in row


def test_an_xlsform_upload_asks_for_a_missing_id_then_shows_the_notes(console_hub: ConsoleHub,
                                                                      login: Callable[[str], SignedIn]) -> None:
    from pathlib import Path

    admin = login("admin")
    data = (Path(__file__).resolve().parents[1] / "forms" / "xlsform_examples" / "or_other.xlsx").read_bytes()
    files = {"file": ("颜色.xlsx", data, "application/octet-stream")}
    asked = admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files)
    assert asked.status_code == 422 and "上传时填写" in asked.text and 'id="form_id"' in asked.text
    stored = admin.http.post("/console/forms/upload", files=files, data={
        "csrf": admin.csrf, "form_id": "colours", "title": "最喜欢的颜色", "default_language": "en_US"})
    assert stored.status_code == 303, stored.text
    assert "/console/forms/colours/v/1" in stored.headers["location"]
    page = admin.get(stored.headers["location"])
    assert page.status_code == 200 and 'id="xlsform-notes"' in page.text and "pastel" in page.text
    assert "处文字只写了一种语言" in page.text and "in one language only" not in page.text  # the console's language


def test_every_page_has_the_favicon_and_says_approved_as_the_terminal_does(console_hub: ConsoleHub,
                                                                           login: Callable[[str], SignedIn]) -> None:
    """Issue 23, item 11: no page asks for a missing icon; 已通过/未通过 as on the terminal's screens."""
    from pathlib import Path

    with console_hub.client() as http:
        page = http.get("/console/login").text
        assert '<link rel="icon" href="/console/static/favicon.svg"' in page
        icon = http.get("/console/static/favicon.svg")
        assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    terminal = (Path(__file__).resolve().parents[2] / "ui/i18n/zh_CN.tsv").read_text("utf-8")
    assert "Approved\t已通过" in terminal
    cases = login("staff").get("/console/cases").text
    assert ">已通过</option>" in cases and ">未通过</option>" in cases and "批准" not in cases
