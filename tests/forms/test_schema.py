"""The JSON Schemas in assets/schemas accept the samples and refuse what the validator refuses structurally."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from tests.forms.conftest import FORMS_DIR, minimal

SCHEMAS = Path(__file__).resolve().parents[2] / "assets" / "schemas"
CONTENT = FORMS_DIR.parent


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted(FORMS_DIR.glob("*.json")), ids=lambda p: p.stem)
def test_sample_forms_match_the_schema(path):
    assert list(validator("form").iter_errors(json.loads(path.read_text("utf-8")))) == []


def test_catalog_and_notices_match_their_schemas():
    for name in ("catalog", "notices"):
        doc = yaml.safe_load((CONTENT / f"{name}.yaml").read_text("utf-8"))
        assert list(validator(name).iter_errors(doc)) == []


@pytest.mark.parametrize(
    "field",
    [
        {"type": "dropdown"},
        {"type": "single_choice"},
        {"type": "consent"},
        {"label": {"zh_CN": "只有中文"}},
        {"colour": "red"},
        {"type": "note", "required": True},
        {"min": 3},
        {"type": "date", "min": "yesterday"},
    ],
)
def test_schema_refuses_structural_mistakes(field):
    assert list(validator("form").iter_errors(minimal(**field)))
