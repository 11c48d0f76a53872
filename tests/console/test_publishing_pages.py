"""Issue 23, item 8: publishing asks for confirmation saying what changes where (and why nothing does),
says what a rollout change reaches, is scheduled in Beijing time, and, where the hub asks for it, waits
for a second administrator's approval. Rollback says what terminals go back to."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from hub.testing import SimTerminal, create_token, make_enroll_token, run_hub
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub, SignedIn, sign_in

FORMS = Path(__file__).resolve().parents[2] / "assets" / "content" / "forms"


def _upload(admin: SignedIn, form_id: str) -> None:
    definition = json.loads((FORMS / "residence_certificate.json").read_text("utf-8"))
    definition.update(id=form_id, version=1)
    files = {"file": (f"{form_id}.json", json.dumps(definition, ensure_ascii=False).encode(), "application/json")}
    stored = admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files)
    assert stored.status_code == 303, stored.text


def _page(admin: SignedIn, path: str) -> str:
    return html.unescape(admin.get(path).text)


def test_publishing_is_confirmed_and_says_what_it_reaches(console_hub: ConsoleHub, login) -> None:
    admin = login("admin")
    token = make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], community=COMMUNITY, district=DISTRICT)
    with console_hub.client() as http:
        SimTerminal(http, hostname="kiosk-confirm").enroll(token)  # one terminal at least, outside the target
    _upload(admin, "confirm_check")
    asked = admin.post("/console/releases/new/form/confirm_check",
                       {"version": "1", "target_kind": "community", "target_values": "没有这个社区", "rollout": "100"})
    page = html.unescape(asked.text)
    assert asked.status_code == 200 and 'id="confirm-publish"' in page
    assert "发布范围内没有已登记的终端" in page  # why nothing would change, not only "0"
    assert 'id="releases"' not in _page(admin, "/console/forms/confirm_check")  # nothing published yet
    done = admin.post("/console/releases/new/form/confirm_check",
                      {"version": "1", "target_kind": "all", "rollout": "100", "confirm": "1"})
    assert done.status_code == 303 and done.headers["location"].endswith("?released=1")
    form_page = _page(admin, "/console/forms/confirm_check")
    assert "没有更早的发布" in form_page  # rollback promises no "previous version" that does not exist
    release_id = re.findall(r'action="/console/releases/(\d+)/update"', form_page)[0]
    changed = admin.post(f"/console/releases/{release_id}/update", {"action": "rollout", "rollout": "50"})
    assert changed.status_code == 303, (release_id, changed.text[-1500:])
    shown = _page(admin, changed.headers["location"])
    assert f"发布 #{release_id} 现在为“生效中”，比例 50%：覆盖" in shown


def test_a_scheduled_release_shows_its_beijing_time(console_hub: ConsoleHub, login) -> None:
    admin = login("admin")
    _upload(admin, "scheduled_check")
    done = admin.post("/console/releases/new/form/scheduled_check",
                      {"version": "1", "target_kind": "all", "rollout": "100", "confirm": "1",
                       "starts_at": "2099-01-01T08:00"})
    assert done.headers["location"].endswith("?scheduled=1")
    page = _page(admin, done.headers["location"])
    assert "已定时" in page and "自 2099-01-01 08:00" in page
    bad = admin.post("/console/releases/new/form/scheduled_check",
                     {"version": "1", "target_kind": "all", "confirm": "1", "starts_at": "next tuesday"})
    assert bad.status_code == 422 and "请填写发布的日期和时间" in bad.text


@pytest.fixture(scope="module")
def approval_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    tmp = tmp_path_factory.mktemp("approval-hub")
    with run_hub(tmp, env={"KIOSK_HUB_PUBLISH_APPROVAL": "1", "KIOSK_HUB_CONSOLE_LOGIN_RATE": "100000"}) as hub:
        second = create_token(f"sqlite:///{tmp / 'hub' / 'hub.sqlite3'}", "admin", "第二管理员")
        yield hub.base_url, hub.admin_token, second


def test_a_second_administrator_approves(approval_hub: tuple[str, str, str]) -> None:
    base_url, first_token, second_token = approval_hub
    with httpx.Client(base_url=base_url, timeout=30) as one, httpx.Client(base_url=base_url, timeout=30) as two:
        first, second = sign_in(one, first_token), sign_in(two, second_token)
        _upload(first, "approval_check")
        asked = html.unescape(first.post("/console/releases/new/form/approval_check",
                                         {"version": "1", "target_kind": "all"}).text)
        assert "需要另一位管理员批准" in asked and "提交审批" in asked
        done = first.post("/console/releases/new/form/approval_check",
                          {"version": "1", "target_kind": "all", "rollout": "100", "confirm": "1"})
        assert done.headers["location"].endswith("?pending=1")
        mine = _page(first, "/console/forms/approval_check")
        assert 'data-state="pending"' in mine and "等待另一位管理员批准" in mine and "approve" not in mine.split(
            'id="releases"')[1].split("</table>")[0].replace("approved", "")
        release_id = re.findall(r'<tr data-state="pending">\s*<td>(\d+)</td>', mine)[0]
        refused = first.post(f"/console/releases/{release_id}/approve")
        assert refused.status_code == 403 and "需要由另一位管理员批准" in refused.text
        assert 'class="primary approve"' in _page(second, "/console/forms/approval_check")
        approved = second.post(f"/console/releases/{release_id}/approve")
        assert approved.headers["location"].endswith("?approved=1")
        after = _page(second, approved.headers["location"])
        assert 'data-state="active"' in after and "批准人 第二管理员" in after
