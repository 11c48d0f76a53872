"""Remote help end to end (issue 24): an admin in headless Chromium helps a real terminal (its store, its sync
service and its technician tools on simulated devices, no Qt) through a real ``kiosk-hub serve``.

The admin issues a one-time code, sends every remote command from the terminal page, and after the terminal's
next sync rounds sees each outcome, the "in maintenance" state (here and in the fleet view), the diagnostics
bundle to download, the device inventory and a printer fault in the timeline; both sides audited it.
Screenshots go to test-artifacts/console/remote-*.png.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from contract.clock import SystemClock
from contract.totp import match_totp
from hub.models import AuditEntry
from hub.testing import make_enroll_token
from sync.service import SyncService, enroll
from terminal.bootstrap import build_services
from terminal.diag.checks import COMPONENTS, run_checks
from terminal.technician_tools import TechnicianTools
from tests.console.browsing import browser_sign_in
from tests.console.conftest import ConsoleHub
from tests.technician.helpers import settings_for

pytestmark = pytest.mark.browser
COMMANDS = ("run_selftests", "upload_diagnostics", "maintenance_on", "sync_now", "restart_app")


class RealTerminal:
    """What the kiosk app composes for remote help, without the screen: services, sync, technician tools."""

    def __init__(self, data_dir: Path, hub: ConsoleHub) -> None:
        self.settings = settings_for(data_dir, idcard={"driver": "simulator"}, printer={"driver": "simulator"},
                                     pcsc={"enabled": False}, sync={"hub_url": hub.base_url})
        self.services = build_services(self.settings, SystemClock())
        store = self.services.store
        self.enrollment = enroll(store, hub.base_url, make_enroll_token(hub.base_url, hub.tokens["admin"]),
                                 trust_on_first_use=True, hostname="kiosk-remote")
        self.tools = TechnicianTools(self.services, config_file=data_dir / "kiosk.toml", overrides={})
        self.sync = SyncService(self.settings, store, clock=self.services.clock, bundles=self.services.bundles,
                                status_provider=self.status)
        self.services.sync = self.sync
        self.sync.subscribe(self.tools.on_sync_event)
        self.restarts: list[bool] = []
        self.tools.restart = lambda: self.restarts.append(True)

    def set_paper(self, state: Literal["ok", "near_end", "out"]) -> None:
        demo = self.services.demo
        assert demo is not None and demo.printer is not None
        demo.printer.set_paper(state)

    def status(self) -> dict[str, Any]:
        """As ``ui.launch`` builds the heartbeat's device part."""
        ctx = self.tools.context()
        return {"devices": {c.name: c.row() for c in run_checks(ctx, tuple(c for c in COMPONENTS if c != "platform"))},
                "inventory": self.tools.inventory()}

    def close(self) -> None:
        self.sync.close()
        self.services.close()


@pytest.fixture
def terminal(tmp_path: Path, console_hub: ConsoleHub) -> Iterator[RealTerminal]:
    t = RealTerminal(tmp_path / "terminal", console_hub)
    yield t
    t.close()


def _result(page: Any, name: str) -> str:
    return str(page.locator(f"#commands tr[data-command='{name}'] td").nth(3).inner_text())


def test_remote_help_from_the_console(browser: Any, console_hub: ConsoleHub, terminal: RealTerminal,  # noqa: F811
                                      artifacts: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    tid = terminal.enrollment.terminal_id
    assert terminal.sync.run_once().ok  # the first heartbeat: the hub knows the terminal's devices
    page = browser_sign_in(browser, console_hub, "admin")
    page.goto(f"/console/fleet/{tid}")

    page.click("#issue-code")
    code = page.locator("#technician-code code").inner_text()
    secret = (Path(terminal.services.store.keys.dir) / "otp.secret").read_text(encoding="ascii").strip()
    assert match_totp(secret, code, time.time()) is not None  # what the terminal's keypad accepts
    for name in COMMANDS:
        page.click(f"#command-{name}")
        assert page.locator("#queued").is_visible()
    page.screenshot(path=str(out / "remote-queued.png"), full_page=True)
    assert [_result(page, n) for n in COMMANDS] == ["—"] * len(COMMANDS)

    terminal.set_paper("out")
    terminal.sync.run_once()  # the commands arrive and are carried out
    terminal.sync.run_once()  # the bundle leaves through the outbox; the outcomes ride on the heartbeat
    assert terminal.restarts == [True]

    page.goto(f"/console/fleet/{tid}")
    page.screenshot(path=str(out / "remote-done.png"), full_page=True)
    page.context.add_cookies([{"name": "khub_lang", "value": "en_US", "url": console_hub.base_url}])
    page.reload()
    page.screenshot(path=str(out / "remote-done-en_US.png"), full_page=True)
    page.context.clear_cookies(name="khub_lang")
    page.reload()
    assert "done" in _result(page, "maintenance_on") or "完成" in _result(page, "maintenance_on")
    assert all(_result(page, n) != "—" for n in COMMANDS)
    assert "idcard" in _result(page, "run_selftests") and "kiosk-diag-" in _result(page, "upload_diagnostics")
    assert page.locator("#maintenance").is_visible()
    assert "simulator" in page.locator("#inventory").inner_text() or "模拟器" in page.locator("#inventory").inner_text()
    timeline = page.locator("#fault-timeline").inner_text()
    assert "printer" in timeline

    link = page.locator("#bundles a").first
    download = page.request.get(str(link.get_attribute("href")))
    assert download.status == 200 and download.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(download.body())).namelist()
    assert {"checks.json", "inventory.json", "fault_history.json"} <= set(names)

    page.goto("/console/fleet")
    assert page.locator(f"tr[data-terminal='{tid}'] .maintenance").is_visible()
    page.screenshot(path=str(out / "remote-fleet.png"), full_page=True)
    for paper in ("ok", "out"):  # the paper runs out a second time: a recurring fault
        terminal.set_paper(paper)
        terminal.sync.run_once()
    page.click("#recurring-link")
    row = page.locator(f"#recurring tr[data-terminal='{tid}'][data-component='printer'] td")
    assert [row.nth(i).inner_text() for i in (3, 4)] == ["2", "2"]  # last 7 days, last 30 days
    page.screenshot(path=str(out / "remote-recurring.png"), full_page=True)

    audited = [d for e, _at, d, staff in terminal.services.store.audit_events() if e == "tech.action" and staff == "hub"]
    assert {d["action"] for d in audited} >= {f"hub_command:{n}" for n in COMMANDS} | {"restart_app"}
    viewer = browser_sign_in(browser, console_hub, "viewer")
    viewer.goto(f"/console/fleet/{tid}")
    assert viewer.locator("#remote-actions").count() == 0  # only admins help remotely
    engine = create_engine(console_hub.db_url)
    try:
        with Session(engine) as db:
            hub_audit = [(a.action, a.actor, a.detail.get("command")) for a in db.scalars(
                select(AuditEntry).where(AuditEntry.target == tid).order_by(AuditEntry.id))]
    finally:
        engine.dispose()
    assert any(a == "terminal.technician_code_issued" and "(zhangwei)" in by for a, by, _c in hub_audit)
    assert {c for a, _by, c in hub_audit if a == "terminal.command_queued"} == set(COMMANDS)
    assert {c for a, by, c in hub_audit if a == "terminal.command_done" and by == f"terminal {tid}"} == set(COMMANDS)
