"""Issue 23, items 6 and 8 in Chromium at 1366 wide, as an admin does it unaided: download the Excel
template, fill it in (with two slips), read every problem by cell, fix them, upload, confirm what
publishing changes, publish, and see what the release reaches. Screens in both languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl

from tests.console.browsing import BROWSER_ERRORS, both_languages, browser_sign_in, shot
from tests.console.conftest import ConsoleHub

FORM_ID = "parking_permit_journey"
REPO = Path(__file__).resolve().parents[2]
GUIDE = {
    "name.en_US": "Resident parking permit", "summary.zh_CN": "为本社区居民办理小区停车许可。",
    "summary.en_US": "A parking permit for residents of this community.",
    "guide.who.zh_CN": "本社区有车的居民", "guide.who.en_US": "Residents who own a car",
    "guide.materials.zh_CN": "身份证\n行驶证", "guide.materials.en_US": "ID card\nVehicle licence",
    "guide.where.zh_CN": "社区党群服务中心一楼", "guide.where.en_US": "Community centre, ground floor",
    "guide.hours.zh_CN": "工作日 9:00-17:00", "guide.hours.en_US": "Weekdays 9:00-17:00",
    "guide.time_limit.zh_CN": "5个工作日", "guide.time_limit.en_US": "5 working days",
    "guide.fee.zh_CN": "免费", "guide.fee.en_US": "Free",
    "guide.legal_basis.zh_CN": "《济南市停车管理办法》", "guide.legal_basis.en_US": "Jinan parking rules",
}


def _fill_in(template: Path, out: Path, *, slips: bool) -> Path:
    """What the admin types into the downloaded template in Excel: their own form, with slips or not."""
    workbook = openpyxl.load_workbook(template)
    survey = workbook["survey"]
    survey.append(["date", "start", "开始日期", "Start date", "必填"])
    workbook["settings"]["A2"] = FORM_ID  # their own form id (表单编号) instead of the example's
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

    # --- the directory entry and its guide, started from the form --------------------------------
    page.goto("/console/content/catalog")
    page.fill("#content-text", (REPO / "assets/content/catalog.yaml").read_text("utf-8"))
    page.click("#save-button")
    page.goto(f"/console/forms/{FORM_ID}")
    page.click("#make-service")
    both_languages(page, out, "service-new")
    form = page.locator("#entry-form")
    assert form.locator("select[name=form_id]").input_value() == FORM_ID
    form.locator("select[name=category]").select_option(label="户籍居住")
    for name, text in GUIDE.items():
        form.locator(f"[name='{name}']").fill(text)
    shot(page, out, "service-new-filled-zh_CN")
    page.click("#entry-save")
    page.wait_for_url(f"**/console/content/catalog?saved=*&service={FORM_ID}")
    assert "已发布 v1" in page.locator("#service-next").inner_text()
    shot(page, out, "service-saved-zh_CN")
    page.click("nav >> text=统计")
    assert page.locator("#statistics-xlsx").is_visible()
    both_languages(page, out, "statistics")
    assert BROWSER_ERRORS == []
