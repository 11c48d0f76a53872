"""A guide's materials: photographed ones carry an id and whether they are required; plain texts still load."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from contract.catalog import Catalog, CatalogError, Material

CONTENT = Path(__file__).resolve().parents[2] / "assets" / "content"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return yaml.safe_load((CONTENT / "catalog.yaml").read_text("utf-8"))


def _with_materials(doc: dict[str, Any], materials: list[Any]) -> dict[str, Any]:
    d = copy.deepcopy(doc)
    d["services"][0]["guide"]["materials"] = materials
    return d


def test_shipped_services_with_a_form_have_papers_to_photograph(doc: dict[str, Any]) -> None:
    catalog = Catalog.from_dict(doc)
    for s in catalog.services:
        if s.form_id:
            assert any(m.capturable for m in s.guide.materials), s.id
    residence = catalog.service("residence_certificate").guide.materials
    assert residence[0] == Material({"zh_CN": "申请人身份证原件", "en_US": "Applicant's ID card (original)"})
    assert not residence[0].capturable  # the reader read the ID card: nothing to photograph
    assert (residence[1].id, residence[1].required) == ("residence_proof", True)
    optional = [m for m in catalog.service("minimum_living_allowance").guide.materials if not m.required]
    assert [m.id for m in optional] == ["illness_disability_proof"]


def test_old_plain_text_materials_still_load(doc: dict[str, Any]) -> None:
    plain = {"zh_CN": "户口簿", "en_US": "Household register"}
    catalog = Catalog.from_dict(_with_materials(doc, [plain]))
    (m,) = catalog.services[0].guide.materials
    assert m == Material(plain) and m.id is None and not m.capturable


def test_required_defaults_to_true(doc: dict[str, Any]) -> None:
    entry = {"id": "hukou", "name": {"zh_CN": "户口簿", "en_US": "Household register"}}
    (m,) = Catalog.from_dict(_with_materials(doc, [entry])).services[0].guide.materials
    assert (m.id, m.required, m.capturable) == ("hukou", True, True)


@pytest.mark.parametrize(("entry", "reason"), [
    ({"id": "Bad Id", "name": {"zh_CN": "甲", "en_US": "A"}}, "needs an id"),
    ({"name": {"zh_CN": "甲", "en_US": "A"}}, "needs an id"),
    ({"id": "a", "name": {"zh_CN": "甲"}}, "name needs zh_CN and en_US"),
    ({"id": "a", "required": "yes", "name": {"zh_CN": "甲", "en_US": "A"}}, "required must be true or false"),
    ({"id": "a", "colour": 1, "name": {"zh_CN": "甲", "en_US": "A"}}, "unknown keys"),
])
def test_bad_material_entries_are_refused_with_the_reason(doc: dict[str, Any], entry: dict[str, Any],
                                                          reason: str) -> None:
    with pytest.raises(CatalogError, match=reason):
        Catalog.from_dict(_with_materials(doc, [entry]))


def test_material_ids_are_unique_in_a_service_and_the_list_is_bounded(doc: dict[str, Any]) -> None:
    entry = {"id": "a", "name": {"zh_CN": "甲", "en_US": "A"}}
    with pytest.raises(CatalogError, match="repeats the id 'a'"):
        Catalog.from_dict(_with_materials(doc, [entry, entry]))
    with pytest.raises(CatalogError, match="at most 20"):
        Catalog.from_dict(_with_materials(doc, [{"zh_CN": "甲", "en_US": "A"}] * 21))
