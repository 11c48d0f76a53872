"""Issue 23's whole console journey, in Chromium at 1366x768, as a district admin and a community's staff member
do it unaided, in each language: everything is found by the words on the page (labels, buttons, links) and
every click is counted.

The admin signs in, downloads the Excel template, fills in a resident parking permit with two slips, reads
both problems by cell, fixes them, uploads again, tries a plate number in the preview, publishes to 50% of a
community with the confirmation and then to all of it, makes the form a service with its guide and publishes
the directory, and checks the fleet view while simulated terminals apply each step (each one warns that it
cannot print the certificates its new service promises). A resident's signed case
arrives; staff open it (answers in form order, the signature as a picture) and approve it with a certificate.
The admin rolls back: refused while the service is live, then both are withdrawn together, and the terminal
loses both. Last, the audit log filtered to rollbacks, exported to Excel.

Screens: test-artifacts/console/journey-<lang>-NN-<step>.png. Clicks per step: test-artifacts/console/
journey-clicks-<lang>.json (the table in docs/console.md).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import openpyxl
import pytest
import yaml

from hub import accounts, audit
from hub.console import i18n
from hub.db import make_engine, make_sessionmaker
from hub.publishing import rollout_bucket
from hub.testing import SimTerminal, publish
from tests.console.browsing import BROWSER_ERRORS, enrol_both_sides, sync_terminal, watch
from tests.console.conftest import DISTRICT, ConsoleHub
from tests.console.test_case_page import SIGNATURE

pytestmark = [pytest.mark.browser, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
SCREEN = {"width": 1366, "height": 768}
# each language's run in its own community, with its own form, on the one hub of this directory
RUNS = {"zh_CN": ("燕山社区", "yanshan"), "en_US": ("甸柳社区", "dianliu")}
GUIDE = {  # what the admin types into the new service's guide, by the fields' English labels
    "Summary (Chinese)": "为本社区居民办理小区停车许可。", "Summary (English)": "A parking permit for residents.",
    "Who may apply (Chinese)": "本社区有车的居民", "Who may apply (English)": "Residents who own a car",
    "Materials to bring (one per line) (Chinese)": "身份证\n行驶证",
    "Materials to bring (one per line) (English)": "ID card\nVehicle licence",
    "Where to go (Chinese)": "社区党群服务中心一楼", "Where to go (English)": "Community centre, ground floor",
    "Opening hours (Chinese)": "工作日 9:00-17:00", "Opening hours (English)": "Weekdays 9:00-17:00",
    "Time limit (Chinese)": "5个工作日", "Time limit (English)": "5 working days",
    "Fee (Chinese)": "免费", "Fee (English)": "Free",
    "Legal basis (Chinese)": "《济南市停车管理办法》", "Legal basis (English)": "Jinan parking rules",
}


@dataclass
class Person:
    """Someone at the browser. Clicks are counted as a person makes them: a button, link or box is one; typing
    into a field is one (the click into it); a drop-down is two (open, pick); a file is two (the chooser, then
    its Open). After each step the screen is saved and the step's count kept."""

    page: Any
    out: Path
    lang: str
    counts: list[dict[str, Any]]
    clicks: int = 0
    _: Callable[[str], str] = field(init=False)

    def __post_init__(self) -> None:
        self._ = i18n.translator(self.lang)

    def click(self, target: Any) -> None:
        target.click()
        self.clicks += 1

    def type(self, target: Any, text: str) -> None:
        target.fill(text)
        self.clicks += 1

    def choose(self, target: Any, label: str) -> None:
        target.select_option(label=label)
        self.clicks += 2

    def pick_file(self, target: Any, path: Path) -> None:
        target.set_input_files(str(path))
        self.clicks += 2

    def link(self, words: str) -> Any:
        return self.page.get_by_role("link", name=self._(words), exact=True)

    def button(self, words: str) -> Any:
        return self.page.get_by_role("button", name=self._(words), exact=True)

    def field(self, words: str) -> Any:
        return self.page.get_by_label(self._(words), exact=True)

    def drop_down(self, words: str) -> Any:
        """A select inside its label: the label's name ends with the chosen option's words."""
        return self.page.get_by_label(re.compile("^" + re.escape(self._(words))))

    def nav(self, words: str) -> Any:
        return self.page.get_by_role("navigation", name="main").get_by_role("link", name=self._(words), exact=True)

    def done(self, step: str) -> None:
        number = len(self.counts) + 1
        self.page.screenshot(path=str(self.out / f"journey-{self.lang}-{number:02d}-{step}.png"), full_page=True)
        self.counts.append({"step": step, "clicks": self.clicks})
        self.clicks = 0


