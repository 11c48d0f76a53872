"""Terminal software releases in the console (issue 20), in headless Chromium against a real ``kiosk-hub serve``.

Releases signed with an offline release key are stored with ``kiosk-hub releases upload``; simulated terminals
heartbeat with their software status. An admin rolls 0.2.0 out to two canaries from the page, widens it to
all terminals, pauses it; rolls 0.3.0 out to three canaries, two of which put their version back, and the hub
halts it by itself; halts 0.4.0 by hand. The page shows each release's progress and failures, the fleet shows
each terminal's version and update state; a viewer sees no buttons and a form without its CSRF token is
refused. Screenshots: test-artifacts/console/software-*.png.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from contract import crypto
from contract.release import ReleaseManifest, sign_release
from hub.cli import main as hub_cli
from hub.models import AuditEntry
from hub.testing import SimTerminal, make_enroll_token
from tests.console.browsing import BROWSER_ERRORS, both_languages, browser_sign_in, shot
from tests.console.conftest import ConsoleHub, SignedIn

pytestmark = pytest.mark.browser


class Fleet:
    """Three simulated terminals that report their software as the updater would."""

    def __init__(self, hub: ConsoleHub, http: httpx.Client) -> None:
        self.sims = []
        for n in range(3):
            sim = SimTerminal(http, hostname=f"kiosk-sw-{n}")
            sim.enroll(make_enroll_token(hub.base_url, hub.tokens["admin"]))
            self.sims.append(sim)

    def beat(self, n: int, running: str, offered: str | None = None, state: str = "idle",
             last_error: str | None = None) -> Any:
        body = self.sims[n].heartbeat_body(software={"running": running, "offered": offered, "state": state,
                                                     "last_error": last_error})
        response = self.sims[n].signed("POST", "/api/v1/heartbeat", body)
        assert response.status_code == 200, response.text
        return response.json()["release"]

    @property
    def ids(self) -> list[str]:
        return [s.terminal_id for s in self.sims]


def _upload(hub: ConsoleHub, tmp: Path, key: Any, version: str) -> None:
    data = os.urandom(100_000)
    package = tmp / f"community-kiosk_{version}_amd64.deb"
    package.write_bytes(data)
    manifest = ReleaseManifest(version=version, sha256=crypto.sha256_hex(data), size=len(data),
                               notes=f"第 {version} 版：修复打印机缺纸提示")
    record = sign_release(key, manifest, crypto.key_id(crypto.public_bytes(key)))
    (tmp / f"{version}.json").write_text(json.dumps(record), encoding="utf-8")
    assert hub_cli(["releases", "upload", str(package), "--manifest", str(tmp / f"{version}.json"),
                    "--data-dir", str(hub.data_dir), "--db", hub.db_url]) == 0


@pytest.fixture(scope="module")
def released(console_hub: ConsoleHub, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    """The three releases stored and the three terminals enrolled, once for this module (the hub is shared)."""
    tmp_path = tmp_path_factory.mktemp("software")
    key = crypto.new_signing_key()
    keys = console_hub.data_dir / "release-keys"
    keys.mkdir(exist_ok=True)
    (keys / "release.pub").write_text(crypto.b64e(crypto.public_bytes(key)), encoding="ascii")
    for version in ("0.2.0", "0.3.0", "0.4.0"):
        _upload(console_hub, tmp_path, key, version)
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        fleet = Fleet(console_hub, http)
        for n in range(3):
            assert fleet.beat(n, "0.1.0") is None
        yield fleet


def _card(page: Any, version: str) -> Any:
    return page.locator(f"section.release[data-version='{version}']")


def _count(page: Any, version: str, name: str) -> int:
    return int(_card(page, version).locator(f"td[data-count='{name}']").inner_text())


def _roll_out(page: Any, version: str, ring: str, terminals: str = "", force: bool = False) -> None:
    card = _card(page, version)
    card.locator("select[name=ring]").select_option(ring)
    card.locator("input[name=terminals]").fill(terminals)
    if force:
        card.locator("input[name=force]").check()
    card.locator("button.rollout-button").click()
    page.wait_for_url("**/console/software?done=rollout")


def test_admin_rolls_out_pauses_and_halts_from_the_releases_page(browser: Any, console_hub: ConsoleHub,
                                                                 released: Fleet, artifacts: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    fleet = released
    page = browser_sign_in(browser, console_hub, "admin")
    page.click("nav.nav a[href='/console/software']")
    page.wait_for_url("**/console/software")
    assert _card(page, "0.2.0").get_attribute("data-state") == "uploaded"

    # 0.2.0 to two canaries; they install it and commit
    _roll_out(page, "0.2.0", "canary", f"{fleet.ids[0]}, {fleet.ids[1]}")
    assert [fleet.beat(n, "0.1.0") is not None for n in range(3)] == [True, True, False]
    fleet.beat(0, "0.2.0", state="committed")
    fleet.beat(1, "0.1.0", offered="0.2.0", state="downloading")
    page.reload()
    assert (_count(page, "0.2.0", "targeted"), _count(page, "0.2.0", "committed"),
            _count(page, "0.2.0", "in_progress")) == (2, 1, 1)
    fleet.beat(1, "0.2.0", state="committed")

    # widened to every terminal, outside opening hours too; then paused
    _roll_out(page, "0.2.0", "all", force=True)
    offer = fleet.beat(2, "0.1.0")
    assert offer["manifest"]["version"] == "0.2.0" and offer["force"] is True
    fleet.beat(2, "0.1.0", offered="0.2.0", state="installing")
    _card(page, "0.2.0").locator("button.pause-button").click()
    page.wait_for_url("**/console/software?done=pause")
    assert _card(page, "0.2.0").get_attribute("data-state") == "paused"
    assert fleet.beat(2, "0.1.0") is None
    fleet.beat(2, "0.2.0", state="committed")

    # 0.3.0 to all three as canaries: two put their version back, and the hub halts it by itself
    _roll_out(page, "0.3.0", "canary", ",".join(fleet.ids))
    assert all(fleet.beat(n, "0.2.0") is not None for n in range(3))
    fleet.beat(0, "0.2.0", offered="0.3.0", state="rolled_back", last_error="health check: no first frame in 120 s")
    fleet.beat(1, "0.3.0", state="committed")
    fleet.beat(2, "0.2.0", offered="0.3.0", state="failed", last_error="dpkg: dependency problems")
    assert fleet.beat(0, "0.2.0", offered="0.3.0", state="rolled_back",
                      last_error="health check: no first frame in 120 s") is None
    page.reload()
    card = _card(page, "0.3.0")
    assert card.get_attribute("data-state") == "halted"
    assert "automatic: 2 of 3" in card.inner_text()
    failures = card.locator("table.failures tbody tr")
    assert failures.count() == 2
    assert "no first frame" in card.locator(f"tr[data-terminal='{fleet.ids[0]}']").inner_text()
    assert (_count(page, "0.3.0", "committed"), _count(page, "0.3.0", "failed"),
            _count(page, "0.3.0", "rolled_back")) == (1, 1, 1)
    assert _card(page, "0.2.0").get_attribute("data-state") == "superseded"
    assert card.locator("button.rollout-button").count() == 0  # a halted release is not rolled out again

    # 0.4.0 halted by hand, with a reason
    page.once("dialog", lambda dialog: dialog.accept())
    _card(page, "0.4.0").locator("input[name=reason]").fill("built from the wrong branch")
    _card(page, "0.4.0").locator("button.halt-button").click()
    page.wait_for_url("**/console/software?done=halt")
    assert "built from the wrong branch" in _card(page, "0.4.0").inner_text()
    page.goto("/console/software")
    both_languages(page, out, "software")

    # the fleet shows what each terminal runs and where its update stands
    page.goto("/console/fleet")
    row = page.locator(f"tr[data-terminal='{fleet.ids[0]}'] td.software")
    assert "0.2.0" in row.inner_text() and "0.3.0" in row.inner_text()
    assert "已回滚" in row.inner_text()
    shot(page, out, "software-fleet-zh_CN")
    page.context.close()
    assert BROWSER_ERRORS == []

    with Session(create_engine(console_hub.db_url)) as db:
        done = [(e.actor, e.action, e.target) for e in db.scalars(
            select(AuditEntry).where(AuditEntry.action.like("software.%")).order_by(AuditEntry.id))]
    admin = next(actor for actor, action, _t in done if action == "software.rollout")
    assert "zhangwei" in admin
    assert (admin, "software.paused", "0.2.0") in done
    assert ("hub", "software.halted", "0.3.0") in done
    assert (admin, "software.halted", "0.4.0") in done


def test_viewers_see_progress_without_buttons_and_forms_need_csrf(console_hub: ConsoleHub, released: Fleet,
                                                                  login: Any) -> None:
    viewer: SignedIn = login("viewer")
    page = viewer.get("/console/software")
    assert page.status_code == 200 and "0.2.0" in page.text
    assert "rollout-button" not in page.text and "halt-button" not in page.text
    assert viewer.post("/console/software/0.2.0/pause").status_code == 403  # an admin's action
    admin: SignedIn = login("admin")
    assert admin.post("/console/software/0.4.0/halt", {"reason": "x"}, csrf=False).status_code == 403
    refused = admin.post("/console/software/0.4.0/rollout", {"ring": "percent", "percent": "0"})
    assert refused.status_code == 422 and "percentage from 1 to 100" in refused.text

