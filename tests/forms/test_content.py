"""Prefill sources, the Jinan address pickers, directories of forms and versioning."""

from __future__ import annotations

import json
from datetime import date

import yaml

from contract.forms import FormState, load_definition, load_directory
from contract.forms.address import district, districts, format_address
from contract.idnumber import JINAN_REGIONS, make_valid
from contract.settings import TerminalSettings
from kiosk.identity import CardType, Identity
from kiosk.prefill import prefill_values
from tests.forms.conftest import FORMS_DIR, TODAY


def test_prefill_values_from_identity_and_terminal():
    ident = Identity(
        card_type=CardType.RESIDENT,
        name="王建国",
        id_number=make_valid("37010219500101101"),
        sex="1",
        birth_date=date(1950, 1, 1),
        address="山东省济南市历下区示例路2号",
    )
    values = prefill_values(ident, TerminalSettings(), "zh_CN")
    assert values["card.name"] == "王建国"
    assert values["card.birth_date"] == "1950-01-01"
    assert values["card.sex"] == "1"
    assert values["terminal.community_name"] == "示例社区"
    assert "card.phone" not in values  # empty values are left out
    assert prefill_values(None, TerminalSettings(), "en_US") == {
        "terminal.community_name": "Sample Community",
        "terminal.centre_name": "Lixia Sample Community Service Centre",
        "terminal.district_code": "370102",
    }


def test_card_address_prefills_an_address_field(dibao, card):
    s = FormState(dibao, card, today=TODAY)
    assert s.value("address") == card["card.address"]
    assert s.field_error("address") is None
    assert s.display_value("address", "zh_CN") == "山东省济南市****"


def test_jinan_districts_and_streets():
    codes = [d.code for d in districts()]
    assert codes == [c for c in JINAN_REGIONS if c != "370100"]
    lixia = district("370102")
    assert lixia is not None and lixia.name == {"zh_CN": "历下区", "en_US": "Lixia District"}
    names = {s["zh_CN"]: s["en_US"] for s in lixia.streets}
    assert names["解放路街道"] == "Jiefanglu Subdistrict"
    value = {"district": "370102", "street": "解放路街道", "detail": "示例小区1号楼"}
    assert format_address(value, "zh_CN") == "济南市历下区解放路街道示例小区1号楼"
    assert format_address(value, "en_US") == "示例小区1号楼, Jiefanglu Subdistrict, Lixia District, Jinan"


def test_load_directory_reports_refused_files(tmp_path):
    good = json.loads((FORMS_DIR / "residence_certificate.json").read_text("utf-8"))
    (tmp_path / "good.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "copy.json").write_text(json.dumps(good), encoding="utf-8")
    bad = dict(good, version=0)
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored")
    forms, refused = load_directory(tmp_path)
    assert list(forms) == ["residence_certificate"]
    assert refused["bad.json"] == ["form: version must be a whole number from 1 upwards"]
    assert "already used" in refused["good.json"][0]  # copy.json sorts first and wins


def test_a_session_keeps_the_version_it_started_with(tmp_path, card):
    doc = json.loads((FORMS_DIR / "residence_certificate.json").read_text("utf-8"))
    path = tmp_path / "residence_certificate.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    v1 = load_definition(path)
    session = FormState(v1, card, today=TODAY)
    doc["version"] = 2
    doc["pages"][0]["fields"] = doc["pages"][0]["fields"][:2]
    path.write_text(json.dumps(doc), encoding="utf-8")
    v2 = load_definition(path)
    assert (v2.version, len(v2.pages[0].fields)) == (2, 2)
    assert session.definition.version == 1
    assert [f.id for f in session.visible_fields(0)] == ["name", "id_number", "sex", "phone"]


def _texts(node: object, skip: str = "") -> list[tuple[str, str]]:
    """Every (key, text) pair under ``node``, leaving out the subtrees named ``skip``."""
    if isinstance(node, dict):
        return [pair for k, v in node.items() if k != skip
                for pair in ([(k, v)] if isinstance(v, str) else _texts(v, skip))]
    if isinstance(node, list):
        return [pair for v in node for pair in _texts(v, skip)]
    return []


def test_labels_leave_the_optional_mark_to_the_screen():
    """The form screen adds "(optional)"/"（选填）" to a field that is not required; a label saying it too showed it twice."""
    for path in sorted(FORMS_DIR.glob("*.json")):
        labels = [text for key, text in _texts(json.loads(path.read_text("utf-8"))) if key in ("zh_CN", "en_US")]
        marked = [t for t in labels if any(m in t for m in ("optional", "可不填", "可不选", "选填"))]
        assert marked == [], path.name


def test_english_content_says_minimum_living_allowance_not_dibao():
    """English residents may not know the pinyin "dibao": it is only a gloss after the service's English name,
    and a search keyword (a resident may type it)."""
    catalog = yaml.safe_load((FORMS_DIR.parent / "catalog.yaml").read_text("utf-8"))
    forms = [json.loads(p.read_text("utf-8")) for p in sorted(FORMS_DIR.glob("*.json"))]
    english = [t for key, t in _texts([catalog, *forms], skip="keywords") if key == "en_US"]
    unglossed = [t for t in english if "dibao" in t.lower().replace("minimum living allowance (dibao)", "")]
    assert english and unglossed == []