@dataclass
class Scene:
    """The world the journey runs in: the hub, the community's terminals (one inside a 50% rollout of the
    form, one outside) and its staff member's sign-in."""

    hub: ConsoleHub
    lang: str
    community: str
    form_id: str
    inside: SimTerminal
    outside: SimTerminal
    enrolled: list[SimTerminal]
    staff: tuple[str, str]


def _staff_account(db_url: str, username: str, community: str) -> tuple[str, str]:
    engine = make_engine(db_url)
    password = f"{username}-停车-2026"
    try:
        with make_sessionmaker(engine)() as db:
            accounts.create(db, audit.CLI_ACTOR, username, f"{community}工作人员", "staff", password, DISTRICT,
                            community, must_change=False)
            db.commit()
    finally:
        engine.dispose()
    return username, password


@pytest.fixture(params=sorted(RUNS, reverse=True))  # zh_CN first, the console's own language
def scene(request: pytest.FixtureRequest, console_hub: ConsoleHub) -> Iterator[Scene]:
    lang = request.param
    community, username = RUNS[lang]
    form_id = f"resident_parking_{lang[:2]}"
    # the centre's directory as it stands before the admin starts (categories, other services)
    publish(console_hub.base_url, console_hub.tokens["admin"], "catalog",
            yaml.safe_load((REPO / "assets/content/catalog.yaml").read_text("utf-8")), content_id="catalog")
    with httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        inside, outside, enrolled = enrol_both_sides(console_hub, http, form_id, community)
        for sim in enrolled:
            sync_terminal(sim)
        yield Scene(console_hub, lang, community, form_id, inside, outside, enrolled,
                    _staff_account(console_hub.db_url, username, community))


def _workbook(template: Path, out: Path, form_id: str, *, slips: bool) -> Path:
    """The admin's parking permit, typed into the downloaded template in Excel (its Chinese headers kept): the
    example's questions, plus a page with the start date and the signature; with two slips, or without."""
    workbook = openpyxl.load_workbook(template)
    survey = workbook["survey"]
    assert survey["A1"].value == "题型" and survey["C1"].value == "题目（中文）"
    for row in (["begin page", "vehicle", "停车与签名", "Parking and signature"],
                ["date", "start", "停车开始日期", "Parking from", "必填"],
                ["signature", "sign", "申请人签名", "Signature", "必填"],
                ["end page"]):
        survey.append(row)
    workbook["settings"]["A2"] = form_id
    workbook["settings"]["C2"] = "居民停车许可申请"
    if slips:
        survey["A5"] = "select_one yes_no_lst"  # the list is yes_no_list
        survey["A10"] = "signatur"
    workbook.save(out)
    return out


