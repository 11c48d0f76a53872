"""Issue 23, items 6 and 8 in Chromium at 1366 wide, as an admin does it unaided: download the Excel
template, fill it in (with two slips), read every problem by cell, fix them, upload, confirm what
publishing changes, publish, and see what the release reaches. Screens in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.console.browsing import BROWSER_ERRORS, both_languages, browser_sign_in, shot
from tests.console.conftest import ConsoleHub

FORM_ID = "parking_permit"


def _fill_in(template: Path, out: Path, *, slips: bool) -> Path:
    """What the admin types into the downloaded template in Excel: their own form, with slips or not."""
    workbook = openpyxl.load_workbook(template)
    survey = workbook["survey"]
    survey.append(["date", "start", "开始日期", "Start date", "必填"])
    if slips:
        survey["A3"] = "phone_numbr"  # a misspelt type
        survey["A5"] = "select_one yes_no_lst"  # a misspelt list name
    workbook.save(out)
    return out


def test_an_admin_makes_a_new_form_from_the_template(browser: Any, console_hub: ConsoleHub, artifacts: Path,
                                                      tmp_path: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    page = browser_sign_in(browser, console_hub, "admin")
    page.click("nav >> text=表单")
    with page.expect_download() as download:
        page.click("#template-link")
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    both_languages(page, out, "forms-template-link")

    for lang in ("zh_CN", "en_US"):
        page.goto(f"/console/lang?to={lang}&next=/console/forms")
        page.set_input_files("#file", str(_fill_in(template, tmp_path / "停车.xlsx", slips=True)))
        page.click("#upload-button")
        rows = page.locator("#problems tbody tr")
        assert rows.count() == 2
        cells = [rows.nth(i).locator("td").first.inner_text() for i in range(2)]
        assert cells == ["survey!A3", "survey!A5"]
        fixes = page.locator("#problems").inner_text()
        assert "phone" in fixes and "yes_no_list" in fixes
        shot(page, out, f"forms-upload-problems-{lang}")
    page.goto("/console/lang?to=zh_CN&next=/console/forms")

    page.set_input_files("#file", str(_fill_in(template, tmp_path / "停车.xlsx", slips=False)))
    page.click("#upload-button")
    page.wait_for_url(f"**/console/forms/{FORM_ID}/v/1?uploaded=1")
    assert page.locator("#xlsx-link").is_visible()
    page.goto(f"/console/forms/{FORM_ID}")
    page.click("#publish-button")
    assert page.locator("#confirm-publish").is_visible()
    shot(page, out, "publish-confirm-new-form-zh_CN")
    page.click("#confirm-publish")
    page.wait_for_url(f"**/console/forms/{FORM_ID}?released=1")
    assert page.locator("#releases tbody tr").first.get_attribute("data-state") == "active"
    both_languages(page, out, "form-published")
    assert BROWSER_ERRORS == []
