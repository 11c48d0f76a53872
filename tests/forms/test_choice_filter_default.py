"""choice_filter (cascading lists), choice data columns and default answers in the definition format."""

from __future__ import annotations

from typing import Any

from contract.forms import FormDefinition, FormState, validate_definition
from tests.forms.conftest import TODAY

L = {"zh_CN": "项", "en_US": "Item"}


def form(*fields: dict[str, Any]) -> dict[str, Any]:
    return {"id": "f", "version": 1, "title": L, "pages": [{"id": "p", "title": L, "fields": list(fields)}]}


def choice(value: str, **data: str) -> dict[str, Any]:
    return {"value": value, "label": L} | ({"data": data} if data else {})


STATE = {"id": "state", "type": "single_choice", "label": L, "choices": [choice("wa"), choice("tx")]}
CITY = {
    "id": "city",
    "type": "single_choice",
    "label": L,
    "choices": [choice("seattle", st="wa"), choice("austin", st="tx"), choice("both", st="wa"), choice("both", st="tx")],
    "choice_filter": "choice('st') = ${state}",
}


def test_a_filtered_list_follows_the_answer_above():
    d = FormDefinition.from_dict(form(STATE, CITY))
    s = FormState(d, today=TODAY)
    assert s.choices("city") == []
    s.set_value("state", "tx")
    assert [c.value for c in s.choices("city")] == ["austin", "both"]
    s.set_value("city", "austin")
    assert s.field_error("city") is None
    s.set_value("state", "wa")
    assert s.field_error("city", "zh_CN") == "这个选项已不适用于上面的回答，请重新选择"
    assert d.to_dict()["pages"][0]["fields"][1]["choices"][0] == {"value": "seattle", "label": L, "data": {"st": "wa"}}


def test_the_validator_checks_choice_filters_and_data():
    assert validate_definition(form(STATE, CITY)) == []
    bad = dict(CITY, choice_filter="choice('country') = ${state}")
    assert validate_definition(form(STATE, bad)) == [
        ("page 'p' field 'city': choice_filter expression: choice('country') is not 'value' or a data column of the"
        " choices")
    ]
    misplaced = {"id": "t", "type": "text", "label": L, "relevant": "choice('st') = 'wa'"}
    assert "page 'p' field 't': relevant expression: choice() can only be used in a choice_filter" in validate_definition(
        form(STATE, CITY, misplaced)
    )
    unfiltered_twice = dict(CITY, choice_filter=None)
    del unfiltered_twice["choice_filter"]
    assert "page 'p' field 'city' choice 4: value 'both' is used twice" in validate_definition(form(STATE, unfiltered_twice))
    bad_data = dict(CITY, choices=[{"value": "x", "label": L, "data": {"St": 1}}])
    assert any("data column 'St'" in r for r in validate_definition(form(STATE, bad_data)))
    on_text = {"id": "t", "type": "text", "label": L, "choice_filter": "true"}
    assert "page 'p' field 't': choice_filter is only allowed on single_choice, multiple_choice, searchable_choice" \
        " fields" in validate_definition(form(on_text))


def test_defaults_start_the_answer_and_are_checked():
    fields: list[dict[str, Any]] = [
        {"id": "n", "type": "number", "label": L, "default": "18.31"},
        {"id": "d", "type": "date", "label": L, "default": "today"},
        {"id": "m", "type": "multiple_choice", "label": L, "choices": [choice("a"), choice("c")], "default": ["a", "c"]},
        {"id": "y", "type": "yes_no", "label": L, "default": True},
    ]
    d = FormDefinition.from_dict(form(*fields))
    s = FormState(d, today=TODAY)
    assert s.answers() == {"n": 18.31, "d": TODAY.isoformat(), "m": ["a", "c"], "y": True}
    s.set_value("n", "2")
    s.clear()
    assert s.value("n") == "18.31"
    wrong: list[dict[str, Any]] = [
        {"id": "n", "type": "number", "label": L, "default": "many"},
        {"id": "c", "type": "single_choice", "label": L, "choices": [choice("a")], "default": "z"},
        {"id": "s", "type": "signature", "label": L, "default": "x"},
    ]
    assert validate_definition(form(*wrong)) == [
        "page 'p' field 'n': default 'many' is not a number",
        "page 'p' field 'c': default 'z' is not one of the choices",
        "page 'p' field 's': a signature field cannot have a default",
    ]
