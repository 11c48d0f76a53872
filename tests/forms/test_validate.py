"""validate_definition: every sample is valid, and bad or hostile definitions are refused with reasons."""

from __future__ import annotations

import copy
import json

import pytest
import yaml

from contract.forms import FormDefinition, FormError, limits, load_definition, validate_definition
from contract.forms.loading import read_document
from tests.forms.conftest import FORMS_DIR, minimal


def sample_docs():
    return sorted(FORMS_DIR.glob("*.json"))


@pytest.mark.parametrize("path", sample_docs(), ids=lambda p: p.stem)
def test_samples_are_valid_and_round_trip(path):
    doc = read_document(path)
    assert validate_definition(doc) == []
    d = load_definition(path)
    assert d.sample is True
    again = d.to_dict()
    assert validate_definition(again) == []
    assert FormDefinition.from_dict(again).to_dict() == again


def test_at_least_five_sample_forms_with_conditions_and_signature():
    forms = [load_definition(p) for p in sample_docs()]
    assert len(forms) >= 5
    assert any(f.relevant for d in forms for f in d.fields)
    assert any(f.type == "signature" for d in forms for f in d.fields)


def reasons_for(**field) -> list[str]:
    return validate_definition(minimal(**field))


@pytest.mark.parametrize(
    "field,fragment",
    [
        ({"type": "dropdown"}, "type 'dropdown' is not one of"),
        ({"label": {"zh_CN": "只有中文"}}, "label is missing en_US"),
        ({"label": "plain"}, "label must be an object of languages"),
        ({"id": "Bad-Id"}, "must start with a lowercase letter"),
        ({"type": "single_choice"}, "needs a non-empty list of choices"),
        ({"choices": [{"value": "a", "label": {"zh_CN": "甲", "en_US": "A"}}]}, "choices are only allowed"),
        ({"type": "consent"}, "policy is missing"),
        ({"prefill": "card.photo"}, "prefill 'card.photo' is not one of"),
        ({"keypad": "qwerty"}, "keypad must be one of"),
        ({"type": "number", "min": 5, "max": 1}, "min is greater than max"),
        ({"type": "date", "min": "yesterday"}, "min must be a date"),
        ({"min": 1}, "min/max are only allowed on number and date"),
        ({"min_length": 5, "max_length": 2}, "min_length is greater than max_length"),
        ({"pattern": "("}, "not a valid regular expression"),
        ({"pattern": "(a+)+$"}, "can freeze the screen"),
        ({"pattern": "(\\w*\\s?)*x"}, "can freeze the screen"),
        ({"pattern": "(ab|a)*c"}, "can freeze the screen"),
        ({"pattern": "\\d*\\d*\\d*\\d*x"}, "more than 3 open-ended repeats"),
        ({"pattern": "(a)\\1"}, "back-references"),
        ({"pattern": "[^@]+@[^@]+\\.[a-z]{2,}"}, None),
        ({"pattern": "(\\d|-)+"}, None),
        ({"pattern": "(\\w{1,10}\\s?){1,10}x"}, "can freeze the screen"),
        ({"pattern": "(\\d{3}-){2}\\d{4}"}, None),
        ({"pattern": "(\\d{1,3}\\.){3}\\d{1,3}"}, None),
        ({"pattern": "(a?){30}a{30}"}, "can freeze the screen"),
        ({"type": "long_text", "pattern": "[a-z ]*"}, "needs max_length of at most 500"),
        ({"type": "long_text", "pattern": "[a-z ]*", "max_length": 500}, None),
        ({"relevant": "${nowhere} = 1"}, "unknown field ${nowhere}"),
        ({"relevant": "1 +"}, "relevant expression: expression ends too early"),
        ({"relevant": ". = 1"}, "can only be used in a constraint"),
        ({"calculate": "1"}, None),
        ({"type": "note", "required": True}, "a note cannot be required"),
        ({"type": "calculate"}, "needs a calculate expression"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"label": {"zh_CN": "x" * (limits.MAX_LABEL_CHARS + 1), "en_US": "x"}}, "longer than 500 characters"),
        ({"label": {"zh_CN": "a\x00b", "en_US": "x"}}, "control characters"),
        ({"required": "yes"}, "required must be true or false"),
        ({"relevant": "${q} = 1"}, "depend on each other in a circle"),
    ],
)
def test_bad_fields_are_refused_with_a_reason(field, fragment):
    reasons = reasons_for(**field)
    if fragment is None:
        assert reasons == []
        return
    assert any(fragment in r for r in reasons), reasons
    assert all(r.startswith("page 'p'") for r in reasons), reasons


def test_reasons_name_page_and_field():
    reasons = reasons_for(relevant="${nowhere} = 1")
    assert reasons == ["page 'p' field 'q': relevant expression refers to unknown field ${nowhere}"]


