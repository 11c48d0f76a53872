"""Driving the console in headless Chromium: sign in, screenshot in both languages, collect script errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.console.conftest import ConsoleHub

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
