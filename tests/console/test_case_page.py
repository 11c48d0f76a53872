"""The case page reads like the resident's form (issue 23, item 4): form order, labels, plain words, a signature
picture, and a page no wider than the screen, for every sample form that takes a signature."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import httpx
import pytest

from contract.forms import Field, FormDefinition
from contract.forms.address import districts
from contract.lang import tr
from hub.console import case_view
from hub.testing import SimTerminal, make_enroll_token
from tests.console.browsing import BROWSER_ERRORS, LAPTOP, both_languages, browser_sign_in
from tests.console.conftest import DISTRICT, OTHER_COMMUNITY, ConsoleHub, sign_in

FORMS = Path(__file__).resolve().parents[2] / "assets/content/forms"
SIGNED_FORMS = sorted(p for p in FORMS.glob("*.json") if '"signature"' in p.read_text("utf-8"))
# a signature as the terminal sends it: strokes, and its own PNG (a long base64 text the page must not print)
SIGNATURE = {"paths": [[[40, 150], [90, 60], [140, 150]], [[180, 100], [260, 100], [330, 40], [420, 160]]],
             "png_b64": base64.b64encode(b"\x89PNG" + bytes(range(256)) * 60).decode("ascii"),
             "width": 600, "height": 200}
IDENTITY = {"card_type": "resident", "name": "张三", "id_number": "370102198001011234", "sex": "2",
            "nation": "汉", "birth_date": "1980-01-01", "address": "济南市历下区某路1号", "issuer": "济南市公安局历下分局",
            "valid_from": "2020-01-01", "valid_to": "2040-01-01", "phone": "", "checksum_ok": True, "expired": False,
            "extra": {}}


def _answer(f: Field) -> Any:
    """A plausible answer of the field's type (None: a question the page does not list)."""
    if f.type in ("note", "calculate"):
        return None
    if f.is_choice:
        first = f.choices[0].value
        return [first] if f.type == "multiple_choice" else first
    district = districts()[0]
    return {"signature": SIGNATURE, "yes_no": True, "consent": True, "number": "3", "date": "2026-11-01",
            "id_number": "370102198001011234", "phone": "13912345678",
            "address": {"district": district.code, "street": district.streets[0]["zh_CN"], "detail": "1号楼"},
            }.get(f.type, "申请理由写得很长" * 40 if f.type == "long_text" else "张三")


def _answers(definition: FormDefinition) -> dict[str, Any]:
    made = {f.id: _answer(f) for f in definition.fields}
    return {k: v for k, v in reversed(made.items()) if v is not None}  # stored out of order on purpose


def test_answers_follow_the_form_with_labels_and_choices_in_words() -> None:
    definition = FormDefinition.from_dict(json.loads(SIGNED_FORMS[0].read_text("utf-8")))
    rows = case_view.answer_rows(definition, {**_answers(definition), "zz_extra": "x"}, "zh_CN")
    expected = [f.id for f in definition.fields if _answer(f) is not None]
    assert [r.id for r in rows] == [*expected, "zz_extra"]
    choice = next(f for f in definition.fields if f.is_choice)
    assert next(r for r in rows if r.id == choice.id).value.startswith(tr(choice.choices[0].label, "zh_CN"))
    signature = next(r for r in rows if r.id == "signature")
    assert signature.value == "已签名" and "png_b64" not in signature.value and signature.image
    svg = ET.fromstring(base64.b64decode(signature.image.split(",", 1)[1]))
    assert len(svg.findall("{http://www.w3.org/2000/svg}g/{http://www.w3.org/2000/svg}polyline")) == 2


def test_identity_is_in_plain_words_in_both_languages() -> None:
    zh = {r.label: r.value for r in case_view.identity_rows(IDENTITY, "zh_CN")}
    assert zh["证件类型"] == "居民身份证" and zh["性别"] == "女" and zh["有效期至"] == "2040年1月1日"
    assert zh["证件号码校验"] == "正确" and "证件已过期" not in zh
    en = {r.label: r.value for r in case_view.identity_rows({**IDENTITY, "valid_to": "long_term", "sex": "1"},
                                                           "en_US")}
    assert en["Card type"] == "Resident ID card" and en["Sex"] == "Male" and en["Valid until"] == "Long-term"
    assert not {"card_type", "checksum_ok", "valid_to", "extra"} & set(en)


def test_a_signature_without_strokes_draws_nothing_and_odd_points_are_skipped() -> None:
    assert case_view.signature_image({"paths": []}) is None
    assert case_view.signature_image({"paths": [[["a", 1], [True, 2]]]}) is None
    image = case_view.signature_image({"paths": [[[1, 2], "x", [3, 4]]]})
    assert image is not None and b'points="1,2 3,4"' in base64.b64decode(image.split(",", 1)[1])


@pytest.fixture(scope="module")
def signed_cases(console_hub: ConsoleHub) -> list[tuple[str, FormDefinition]]:
    """Each signed sample form uploaded to the hub, and one case of it from a terminal of the other community."""
    made = []
    with console_hub.client() as console, httpx.Client(base_url=console_hub.base_url, timeout=30) as http:
        admin = sign_in(console, console_hub.tokens["admin"])
        sim = SimTerminal(http, hostname="case-page")
        sim.enroll(make_enroll_token(console_hub.base_url, console_hub.tokens["admin"], OTHER_COMMUNITY, DISTRICT))
        for n, path in enumerate(SIGNED_FORMS):
            definition = FormDefinition.from_dict(json.loads(path.read_text("utf-8")))
            files = {"file": (path.name, path.read_bytes(), "application/json")}
            stored = admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files)
            assert stored.status_code in (303, 200), stored.text
            item = sim.submission_item(500 + n, service_id=definition.id, form_id=definition.id,
                                       form_version=definition.version, answers=_answers(definition),
                                       identity=IDENTITY)
            result = sim.signed("POST", "/api/v1/outbox", {"items": [item]}).json()["results"][0]
            assert result["status"] == "accepted", result
            made.append((item["body"]["submission_id"], definition))
    return made


@pytest.mark.browser
def test_every_signed_sample_form_reads_in_order_within_the_screen(
        browser: Any, console_hub: ConsoleHub, signed_cases: list[tuple[str, FormDefinition]],
        artifacts: Path) -> None:
    assert len(SIGNED_FORMS) >= 2
    out = artifacts / "console"
    out.mkdir(parents=True, exist_ok=True)
    page = browser_sign_in(browser, console_hub, "other_staff")
    for submission_id, definition in signed_cases:
        answers = _answers(definition)
        for lang in ("zh_CN", "en_US"):
            page.goto(f"/console/lang?to={lang}&next=/console/cases/{submission_id}")
            labels = page.locator("#answers th").all_inner_texts()
            assert labels == [tr(f.label, lang) or f.id for f in definition.fields if f.id in answers], lang
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= LAPTOP["width"], (definition.id, lang, width)
            signature = page.locator("#answers img.signature")
            assert signature.count() == 1
            assert page.evaluate("document.querySelector('#answers img.signature').naturalWidth") > 0
            assert "png_b64" not in page.locator("#payload").inner_text()
            identity = page.locator("#identity").inner_text()
            assert ("证件类型" in identity and "女" in identity) if lang == "zh_CN" else \
                ("Card type" in identity and "Female" in identity)
            assert "checksum_ok" not in identity and "card_type" not in identity
        page.goto("/console/lang?to=zh_CN&next=/console/cases/" + submission_id)
        both_languages(page, out, f"case-{definition.id}")
    page.context.close()
    assert BROWSER_ERRORS == []
