"""A case's photographed pages in the console (issue 19): staff of the case's community open each page as the
terminal took it, byte for byte, each view audited and never cached; others cannot; a relabelled or mislabelled
page is refused; asking for a retake names the material and reaches the terminal's status feed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from sqlalchemy import select

from contract.pages import EncodedPage, PageRef
from hub.case_pages import PageInfo
from hub.console import materials
from hub.db import make_engine, make_sessionmaker
from hub.models import AuditEntry
from hub.testing import SimTerminal, make_enroll_token, publish
from tests.console.browsing import BROWSER_ERRORS, LAPTOP, both_languages, browser_sign_in, shot
from tests.console.conftest import COMMUNITY, DISTRICT, ConsoleHub, SignedIn
from tests.hub.conftest import REPO
from tests.hub.page_items import A4_200DPI, encoded_page, item_of, sealed

ID_CARD = encoded_page(11, A4_200DPI)  # a full A4 page at 200 dpi, as the terminal's pipeline leaves it
ID_CARD_2 = encoded_page(12, 800, "bw")  # a black-and-white page: a 1-bit PNG
LEASE = encoded_page(13, 900)
CATALOG = REPO / "assets/content/catalog.yaml"
MATERIAL_IDS = ("id_card", "property_or_lease")  # the sample service's two materials, as the catalog names them


@dataclass
class Filed:
    sim: SimTerminal
    submission_id: str
    pages: dict[tuple[str, int], str]  # item id by (material, number)

    def path(self, material: str, number: int, image: bool = False) -> str:
        base = f"/console/cases/{self.submission_id}/pages/{self.pages[material, number]}"
        return base + "/image" if image else base


Label = tuple[str, int]  # (material, number)


def _file_case(hub: ConsoleHub, http: httpx.Client, pages: list[tuple[Label, Label, EncodedPage]]) -> Filed:
    """A case from a terminal of the staff's community with its pages: (sealed as, sent as, page) each."""
    sim = SimTerminal(http, hostname="doccam")
    sim.enroll(make_enroll_token(hub.base_url, hub.tokens["admin"], COMMUNITY, DISTRICT))
    sub = sim.submission_item(700, service_id="residence_certificate", form_id="residence_certificate")
    sid = sub["body"]["submission_id"]
    items = [item_of(sim, sealed(sim, PageRef(sid, *sealed_as), page), material=material, number=number)
             | {"id": PageRef(sid, material, number).item_id}
             for sealed_as, (material, number), page in pages]
    for item in [sub, *items]:  # one page per request, as the terminal's outbox sends them
        result = sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]
        assert result["status"] == "accepted", result
    return Filed(sim, sid, {(i["body"]["material"], i["body"]["number"]): i["id"] for i in items})


def _catalog_with_material_ids() -> dict[str, Any]:
    """The sample catalog, its residence certificate's materials given ids (what the capture steps are named by)."""
    catalog = yaml.safe_load(CATALOG.read_text("utf-8"))
    [service] = [s for s in catalog["services"] if s["id"] == "residence_certificate"]
    for material, material_id in zip(service["guide"]["materials"], MATERIAL_IDS, strict=True):
        material["id"] = material_id
    return dict(catalog)


@pytest.fixture(scope="module")
def filed(console_hub: ConsoleHub) -> Iterator[Filed]:
    publish(console_hub.base_url, console_hub.tokens["admin"], "catalog", _catalog_with_material_ids())
    with httpx.Client(base_url=console_hub.base_url, timeout=60) as http:
        yield _file_case(console_hub, http, [(label, label, page) for label, page in (
            (("id_card", 1), ID_CARD), (("id_card", 2), ID_CARD_2), (("property_or_lease", 1), LEASE))])


@pytest.fixture(scope="module")
def mislabelled(console_hub: ConsoleHub) -> Iterator[Filed]:
    """A page sealed as page 3 but labelled page 4, and a "PNG" that is a web page."""
    html = EncodedPage(b"<html><script>alert(1)</script></html>", "image/png", 10, 10, 0)
    with httpx.Client(base_url=console_hub.base_url, timeout=60) as http:
        yield _file_case(console_hub, http, [(("hukou", 3), ("hukou", 4), encoded_page(14)),
                                             (("lease", 2), ("lease", 2), html)])


