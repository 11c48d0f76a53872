"""Issue 23, item 9: every time a person reads is Beijing time in a plain format; device names, paper and disk in words."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import httpx

from hub.console import i18n
from hub.console.timefmt import format_dt
from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import DISTRICT, OTHER_COMMUNITY, ConsoleHub, SignedIn

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def test_times_are_written_in_beijing_time_whatever_their_zone() -> None:
    assert format_dt(datetime(2026, 11, 26, 17, 29, tzinfo=UTC)) == "2026-11-27 01:29"
    assert format_dt("2026-11-26T17:29:00Z") == "2026-11-27 01:29"
    assert format_dt("2026-11-26T17:29:00") == "2026-11-27 01:29"  # no offset: UTC, as the hub writes it
    assert format_dt(datetime(2026, 11, 27, 1, 29, tzinfo=timezone(timedelta(hours=8)))) == "2026-11-27 01:29"
    assert format_dt(None) == "—" and format_dt("not a time") == "not a time"


def test_every_device_name_and_paper_state_has_its_chinese() -> None:
    for english in (*i18n.DEVICE_NAMES.values(), *i18n.PAPER_STATES.values()):
        assert english in i18n.ZH, english


def test_the_terminal_page_names_devices_paper_and_disk_in_words(console_hub: ConsoleHub,
                                                                 login: Callable[[str], SignedIn]) -> None:
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="words")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], OTHER_COMMUNITY, DISTRICT))
        body = sim.heartbeat_body(disk_free_mb=77623.3, printer={"online": True, "paper": "near_end",
                                                                 "cover_open": False},
                                  devices={"idcard": {"status": "ok", "detail": ""},
                                           "cups": {"status": "fail", "detail": "no queue"}},
                                  last_sync="2026-11-26T17:29:00+00:00")
        assert sim.signed("POST", "/api/v1/heartbeat", body).status_code == 200
    admin = login("admin")
    admin.http.cookies.set("khub_lang", "zh_CN", domain="127.0.0.1", path="/console")
    page = admin.get(f"/console/fleet/{sim.terminal_id}").text
    words = re.sub(r"<[^>]*>", " ", page)  # what a person reads: a random CSRF token may hold "MB"
    assert "75.8 GB" in words and not re.search(r"\bMB\b", words)
    assert "身份证读卡器" in page and "文档打印机（A4）" in page and "纸张 将用完" in page
    assert "2026-11-27 01:29" in page and not ISO.search(page.split("<main", 1)[1])
    fleet = admin.get("/console/fleet").text
    assert "纸张: 将用完" in fleet and ">身份证读卡器<" in fleet
    admin.http.cookies.set("khub_lang", "en_US", domain="127.0.0.1", path="/console")
    page = admin.get(f"/console/fleet/{sim.terminal_id}").text
    assert "ID card reader" in page and "Paper Running low" in page


def test_the_public_certificate_check_writes_its_time_plainly(console_hub: ConsoleHub,
                                                            login: Callable[[str], SignedIn]) -> None:
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        sim = SimTerminal(http, hostname="certificate-time")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], OTHER_COMMUNITY, DISTRICT))
        item = sim.submission_item(77, service_id="residence_certificate")
        assert sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]["status"] == "accepted"
    staff = login("other_staff")
    sid = item["body"]["submission_id"]
    approved = staff.post(f"/console/cases/{sid}/status", {"status": "approved", "cert_title": "居住证明",
                                                           "cert_body": "兹证明。"})
    assert approved.status_code == 303, approved.text
    verify_url = re.search(r'href="([^"]*/api/v1/verify/[^"]+)"', staff.get(f"/console/cases/{sid}").text)
    assert verify_url
    path = "/" + verify_url.group(1).replace("&amp;", "&").split("://", 1)[1].split("/", 1)[1]
    html = staff.http.get(path, headers={"Accept": "text/html"}).text
    assert not ISO.search(html) and "北京时间" in html
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d 北京时间", html)