def test_cycles_across_fields_are_named():
    doc = minimal()
    doc["pages"][0]["fields"] = [
        {"id": "a", "type": "calculate", "calculate": "${b} + 1"},
        {"id": "b", "type": "calculate", "calculate": "${c} + 1"},
        {"id": "c", "type": "number", "label": {"zh_CN": "c", "en_US": "c"}, "relevant": "${a} > 1"},
    ]
    reasons = validate_definition(doc)
    assert len(reasons) == 1 and "circle" in reasons[0]
    for name in ("${a}", "${b}", "${c}"):
        assert name in reasons[0]


def test_long_dependency_chains_are_refused():
    doc = minimal()
    fields = [{"id": "f0", "type": "number", "label": {"zh_CN": "x", "en_US": "x"}}]
    for i in range(1, limits.MAX_DEPENDENCY_CHAIN + 5):
        fields.append({"id": f"f{i}", "type": "calculate", "calculate": f"concat(${{f{i - 1}}}, ${{f{i - 1}}})"})
    doc["pages"][0]["fields"] = fields
    assert any("chain of more than" in r for r in validate_definition(doc))


def test_selected_checks_choice_values():
    doc = minimal(type="single_choice", choices=[{"value": "a", "label": {"zh_CN": "甲", "en_US": "A"}}])
    doc["pages"][0]["fields"].append(
        {"id": "r", "type": "text", "label": {"zh_CN": "r", "en_US": "r"}, "relevant": "selected(${q}, 'zz')"}
    )
    assert any("'zz' is not a choice of ${q}" in r for r in validate_definition(doc))


def test_duplicate_ids():
    doc = minimal()
    doc["pages"][0]["fields"].append(copy.deepcopy(doc["pages"][0]["fields"][0]))
    doc["pages"].append(copy.deepcopy(doc["pages"][0]))
    reasons = validate_definition(doc)
    assert any("page id is used twice" in r for r in reasons)
    assert any("field id is already used" in r for r in reasons)


def test_ten_thousand_fields_are_refused_quickly():
    doc = minimal()
    doc["pages"] = [
        {"id": f"p{i}", "title": {"zh_CN": "页", "en_US": "P"}, "fields": [
            {"id": f"f{i}_{j}", "type": "text", "label": {"zh_CN": "x", "en_US": "x"}} for j in range(100)
        ]}
        for i in range(100)
    ]
    reasons = validate_definition(doc)
    assert reasons == ["form: has 10000 fields; at most 500 are allowed"]


def test_deep_nesting_and_huge_documents_are_refused():
    deep: object = "x"
    for _ in range(100_000):
        deep = [deep]
    doc = minimal()
    doc["x_extra"] = deep
    assert validate_definition(doc) == [f"definition is nested more than {limits.MAX_NESTING} levels deep"]
    doc = minimal()
    doc["x_extra"] = list(range(limits.MAX_NODES + 1))
    assert "too large" in validate_definition(doc)[0]


def test_not_an_object():
    assert validate_definition([1, 2]) == ["a form definition must be an object with id, version, title and pages"]
    assert validate_definition({})[0].startswith("form: id is missing")


def test_from_dict_refuses_with_all_reasons():
    with pytest.raises(FormError) as err:
        FormDefinition.from_dict(minimal(type="dropdown", relevant="${x}"))
    assert len(err.value.reasons) >= 1


def test_files_that_cannot_be_read(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(FormError, match="nested too deeply|must be an object"):
        load_definition(p)
    p = tmp_path / "deep.yaml"
    p.write_text("[" * 2_000 + "]" * 2_000)
    with pytest.raises(FormError):
        load_definition(p)
    p = tmp_path / "big.json"
    p.write_bytes(b" " * (limits.MAX_FILE_BYTES + 1))
    with pytest.raises(FormError, match="at most"):
        load_definition(p)
    p = tmp_path / "broken.json"
    p.write_text('{"id": ')
    with pytest.raises(FormError, match="not valid JSON"):
        load_definition(p)
    p = tmp_path / "form.txt"
    p.write_text("{}")
    with pytest.raises(FormError, match=".json, .yaml or .xlsx"):
        load_definition(p)


def test_yaml_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    lines.append("id: t")
    p = tmp_path / "bomb.yaml"
    p.write_text("\n".join(lines))
    with pytest.raises(FormError) as err:
        load_definition(p)
    assert "anchors" in str(err.value)  # refused while reading, before the validator sees it


def test_yaml_and_json_give_the_same_definition(tmp_path):
    doc = json.loads((FORMS_DIR / "residence_certificate.json").read_text("utf-8"))
    p = tmp_path / "residence.yaml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    assert load_definition(p).to_dict() == load_definition(FORMS_DIR / "residence_certificate.json").to_dict()