def _views(hub: ConsoleHub, submission_id: str) -> list[dict[str, Any]]:
    engine = make_engine(hub.db_url)
    try:
        with make_sessionmaker(engine)() as db:
            return [dict(e.detail) for e in db.scalars(select(AuditEntry).where(
                AuditEntry.action == "case.page_viewed", AuditEntry.target == submission_id).order_by(AuditEntry.id))]
    finally:
        engine.dispose()


def test_staff_see_each_page_as_taken_with_one_audit_entry_per_view(
        login: Any, console_hub: ConsoleHub, filed: Filed) -> None:
    staff: SignedIn = login("staff")
    case = staff.get(f"/console/cases/{filed.submission_id}")
    assert case.status_code == 200 and 'id="material-pages"' in case.text
    assert filed.path("id_card", 1) in case.text and filed.path("property_or_lease", 1) in case.text
    before = len(_views(console_hub, filed.submission_id))
    taken = ((("id_card", 1), ID_CARD), (("id_card", 2), ID_CARD_2), (("property_or_lease", 1), LEASE))
    for (material, number), page in taken:
        viewer = staff.get(filed.path(material, number))
        assert viewer.status_code == 200 and filed.path(material, number, image=True) in viewer.text
        image = staff.get(filed.path(material, number, image=True))
        assert image.status_code == 200 and image.content == page.data
        assert image.headers["content-type"] == page.mime and "no-store" in image.headers["cache-control"]
    staff.get(filed.path("id_card", 1, image=True))  # looking again is another view
    views = _views(console_hub, filed.submission_id)[before:]
    assert [(v["material"], v["number"]) for v in views] == [label for label, _page in taken] + [("id_card", 1)]
    assert all(set(v) == {"material", "number", "tracking_number"} for v in views)
    log = login("admin").get("/console/audit?action=case.page_viewed").text  # the admin reads who looked at what
    assert "查看申请材料照片" in log and "材料: id_card" in log and "王芳" in log


def test_only_staff_of_the_community_open_pages(login: Any, console_hub: ConsoleHub, filed: Filed) -> None:
    admin: SignedIn = login("admin")
    listed = admin.get(f"/console/cases/{filed.submission_id}")
    assert listed.status_code == 200 and 'data-material="id_card"' in listed.text
    assert filed.path("id_card", 1) not in listed.text  # admins see which pages came, not what they show
    before = len(_views(console_hub, filed.submission_id))
    for role, status in (("admin", 403), ("viewer", 403), ("other_staff", 404)):
        who: SignedIn = login(role)
        assert who.get(filed.path("id_card", 1, image=True)).status_code == status, role
        assert who.get(filed.path("id_card", 1)).status_code == status, role
    assert login("staff").get(f"/console/cases/{filed.submission_id}/pages/pg-nope/image").status_code == 404
    assert len(_views(console_hub, filed.submission_id)) == before


def test_a_relabelled_or_mislabelled_page_is_never_shown(login: Any, console_hub: ConsoleHub,
                                                          mislabelled: Filed) -> None:
    staff: SignedIn = login("staff")
    relabelled = staff.get(mislabelled.path("hukou", 4, image=True))
    assert relabelled.status_code == 409 and "labels" in relabelled.text
    not_an_image = staff.get(mislabelled.path("lease", 2, image=True))
    assert not_an_image.status_code == 409 and not_an_image.headers["content-type"].startswith("text/plain")
    assert b"<script>" not in not_an_image.content
    assert _views(console_hub, mislabelled.submission_id) == []


