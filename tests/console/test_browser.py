"""End to end in headless Chromium against a real ``kiosk-hub serve``: the console as staff use it.

One scenario, in order: an admin signs in, uploads a spreadsheet form with an
error (sees it by sheet and row) and then the fixed one, previews it in both
languages, publishes it to one community at 50%, and watches a simulated
terminal in the rollout pick it up (and one outside it not); a resident's
submission arrives, a member of staff finds it by tracking number, opens it and
approves it with a certificate, which the terminal then receives. Screenshots
of every page in both languages go to test-artifacts/console/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest

from hub.publishing import rollout_bucket
from hub.testing import SimTerminal
from tests.console.browsing import (
    BROWSER_ERRORS,
    LAPTOP,
    TABLET,
    both_languages,
    browser_sign_in,
    enrol_both_sides,
    shot,
    sync_terminal,
    watch,
)
from tests.console.conftest import COMMUNITY, ConsoleHub

pytestmark = pytest.mark.browser
REPO = Path(__file__).resolve().parents[2]
XLSX = REPO / "assets/content/forms/source/disability_subsidy.xlsx"
FORM_ID = "disability_subsidy"


def _broken_xlsx(tmp: Path) -> Path:
    workbook = openpyxl.load_workbook(XLSX)
    workbook["survey"].cell(row=3, column=1).value = "bogus_type"
    path = tmp / "disability_subsidy_broken.xlsx"
    workbook.save(path)
    return path


def test_staff_journey(browser: Any, console_hub: ConsoleHub, artifacts: Path, tmp_path: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    http = httpx.Client(base_url=console_hub.base_url, timeout=30)
    try:
        inside, outside, enrolled = enrol_both_sides(console_hub, http, FORM_ID)
        for sim in enrolled:
            assert sync_terminal(sim) == {}
        _journey(browser, console_hub, out, tmp_path, http, inside, outside, enrolled)
    finally:
        http.close()
    assert BROWSER_ERRORS == []


def _journey(browser: Any, hub: ConsoleHub, out: Path, tmp_path: Path, http: httpx.Client,
             inside: SimTerminal, outside: SimTerminal, enrolled: list[SimTerminal]) -> None:
    in_rollout = [s for s in enrolled if rollout_bucket("form", FORM_ID, s.terminal_id) < 50]
    # --- sign in (the sign-in page in both languages first) -----------------------------------
    context = browser.new_context(viewport=LAPTOP, base_url=hub.base_url)
    login_page = watch(context.new_page())
    login_page.goto("/console/login")
    both_languages(login_page, out, "login")
    context.close()
    page = browser_sign_in(browser, hub, "admin")

    # --- upload a spreadsheet with an error, then the fixed one ----------------------------------
    page.goto("/console/forms")
    page.set_input_files("#file", str(_broken_xlsx(tmp_path)))
    page.click("#upload-button")
    errors = page.locator("#problems tbody tr")
    assert errors.count() >= 1
    first = errors.first.locator("td")
    assert first.nth(0).inner_text().startswith("survey!") and first.nth(0).inner_text().endswith("3")
    assert "bogus_type" in first.nth(1).inner_text() and "第 3 行" in first.nth(1).inner_text()
    shot(page, out, "forms-upload-errors-zh_CN")
    page.goto("/console/lang?to=en_US&next=/console/forms")
    page.set_input_files("#file", str(_broken_xlsx(tmp_path)))
    page.click("#upload-button")
    assert page.locator("#problems tbody tr").count() >= 1
    shot(page, out, "forms-upload-errors-en_US")
    page.goto("/console/lang?to=zh_CN&next=/console/forms")
    page.set_input_files("#file", str(XLSX))
    page.click("#upload-button")
    page.wait_for_url(f"**/console/forms/{FORM_ID}/v/1?uploaded=1")
    assert page.locator("#uploaded").is_visible()

    # --- preview every screen, in both languages --------------------------------------------------
    screens = page.locator("ol.screens li").count()
    assert screens >= 2
    assert "残疾人信息" in page.locator("#terminal-preview").inner_text()
    both_languages(page, out, "form-preview")
    page.goto(f"/console/forms/{FORM_ID}/v/1?preview_lang=en_US&screen=1")
    assert "The disabled person" in page.locator("#terminal-preview h2").inner_text()
    for n in range(2, screens + 1):
        page.click("#next-screen")
        page.wait_for_url(f"**screen={n}")
        shot(page, out, f"form-preview-screen{n}-en_US")

    # --- dry run, then publish to the community at 50% ----------------------------------------------
    page.goto(f"/console/forms/{FORM_ID}")
    assert not page.locator("#target_values").is_visible()  # "all terminals" needs no names (script)
    page.check("input[name=target_kind][value=community]")
    assert page.locator("#target_values").is_visible()
    page.fill("#target_values", COMMUNITY)
    page.fill("#rollout", "50")
    page.click("#publish-button")  # the confirmation says what changes where, before anything does
    assert page.locator("#dry-run-count strong").inner_text() == str(len(in_rollout))
    shot(page, out, "publish-confirm-zh_CN")  # a POST's answer: switching language would leave it
    page.click("#confirm-publish")
    page.wait_for_url(f"**/console/forms/{FORM_ID}?released=1")
    row = page.locator("#releases tbody tr").first
    assert "50%" in row.inner_text() and COMMUNITY in row.inner_text()
    both_languages(page, out, "form-releases")

    # --- the terminal in the rollout picks it up between sessions; the other does not ------------
    assert sync_terminal(inside) == {FORM_ID: 1}
    assert sync_terminal(outside) == {}
    page.goto("/console/fleet")
    inside_row = page.locator(f"tr[data-terminal='{inside.terminal_id}']")
    assert f"{FORM_ID} 1/1" in inside_row.inner_text()
    assert page.locator(f"tr[data-terminal='{outside.terminal_id}'] .lag").count() == 0
    page.select_option("#community", COMMUNITY)
    page.click("#filter-button")
    assert page.locator("#terminals tbody tr").count() == len(enrolled)
    assert page.locator("#chart-days svg rect").count() == 14
    # a terminal with a fault: paper low, card reader failing, and its readiness report
    faulty = outside.heartbeat_body(printer={"online": True, "paper": "low", "cover_open": False},
                                    devices={"idcard": {"status": "fail", "detail": "no reader"},
                                             "printer": {"status": "ok", "detail": ""}}, outbox_depth=3)
    assert outside.signed("POST", "/api/v1/heartbeat", faulty).status_code == 200
    report = {"terminal_id": outside.terminal_id, "at": "2026-11-26T09:00:00+00:00", "staff_id": "T001",
              "app_version": "0.1.0", "overall": "fail",
              "components": [{"name": "idcard", "status": "fail", "detail": "no reader", "code": "E1"},
                             {"name": "printer", "status": "ok", "detail": "", "code": ""}],
              "tests": {"printer": {"status": "ok", "detail": "test page", "at": "2026-11-26T08:59:00+00:00"}}}
    readiness = {"id": "readiness-1", "kind": "readiness", "created_at": "2026-11-26T09:00:00+00:00", "body": report}
    result = outside.signed("POST", "/api/v1/outbox", {"items": [readiness]}).json()["results"][0]
    assert result["status"] == "accepted", result
    page.reload()
    faulty_row = page.locator(f"tr[data-terminal='{outside.terminal_id}']")
    assert faulty_row.locator(".badge.bad").count() >= 2  # the failing reader, and its alert
    assert "3" in faulty_row.inner_text()
    both_languages(page, out, "fleet")
    page.click(f"tr[data-terminal='{outside.terminal_id}'] a")
    page.wait_for_url(f"**/console/fleet/{outside.terminal_id}")
    assert page.locator("#history tbody tr").count() >= 2
    assert page.locator("#readiness tbody tr").count() == 1
    assert page.locator("#chart-uptime svg rect").count() == 24
    both_languages(page, out, "terminal")

    # --- pause, resume, raise the rollout -----------------------------------------------------------
    page.goto(f"/console/forms/{FORM_ID}")
    page.click("#releases button[value=pause]")
    assert page.locator("#releases tbody tr").first.get_attribute("data-state") == "paused"
    page.click("#releases button[value=resume]")
    assert page.locator("#releases tbody tr").first.get_attribute("data-state") == "active"
    page.fill("#releases input.pct", "100")
    page.click("#releases button[value=rollout]")
    assert "100%" in page.locator("#releases tbody tr").first.inner_text()
    assert sync_terminal(outside) == {FORM_ID: 1}

    # --- a second version (JSON this time) to all terminals, then rolled back ----------------------
    from contract.forms.xlsx import convert_xlsx

    second = dict(convert_xlsx(XLSX), version=2)
    second["title"] = {**second["title"], "en_US": "Disability subsidies (v2)"}
    v2 = tmp_path / "disability_subsidy_v2.json"
    v2.write_text(json.dumps(second, ensure_ascii=False), "utf-8")
    page.goto("/console/forms")
    page.set_input_files("#file", str(v2))
    page.click("#upload-button")
    page.wait_for_url(f"**/console/forms/{FORM_ID}/v/2?uploaded=1")
    page.check("input[name=target_kind][value=all]")
    page.click("#publish-button")
    page.click("#confirm-publish")
    page.wait_for_url(f"**/console/forms/{FORM_ID}?released=2")
    assert sync_terminal(inside) == {FORM_ID: 2}
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#rollback")
    page.wait_for_load_state()
    assert page.locator("#releases tbody tr").first.get_attribute("data-state") == "rolled_back"
    assert sync_terminal(inside) == {FORM_ID: 1}
    assert page.locator("#versions tbody tr").count() == 2
    both_languages(page, out, "form-history")
    page.goto("/console/forms")
    both_languages(page, out, "forms")

    # --- content: publish the catalog (it says which services issue certificates) and notices -------
    for kind, source in (("catalog", "catalog.yaml"), ("notices", "notices.yaml")):
        page.goto(f"/console/content/{kind}")
        page.fill("#content-text", "notices: [{id: broken}]" if kind == "notices" else "services: 3")
        page.click("#save-button")
        assert page.locator("#content-errors li").count() >= 1
        page.fill("#content-text", (REPO / "assets/content" / source).read_text("utf-8"))
        page.click("#check-button")
        assert page.locator("#content-valid").is_visible()
        page.click("#save-button")
        page.wait_for_url(f"**/console/content/{kind}?saved=*")
        assert page.locator("#entries tbody tr").count() >= 3
        page.check("input[name=target_kind][value=all]")
        page.click("#publish-button")
        page.click("#confirm-publish")
        page.wait_for_url(f"**/console/content/{kind}?released=1")
        both_languages(page, out, f"content-{kind}")

    # a notice added through the form (no YAML), then edited, then published
    page.goto("/console/content/notices")
    notices = page.locator("#entries tbody tr").count()
    page.click("#add-entry")
    both_languages(page, out, "content-entry")
    form = page.locator("#entry-form")
    form.locator("input[name=id]").fill("water-2026-12")
    form.locator("select[name=category]").select_option("activity")
    form.locator("input[name=valid_from]").fill("2026-11-26")
    form.locator("input[name=valid_to]").fill("2026-12-01")
    form.locator("input[name='title.zh_CN']").fill("12月1日停水通知")
    form.locator("input[name='title.en_US']").fill("Water off on 1 December")
    form.locator("textarea[name='body.zh_CN']").fill("12月1日9:00至12:00小区停水检修。")
    form.locator("textarea[name='body.en_US']").fill("Water is off on 1 December from 9:00 to 12:00 for repairs.")
    page.click("#entry-save")
    page.wait_for_url("**/console/content/notices?saved=*")
    assert page.locator("#entries tbody tr").count() == notices + 1
    page.click("text=water-2026-12")
    page.locator("#entry-form input[name='title.en_US']").fill("Water off on 1 December (9:00-12:00)")
    page.click("#entry-save")
    page.wait_for_url("**/console/content/notices?saved=*")
    assert "Water off on 1 December (9:00-12:00)" not in page.locator("#entries").inner_text()  # zh_CN shown
    assert "12月1日停水通知" in page.locator("#entries").inner_text()
    page.check("input[name=target_kind][value=all]")
    page.click("#publish-button")
    page.click("#confirm-publish")
    page.wait_for_url("**/console/content/notices?released=*")

    # --- a resident submits at the terminal; staff find, open and approve it ------------------------
    item = inside.submission_item(7, service_id="residence_certificate", form_id=FORM_ID, form_version=1,
                                  answers={"name": "张三", "disability_card_no": "37010219800101123411"},
                                  identity={"name": "张三", "id_number": "370102198001011234"})
    delivered = inside.signed("POST", "/api/v1/outbox", {"items": [item]})
    assert delivered.json()["results"][0]["status"] == "accepted"
    tracking_number = item["body"]["tracking_number"]
    admin_cases = page
    admin_cases.goto("/console/cases")
    listed = admin_cases.locator(f"#cases a[data-number='{tracking_number}']")
    assert listed.inner_text().replace(" ", "") == tracking_number  # shown grouped, as on the receipt
    listed.click()
    assert admin_cases.locator("#payload").count() == 0  # admins see the case, not what the resident wrote
    admin_cases.goto("/console/audit")
    assert admin_cases.locator("#audit tr[data-action='release.rolled_back']").count() >= 1
    assert "回滚发布" in admin_cases.locator("#audit").inner_text()  # in words, not its code (issue 23)
    both_languages(admin_cases, out, "audit")
    admin_cases.goto("/console/")
    both_languages(admin_cases, out, "home-admin")
    admin_cases.context.close()

    staff = browser_sign_in(browser, hub, "staff", TABLET)
    staff.goto("/console/cases")
    both_languages(staff, out, "cases")
    staff.fill("#q", tracking_number[:6] + " " + tracking_number[6:])  # typed as printed, with a space
    staff.click("#search-button")
    staff.wait_for_url("**/console/cases/*")
    answers = staff.locator("#answers").inner_text()
    assert "张*" in answers and "张三" not in staff.locator("#answers .masked").all_inner_texts()
    both_languages(staff, out, "case")
    staff.select_option("#new-status", "approved")
    assert staff.locator("#cert-title").is_visible()
    staff.fill("#note", "材料齐全")
    staff.fill("#cert-body", "兹证明张三居住在本社区。")
    staff.click("#save-status")
    staff.wait_for_url("**?changed=approved")
    assert staff.locator("#case-status").inner_text() == "已通过"  # the terminal's word (issue 23, item 11)
    assert "兹证明张三居住在本社区。" in staff.locator("#certificate").inner_text()
    both_languages(staff, out, "case-approved")
    statuses = inside.signed("GET", "/api/v1/statuses").json()["statuses"]
    mine = [s for s in statuses if s["tracking_number"] == tracking_number]
    assert mine and mine[0]["status"] == "approved" and mine[0]["certificate"]["body"] == "兹证明张三居住在本社区。"
    staff.goto("/console/")
    both_languages(staff, out, "home-staff")
    staff.goto("/console/fleet")
    assert "居住证明" in staff.locator("#chart-services").inner_text()  # the service's name, from the catalog
    shot(staff, out, "fleet-tablet-zh_CN")

    # --- staff may not publish; viewers may not see cases ----------------------------------------
    staff.goto("/console/forms")
    assert staff.locator("#upload").count() == 0
    response = staff.goto(f"/console/forms/{FORM_ID}")
    assert response is not None and response.status == 200 and staff.locator("#publish").count() == 0
    staff.click("#logout")
    staff.wait_for_url("**/console/login")
    staff.goto("/console/cases")
    assert "/console/login" in staff.url
    staff.context.close()

    viewer = browser_sign_in(browser, hub, "viewer")
    response = viewer.goto("/console/cases")
    assert response is not None and response.status == 403
    assert viewer.locator("#error-message").is_visible()
    both_languages(viewer, out, "forbidden")
    viewer.goto("/console/")
    both_languages(viewer, out, "home-viewer")
    viewer.context.close()
