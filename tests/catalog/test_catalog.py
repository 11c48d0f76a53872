"""The sample catalog and notices: loading, completeness and pinyin search."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from contract.catalog import Catalog, CatalogError
from contract.forms import load_directory
from contract.notices import CATEGORIES, NoticeError, active, load_notices, parse_notices

CONTENT = Path(__file__).resolve().parents[2] / "assets" / "content"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(CONTENT)


def test_sample_catalog_is_marked_and_large_enough(catalog):
    assert catalog.sample
    assert len(catalog.services) >= 20
    assert len(catalog.categories) >= 5
    assert len(catalog.categories) <= 8  # house rules: at most 8 tiles
    for c in catalog.categories:
        assert catalog.services_in(c.id), c.id


def test_every_service_form_exists(catalog):
    forms, refused = load_directory(CONTENT / "forms")
    assert refused == {}
    for s in catalog.services:
        if s.form_id is not None:
            assert s.form_id in forms, s.id
            assert s.needs_receipt


@pytest.mark.parametrize(
    "query,expected",
    [
        ("jzzm", "residence_certificate"),
        ("居住证明", "residence_certificate"),
        ("juzhuzhengming", "residence_certificate"),
        ("ju zhu zheng ming", "residence_certificate"),
        ("JZZM", "residence_certificate"),
        ("高龄", "elderly_allowance"),
        ("gljt", "elderly_allowance"),
        ("dibao", "minimum_living_allowance"),
        ("old age", "elderly_allowance"),
        ("unemployment", "unemployment_registration"),
        ("Residence certificate", "residence_certificate"),
        ("lsjz", "temporary_assistance"),
    ],
)
def test_search_finds_first(catalog, query, expected):
    found = catalog.search(query, "zh_CN")
    assert found and found[0].id == expected, [s.id for s in found]


def test_search_without_match_or_query(catalog):
    assert catalog.search("", "zh_CN") == []
    assert catalog.search("xyzzyq", "en_US") == []
    assert catalog.search("火星", "zh_CN") == []


def test_bad_catalog_is_refused_with_reasons():
    doc = {
        "categories": [{"id": "a", "name": {"zh_CN": "甲", "en_US": "A"}}],
        "services": [{"id": "s", "category": "b", "name": {"zh_CN": "服务"}, "summary": {}, "guide": {}}],
    }
    with pytest.raises(CatalogError) as err:
        Catalog.from_dict(doc)
    text = str(err.value)
    assert "category 'b' is not defined" in text and "name needs zh_CN and en_US" in text


def test_notices_cover_all_categories_and_expire():
    notices = load_notices(CONTENT)
    assert {n.category for n in notices} == set(CATEGORIES)
    today = active(notices, date(2026, 11, 26))
    assert today and all(n.valid_from <= date(2026, 11, 26) <= n.valid_to for n in today)
    assert "activity-2026-10-volunteers" not in {n.id for n in today}
    assert today == sorted(today, key=lambda n: (n.published, n.id), reverse=True)


def test_bad_notice_is_refused():
    with pytest.raises(NoticeError, match="category must be one of"):
        parse_notices([{"id": "x", "category": "gossip", "title": {}, "body": {}, "valid_from": "2026-01-01", "valid_to": "2026-01-02"}])


def test_catalog_loads_from_a_json_file_too(tmp_path):
    doc = yaml.safe_load((CONTENT / "catalog.yaml").read_text("utf-8"))
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    from_json = Catalog.load(path)
    assert [s.id for s in from_json.services] == [s.id for s in Catalog.load(CONTENT).services]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(CatalogError, match="no catalog.yaml"):
        Catalog.load(empty)


def test_guides_are_complete_in_both_languages(catalog):
    for s in catalog.services:
        g = s.guide
        assert g.materials, s.id
        for text in (s.name, s.summary, g.who, g.where, g.hours, g.time_limit, g.fee, g.legal_basis, *(m.name for m in g.materials)):
            assert text["zh_CN"].strip() and text["en_US"].strip(), s.id


def test_notices_file_is_marked_sample():
    assert yaml.safe_load((CONTENT / "notices.yaml").read_text("utf-8"))["sample"] is True
    assert (CONTENT / "catalog.yaml").read_text("utf-8").startswith("# SAMPLE DATA")