def test_materials_are_named_and_ordered_by_the_catalog() -> None:
    service = {"guide": {"materials": [{"id": "lease", "zh_CN": "租赁合同", "en_US": "Tenancy contract"},
                                       {"id": "hukou", "name": {"zh_CN": "户口簿", "en_US": "Household register"}},
                                       {"zh_CN": "其他（无编号，不拍照）"}]}}
    pages = [PageInfo("a", "hukou", 2, 1), PageInfo("b", "zz_old", 1, 1), PageInfo("c", "hukou", 1, 1),
             PageInfo("d", "lease", 1, 1)]
    shown = materials.materials_of(pages, service, "en_US", ["hukou"])
    assert [(m.id, m.name, [p.number for p in m.pages], m.retake) for m in shown] == [
        ("lease", "Tenancy contract", [1], False), ("hukou", "Household register", [1, 2], True),
        ("zz_old", "zz_old", [1], False)]
    assert materials.names_of(None, "zh_CN") == {} and materials.names_of({"guide": {"materials": "x"}}, "zh_CN") == {}


@pytest.mark.browser
def test_staff_view_the_pages_and_ask_for_a_retake_in_the_browser(
        browser: Any, console_hub: ConsoleHub, filed: Filed, artifacts: Path) -> None:
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    page = browser_sign_in(browser, console_hub, "staff", LAPTOP)
    page.goto(f"/console/lang?to=zh_CN&next=/console/cases/{filed.submission_id}")
    assert page.locator("#material-pages tr").count() == 2
    both_languages(page, out, "case-materials")
    with page.expect_response(lambda r: r.url.endswith(filed.path("id_card", 1, image=True))) as loaded:
        page.locator(f'#material-pages a[href="{filed.path("id_card", 1)}"]').click()
    assert loaded.value.body() == ID_CARD.data  # what the browser drew is what the terminal took
    page.wait_for_function("document.querySelector('#page-image').complete")
    assert page.evaluate("document.querySelector('#page-image').naturalWidth") == ID_CARD.width
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= LAPTOP["width"]
    shot(page, out, "case-page-viewer-zh_CN")
    with page.expect_response(lambda r: r.url.endswith(filed.path("id_card", 2, image=True))) as loaded:
        page.click("#next-page")
    assert loaded.value.body() == ID_CARD_2.data
    page.fill("#retake-note", "第2页太暗，请重新拍摄户口簿")
    page.click("#ask-retake")
    page.wait_for_url(f"**/console/cases/{filed.submission_id}?changed=needs_retake")
    assert page.locator("#case-status").inner_text() == "需重新拍摄材料"
    assert "申请人身份证原件" in page.locator("#retake-requested").inner_text()
    assert page.locator('#material-pages tr[data-material="id_card"] .badge.warn').count() == 1
    both_languages(page, out, "case-materials-retake")
    statuses = filed.sim.signed("GET", "/api/v1/statuses").json()["statuses"]
    [ours] = [s for s in statuses if s["submission_id"] == filed.submission_id]
    assert ours["status"] == "needs_retake" and ours["retake_materials"] == ["id_card"]
    # the case page's own form: the materials to retake appear with that status, the one asked already ticked
    assert page.locator("fieldset.retake-fields").is_hidden()
    page.select_option("#new-status", "needs_retake")
    assert page.locator("fieldset.retake-fields").is_visible()
    assert page.locator('fieldset.retake-fields input[value="id_card"]').is_checked()
    page.check('fieldset.retake-fields input[value="property_or_lease"]')
    shot(page, out, "case-retake-form-zh_CN")
    page.click("#save-status")
    page.wait_for_url(f"**/console/cases/{filed.submission_id}?changed=needs_retake")
    statuses = filed.sim.signed("GET", "/api/v1/statuses").json()["statuses"]
    [ours] = [s for s in statuses if s["submission_id"] == filed.submission_id]
    assert ours["retake_materials"] == ["id_card", "property_or_lease"]
    page.context.close()
    admin = browser_sign_in(browser, console_hub, "admin")
    admin.goto(f"/console/lang?to=zh_CN&next=/console/cases/{filed.submission_id}")
    assert admin.locator("#material-pages a").count() == 0 and admin.locator("#material-pages .badge").count() >= 3
    shot(admin, out, "case-materials-admin-zh_CN")
    admin.context.close()
    assert BROWSER_ERRORS == []
