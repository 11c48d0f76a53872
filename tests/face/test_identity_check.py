"""The catalog's ``identity_check`` and the no-photo fallback setting (issue 18, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from contract.catalog import Catalog, CatalogError
from contract.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "assets" / "content"


def _doc() -> dict:
    return yaml.safe_load((CONTENT / "catalog.yaml").read_text("utf-8"))


def test_certificates_and_money_services_check_the_face_by_default():
    catalog = Catalog.load(CONTENT)
    checked = {s.id for s in catalog.services if s.identity_check == "face"}
    assert "residence_certificate" in checked  # a certificate: face by default, not written in the catalog
    assert {"minimum_living_allowance", "temporary_assistance", "elderly_allowance"} <= checked  # money
    assert catalog.service("no_criminal_record_guide").identity_check == "none"  # a guide, no certificate


def test_a_catalog_can_turn_the_check_off_for_a_certificate():
    doc = _doc()
    cert = next(s for s in doc["services"] if s["id"] == "residence_certificate")
    cert["identity_check"] = "none"
    assert Catalog.from_dict(doc).service("residence_certificate").identity_check == "none"


def test_an_unknown_identity_check_is_refused_and_the_schema_agrees():
    doc = _doc()
    doc["services"][0]["identity_check"] = "fingerprint"
    with pytest.raises(CatalogError, match="identity_check must be one of face, none"):
        Catalog.from_dict(doc)
    schema = json.loads((ROOT / "assets" / "schemas" / "catalog.schema.json").read_text("utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
    doc["services"][0]["identity_check"] = "face"
    jsonschema.validate(doc, schema)


def test_the_no_photo_fallback_is_staff_or_refuse():
    assert Settings().face.no_photo == "staff"
    assert Settings.model_validate({"face": {"no_photo": "refuse"}}).face.no_photo == "refuse"
    with pytest.raises(ValueError):
        Settings.model_validate({"face": {"no_photo": "ignore"}})