def test_the_console_journey(browser: Any, scene: Scene, artifacts: Path, tmp_path: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    counts: list[dict[str, Any]] = []
    context = browser.new_context(viewport=SCREEN, base_url=scene.hub.base_url, accept_downloads=True)
    try:
        admin = Person(watch(context.new_page()), out, scene.lang, counts)
        tracking_number = _admin_publishes(admin, scene, tmp_path)
        staff_context = browser.new_context(viewport=SCREEN, base_url=scene.hub.base_url)
        try:
            _staff_approve(Person(watch(staff_context.new_page()), out, scene.lang, counts), scene, tracking_number)
        finally:
            staff_context.close()
        _admin_withdraws_and_reads_the_log(admin, scene, tmp_path)
    finally:
        context.close()
    (out / f"journey-clicks-{scene.lang}.json").write_text(json.dumps(counts, ensure_ascii=False, indent=1), "utf-8")
    assert [c["step"] for c in counts] == [
        "sign-in", "template", "upload-problems", "upload-fixed", "preview-test-value", "publish-confirm", "publish-50",
        "publish-all", "new-service", "directory-published", "fleet", "case-opened", "case-approved", "rollback-refused",
        "withdrawn-both", "audit-export"]
    assert BROWSER_ERRORS == []


def _sign_in(person: Person, username: str, password: str) -> None:
    page = person.page
    page.goto("/console/")  # the address they were given
    page.wait_for_url("**/console/login*")
    if person.lang == "en_US":
        person.click(page.get_by_role("link", name="English"))
    person.type(person.field("Username"), username)
    person.type(person.field("Password"), password)
    person.click(person.button("Sign in"))
    page.wait_for_url("**/console/")


def _admin_publishes(admin: Person, scene: Scene, tmp_path: Path) -> str:
    page, _, form_id = admin.page, admin._, scene.form_id
    _sign_in(admin, *scene.hub.accounts["admin"])
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if scene.lang == "zh_CN" else "en")
    admin.done("sign-in")

    admin.click(admin.nav("Forms"))
    with page.expect_download() as download:
        admin.click(admin.link("Download the Excel template"))
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    admin.done("template")

    # --- the workbook with two slips: both problems at once, by cell, with "did you mean" ------------------
    admin.pick_file(admin.field("File"), _workbook(template, tmp_path / "居民停车.xlsx", form_id, slips=True))
    admin.click(admin.button("Upload and check"))
    rows = page.locator("#problems tbody tr")
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(rows.count())] == ["survey!A5", "survey!A10"]
    assert "yes_no_list" in rows.nth(0).inner_text() and "signature" in rows.nth(1).inner_text()
    admin.done("upload-problems")
    admin.pick_file(admin.field("File"), _workbook(template, tmp_path / "居民停车.xlsx", form_id, slips=False))
    admin.click(admin.button("Upload and check"))
    page.wait_for_url(f"**/console/forms/{form_id}/v/1?uploaded=1")
    admin.done("upload-fixed")

    # --- the preview answers a test value with the terminal's own checks ------------------------------------
    assert "[京津沪" in page.locator("#terminal-preview").inner_text()  # the plate's pattern is shown
    plate = "车牌号码" if scene.lang == "zh_CN" else "Plate number"
    admin.choose(admin.field("Field"), plate)
    admin.type(admin.field("Test value"), "ABC123")
    admin.click(admin.button("Check"))
    result = page.locator("#trial-result")
    assert "请填写正确的车牌号码" in result.inner_text() and "warn" in (result.get_attribute("class") or "")
    admin.type(admin.field("Test value"), "鲁A12345")
    admin.click(admin.button("Check"))
    assert "ok" in (page.locator("#trial-result").get_attribute("class") or "")
    assert "${has_car}" in page.locator("#trial-when").inner_text()
    admin.done("preview-test-value")

    # --- publish to half of the community, with the confirmation; the terminal inside applies it -------------
    in_rollout = [s for s in scene.enrolled if rollout_bucket("form", form_id, s.terminal_id) < 50]
    admin.click(page.get_by_role("radio", name=_("Community"), exact=True))
    admin.type(admin.field("Names (comma separated)"), scene.community)
    admin.type(page.locator("#publish").get_by_label(_("Rollout percentage")), "50")
    admin.click(admin.button("Publish…"))
    assert page.locator("#dry-run-count strong").inner_text() == str(len(in_rollout))
    assert page.locator("#changes tbody td").nth(3).inner_text() == _("Form")  # the kind in words, not "form"
    admin.done("publish-confirm")
    admin.click(admin.button("Confirm and publish"))
    page.wait_for_url(f"**/console/forms/{form_id}?released=1")
    assert sync_terminal(scene.inside) == {form_id: 1} and sync_terminal(scene.outside) == {}
    admin.done("publish-50")

    admin.type(page.locator("#releases").get_by_label(_("Rollout percentage")), "100")
    admin.click(page.locator("#releases").get_by_role("button", name=_("Set"), exact=True))
    assert page.locator("#flash-changed").is_visible()
    assert all(sync_terminal(s) == {form_id: 1} for s in scene.enrolled)
    admin.done("publish-all")

    # --- the service with its guide, from the form, then the directory published -----------------------------
    admin.click(admin.link("Make it a service"))
    category = "户籍居住" if scene.lang == "zh_CN" else "Household and residence"
    admin.choose(admin.drop_down("Category"), category)
    admin.type(admin.field("Name (English)"), "Resident parking permit")
    admin.click(admin.field("Issues a certificate"))  # a parking certificate for the windscreen
    for label, text in GUIDE.items():
        admin.type(admin.field(label), text)
    admin.click(admin.button("Save as new version"))
    page.wait_for_url(f"**/console/content/catalog?saved=*&service={form_id}")
    assert "v1" in page.locator("#service-next").inner_text()
    admin.done("new-service")
    admin.click(admin.button("Publish…"))  # all terminals, the default
    admin.click(admin.button("Confirm and publish"))
    page.wait_for_url("**/console/content/catalog?released=*")
    admin.done("directory-published")

    # --- the fleet view: every terminal of the community runs the form ---------------------------------------
    for sim in scene.enrolled:
        sync_terminal(sim)
    admin.click(admin.nav("Fleet"))
    admin.choose(admin.drop_down("Community"), scene.community)
    admin.click(admin.button("Filter"))
    rows = page.locator("#terminals tbody tr")
    assert rows.count() == len(scene.enrolled)
    assert all(f"{form_id} 1/1" in rows.nth(i).inner_text() for i in range(rows.count()))
    # the service issues certificates and these terminals report no A4 printer: each one says so (item 5)
    assert all(_("certificate_printer") in rows.nth(i).inner_text() for i in range(rows.count()))
    alerts = page.locator("#terminals thead th").last.bounding_box()  # read without scrolling sideways
    table = page.locator("#fleet-table").bounding_box()
    assert alerts is not None and table is not None and alerts["x"] + alerts["width"] <= table["x"] + table["width"]
    admin.done("fleet")

    # --- a resident applies at the terminal inside the first half -------------------------------------------
    item = scene.inside.submission_item(
        3, service_id=form_id, form_id=form_id, form_version=1,
        answers={"sign": SIGNATURE, "start": "2026-12-10", "plate": "鲁A12345", "has_car": "yes",
                 "phone": "13912345678", "name": "张三"},  # stored out of order: the page puts them in form order
        identity={"name": "张三", "id_number": "370102198001011234", "sex": "2", "card_type": "resident"})
    assert scene.inside.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]["status"] == "accepted"
    return str(item["body"]["tracking_number"])


