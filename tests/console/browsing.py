"""Driving the console in headless Chromium: sign in, screenshot in both languages, collect script errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from hub.publishing import rollout_bucket
from hub.testing import SimTerminal, make_enroll_token
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub

LAPTOP = {"width": 1366, "height": 900}
TABLET = {"width": 820, "height": 1180}


BROWSER_ERRORS: list[str] = []  # script errors and CSP refusals seen by any page


def watch(page: Any) -> Any:
    def console(message: Any) -> None:
        # a 403/404 page is expected in places; anything else (script error, CSP refusal) is not
        if message.type == "error" and "Failed to load resource" not in message.text:
            BROWSER_ERRORS.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: BROWSER_ERRORS.append(str(error)))
    return page


def browser_sign_in(browser: Any, hub: ConsoleHub, role: str, viewport: dict[str, int] = LAPTOP) -> Any:
    context = browser.new_context(viewport=viewport, base_url=hub.base_url)
    page = watch(context.new_page())
    page.goto("/console/fleet")
    assert "/console/login" in page.url  # signed out: the sign-in page, then back where we were going
    username, password = hub.accounts[role]
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("#sign-in")
    page.wait_for_url("**/console/fleet")
    return page


def shot(page: Any, out: Path, name: str) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def both_languages(page: Any, out: Path, name: str) -> None:
    """Screenshot the current page in zh_CN (the default) and en_US, leaving it in zh_CN."""
    shot(page, out, f"{name}-zh_CN")
    page.click("a.lang")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, out, f"{name}-en_US")
    page.click("a.lang")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def enrol_both_sides(hub: ConsoleHub, http: httpx.Client, form_id: str, community: str = COMMUNITY,
                     ) -> tuple[SimTerminal, SimTerminal, list[SimTerminal]]:
    """Simulated terminals enrolled in ``community`` until one is inside a 50% rollout of ``form_id`` and one is
    outside it: (inside, outside, every one enrolled on the way)."""
    inside = outside = None
    enrolled: list[SimTerminal] = []
    for n in range(40):
        token = make_enroll_token(hub.base_url, hub.tokens["admin"], community=community, district=DISTRICT)
        sim = SimTerminal(http, hostname=f"kiosk-{n}")
        sim.enroll(token)
        enrolled.append(sim)
        if rollout_bucket("form", form_id, sim.terminal_id) < 50:
            inside = inside or sim
        else:
            outside = outside or sim
        if inside and outside:
            return inside, outside, enrolled
    raise AssertionError("no pair of terminals on both sides of 50%")


RUNNING: dict[str, dict[str, int]] = {}  # the forms each simulated terminal runs, by terminal id


def sync_terminal(sim: SimTerminal) -> dict[str, int]:
    """What the terminal does between sessions: fetch its bundle (a 304 keeps what it runs), then report the
    forms it runs, which it returns."""
    response = sim.signed("GET", f"/api/v1/bundle?have={sim.bundle_version}")
    if response.status_code == 200:
        manifest = response.json()
        sim.bundle_version = manifest["bundle_version"]
        RUNNING[sim.terminal_id] = {i["id"]: i["version"] for i in manifest["items"] if i["kind"] == "form"}
    else:
        assert response.status_code == 304, response.text
    forms = RUNNING.get(sim.terminal_id, {})
    beat = sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(forms=forms))
    assert beat.status_code == 200, beat.text
    return forms
