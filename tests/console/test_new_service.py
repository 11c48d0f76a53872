"""Issue 23, item 3: one "new service" flow sets up the directory entry and its guide as fields, starting
from a form; the list page says what still has to be published; a form a live service uses is not
withdrawn from under it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import yaml

from hub.console import i18n
from hub.console.pages_entries import ENTRY_FIELDS
from tests.console.conftest import ConsoleHub, SignedIn

REPO = Path(__file__).resolve().parents[2]
FORM_ID = "parking_service"
GUIDE = {
    "guide.who.zh_CN": "本社区有车的居民", "guide.who.en_US": "Residents of this community who own a car",
    "guide.where.zh_CN": "社区党群服务中心一楼", "guide.where.en_US": "Community centre, ground floor",
    "guide.hours.zh_CN": "工作日 9:00-17:00", "guide.hours.en_US": "Weekdays 9:00-17:00",
    "guide.time_limit.zh_CN": "5个工作日", "guide.time_limit.en_US": "5 working days",
    "guide.fee.zh_CN": "免费", "guide.fee.en_US": "Free",
    "guide.legal_basis.zh_CN": "《济南市停车管理办法》", "guide.legal_basis.en_US": "Jinan parking rules",
}


def test_every_entry_label_has_its_chinese() -> None:
    words = {f.label for fields in ENTRY_FIELDS.values() for f in fields}
    words |= {f.section for fields in ENTRY_FIELDS.values() for f in fields if f.section}
    assert sorted(w for w in words if w not in i18n.ZH) == []


def _text(response) -> str:  # noqa: ANN001 - an httpx response
    return html.unescape(response.text)


def _publish(admin: SignedIn, kind: str, content_id: str, version: int) -> None:
    done = admin.post(f"/console/releases/new/{kind}/{content_id}",
                      {"version": str(version), "target_kind": "all", "rollout": "100", "confirm": "1"})
    assert done.status_code == 303, done.text


def test_a_new_service_from_a_form_with_its_guide(console_hub: ConsoleHub, login) -> None:
    admin = login("admin")
    catalog = admin.post("/console/content/catalog",
                         {"text": (REPO / "assets/content/catalog.yaml").read_text("utf-8"), "action": "save"})
    assert catalog.status_code == 303, catalog.text
    definition = json.loads((REPO / "assets/content/forms/residence_certificate.json").read_text("utf-8"))
    definition.update(id=FORM_ID, version=1, title={"zh_CN": "居民停车许可申请", "en_US": "Resident parking permit"})
    files = {"file": ("p.json", json.dumps(definition, ensure_ascii=False).encode(), "application/json")}
    assert admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files).status_code == 303

    form_page = _text(admin.get(f"/console/forms/{FORM_ID}"))
    assert "服务目录中还没有服务使用这个表单" in form_page
    assert f'href="/console/content/catalog/entry?form={FORM_ID}"' in form_page
    start = _text(admin.get(f"/console/content/catalog/entry?form={FORM_ID}"))
    assert f'<option value="{FORM_ID}" selected>居民停车许可申请 ({FORM_ID})</option>' in start
    assert '<option value="certificates" >证明开具</option>' in start  # categories by their names
    assert 'value="居民停车许可申请"' in start and "所需材料（每行一项）（中文）" in start

    entry = {"original": "", "id": FORM_ID, "category": "residence", "form_id": FORM_ID,
             "name.zh_CN": "居民停车许可", "name.en_US": "Resident parking permit",
             "summary.zh_CN": "为本社区居民办理小区停车许可。", "summary.en_US": "A parking permit for residents.",
             "needs_receipt": "on", **GUIDE,
             "guide.materials.zh_CN": "身份证\n行驶证\n户口本", "guide.materials.en_US": "ID card\nVehicle licence"}
    uneven = admin.post("/console/content/catalog/entry", entry)
    assert uneven.status_code == 422 and "英文的行数要和中文一样" in _text(uneven)
    entry["guide.materials.en_US"] = "ID card\nVehicle licence\nHousehold register"
    saved = admin.post("/console/content/catalog/entry", entry)
    assert saved.status_code == 303, _text(saved)[-2000:]
    assert saved.headers["location"].endswith(f"&service={FORM_ID}")
    listed = _text(admin.get(saved.headers["location"]))
    assert 'id="service-next"' in listed and "尚未发布" in listed

    stored = yaml.safe_load(re.search(r'<textarea[^>]*id="content-text"[^>]*>(.*?)</textarea>', listed, re.S)[1])
    service = next(s for s in stored["services"] if s["id"] == FORM_ID)
    assert service["guide"]["materials"][2] == {"zh_CN": "户口本", "en_US": "Household register"}
    assert service["guide"]["fee"] == {"zh_CN": "免费", "en_US": "Free"} and service["form_id"] == FORM_ID
    assert "服务目录中还没有服务使用这个表单" not in _text(admin.get(f"/console/forms/{FORM_ID}"))

    # published, both: the last form release cannot be withdrawn from under the live service
    _publish(admin, "form", FORM_ID, 1)
    catalog_version = int(saved.headers["location"].split("saved=")[1].split("&")[0])
    _publish(admin, "catalog", "catalog", catalog_version)
    refused = admin.post(f"/console/rollback/form/{FORM_ID}")
    assert refused.status_code == 409
    assert "线上的服务目录仍在提供此表单：居民停车许可 (parking_service)" in _text(refused)
    assert 'data-state="active"' in _text(admin.get(f"/console/forms/{FORM_ID}"))
    # ... or both go, together: the directory without the service to the same terminals, then the form
    both = admin.post(f"/console/rollback/form/{FORM_ID}", {"with_services": "1"})
    assert both.status_code == 303, _text(both)[-2000:]
    flash = _text(admin.get(both.headers["location"]))
    assert "已一并撤下" in flash and "居民停车许可 (parking_service)" in flash and 'data-state="rolled_back"' in flash
    catalog = _text(admin.get("/console/content/catalog"))
    live = yaml.safe_load(re.search(r'<textarea[^>]*id="content-text"[^>]*>(.*?)</textarea>', catalog, re.S)[1])
    assert FORM_ID not in {s.get("form_id") for s in live["services"]}
    assert f"第 {catalog_version + 1} 版" in flash