def _staff_approve(staff: Person, scene: Scene, tracking_number: str) -> None:
    page, _ = staff.page, staff._
    _sign_in(staff, *scene.staff)
    staff.click(staff.nav("Cases"))
    staff.click(page.locator(f"#cases a[data-number='{tracking_number}']"))
    page.wait_for_url("**/console/cases/*")
    labels = page.locator("#answers th").all_inner_texts()
    expected = (["姓名", "手机号码", "是否有机动车", "车牌号码", "停车开始日期", "申请人签名"] if scene.lang == "zh_CN"
                else ["Full name", "Mobile phone", "Do you own a car?", "Plate number", "Parking from", "Signature"])
    assert labels == expected
    assert page.locator("#answers img.signature").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREEN["width"]
    staff.done("case-opened")
    staff.choose(staff.drop_down("New status"), _("approved"))
    staff.type(staff.field("Note"), "材料齐全")
    staff.type(staff.field("Certificate text"), "兹证明张三的车辆可在本小区停放。")
    staff.click(staff.button("Save"))
    page.wait_for_url("**?changed=approved")
    assert page.locator("#case-status").inner_text() == _("approved")
    statuses = scene.inside.signed("GET", "/api/v1/statuses").json()["statuses"]
    assert [s["status"] for s in statuses if s["tracking_number"] == tracking_number] == ["approved"]
    staff.done("case-approved")


def _admin_withdraws_and_reads_the_log(admin: Person, scene: Scene, tmp_path: Path) -> None:
    page, _, form_id = admin.page, admin._, scene.form_id
    admin.click(admin.nav("Forms"))
    admin.click(page.get_by_role("link", name=form_id, exact=True))
    page.once("dialog", lambda dialog: dialog.accept())
    admin.click(admin.button("Roll back the newest release"))
    admin.clicks += 1  # the confirmation's OK
    assert page.locator("#withdraw").is_visible() and f"({form_id})" in page.locator("#error-message").inner_text()
    admin.done("rollback-refused")
    admin.click(admin.button("Withdraw the services and the form"))
    page.wait_for_url(f"**/console/forms/{form_id}?withdrawn=*")
    assert form_id in page.locator("#flash-withdrawn").inner_text()
    assert page.locator("#releases tbody tr").first.get_attribute("data-state") == "rolled_back"
    assert sync_terminal(scene.inside) == {}  # the terminal loses the form ...
    bundle = scene.inside.signed("GET", "/api/v1/bundle?have=0").json()
    catalog = next(i for i in bundle["items"] if i["kind"] == "catalog")
    services = scene.inside.signed("GET", f"/api/v1/items/{catalog['sha256']}")
    assert services.status_code == 200 and form_id.encode() not in services.content  # ... and the service
    admin.done("withdrawn-both")

    admin.click(admin.nav("Audit log"))
    admin.choose(admin.drop_down("Event"), audit.name_of("release.rolled_back", scene.lang))
    admin.type(admin.field("Search"), form_id)
    admin.click(admin.button("Filter"))
    rows = page.locator("#audit tbody tr")
    assert rows.count() == 1 and form_id in rows.first.inner_text()
    with page.expect_download() as download:
        admin.click(admin.link("Export Excel"))
    exported = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    table = list(exported.active.iter_rows(values_only=True))
    assert len(table) == 2 and table[1][-1] == "release.rolled_back" and form_id in str(table[1][4])
    admin.done("audit-export")
