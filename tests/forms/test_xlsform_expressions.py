"""The XLSForm spec's examples of relevant, constraint, calculate and choice_filter, run by this project's engine.

Each row: the expression as an XLSForm author writes it (xlsform.org and the ODK docs), the answers it
sees, and the value ODK Collect gives. Translation (contract.forms.xlsform) then parse and evaluation
(contract.forms.expr) must agree.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.forms.expr import Env, ExprError, compile_expression
from contract.forms.xlsform import Unsupported, translate

TODAY = date(2026, 11, 26)

# (column, XLSForm expression, answers, "." (constraints), expected value)
SPEC: list[tuple[str, str, dict[str, object], object, object]] = [
    # relevant: "likes_pizza" / "favorite_topping" from the spec's relevant section
    ("relevant", "${likes_pizza} = 'yes'", {"likes_pizza": "yes"}, None, True),
    ("relevant", "${likes_pizza} = 'yes'", {"likes_pizza": "no"}, None, False),
    ("relevant", "${likes_pizza} = 'yes'", {}, None, False),
    ("relevant", "selected(${favorite_topping}, 'cheese')", {"favorite_topping": ["cheese", "ham"]}, None, True),
    ("relevant", "selected(${favorite_topping}, 'cheese')", {"favorite_topping": ["ham"]}, None, False),
    ("relevant", "not(selected(${skip_to_end}, 'yes'))", {"skip_to_end": "no"}, None, True),
    ("relevant", "${age} >= 18 and ${sex} = 'female'", {"age": 30, "sex": "female"}, None, True),
    ("relevant", "${age} >= 18 or ${consent} = 'yes'", {"age": 12, "consent": "no"}, None, False),
    ("relevant", "${age} != ''", {"age": 5}, None, True),
    ("relevant", "true()", {}, None, True),
    ("relevant", "false()", {}, None, False),
    # constraint: "." is this question's answer
    ("constraint", ". >= 18", {}, 21, True),
    ("constraint", ". >= 18", {}, 17, False),
    ("constraint", ". > 0 and . < 150", {}, 151, False),
    ("constraint", ". <= ${a_integer}", {"a_integer": 10}, 9.5, True),
    ("constraint", "not(selected(., 'yes') and selected(., 'no'))", {}, ["yes", "no"], False),
    ("constraint", "not(selected(., 'yes') and selected (., 'no'))", {}, ["yes"], True),
    ("constraint", ". < 10", {}, 3, True),
    ("constraint", ". > 10.51 and . < 18.39", {}, 18.31, True),
    ("constraint", ". >= today()", {}, date(2026, 11, 25), False),
    ("constraint", "string-length(.) = 11", {}, "13912345678", True),
    ("constraint", "count-selected(.) <= 2", {}, ["a", "b", "c"], False),
    # calculate
    ("calculation", "2+2", {}, None, 4),
    ("calculation", "${amount} * 0.18", {"amount": 100}, None, 18.0),
    ("calculation", "round(${bill} * 0.15, 2)", {"bill": 33.33}, None, 5.0),
    ("calculation", "if(${age} >= 18, 'adult', 'child')", {"age": 9}, None, "child"),
    ("calculation", "concat(${first}, ' ', ${last})", {"first": "Ada", "last": "Lovelace"}, None, "Ada Lovelace"),
    ("calculation", "count-selected(${toppings})", {"toppings": ["a", "b"]}, None, 2),
    ("calculation", "${a} div ${b}", {"a": 7, "b": 2}, None, 3.5),
    ("calculation", "${a} mod ${b}", {"a": 7, "b": 2}, None, 1),
    ("calculation", "coalesce(${nickname}, ${name})", {"name": "Li"}, None, "Li"),
    (
        "calculation",
        "if(${mylga_zone}='zone_1', ${s1}, if(${mylga_zone}='zone_2', ${s2}, 'ERROR'))",
        {"mylga_zone": "zone_2", "s1": "state_1", "s2": "state_3"},
        None,
        "state_3",
    ),
]

# choice_filter: (expression, answers, the choice's columns, kept?)
CHOICE_FILTERS: list[tuple[str, dict[str, object], dict[str, str], bool]] = [
    ("${state}=cf", {"state": "washington"}, {"value": "king", "cf": "washington"}, True),
    ("${state}=cf", {"state": "texas"}, {"value": "pierce", "cf": "washington"}, False),
    ("cf=${state}", {"state": "texas"}, {"value": "cameron", "cf": "texas"}, True),
    ("state=${state} and county=${county}", {"state": "wa", "county": "king"},
     {"value": "seattle", "state": "wa", "county": "king"}, True),
    ("state=${state} and county=${county}", {"state": "wa", "county": "pierce"},
     {"value": "seattle", "state": "wa", "county": "king"}, False),
    ("name != ${first_pick}", {"first_pick": "red"}, {"value": "red"}, False),
    ("name != ${first_pick}", {"first_pick": "red"}, {"value": "blue"}, True),
    ("selected(${previous}, name)", {"previous": ["a", "c"]}, {"value": "c"}, True),
    ("selected(${previous}, name)", {"previous": ["a", "c"]}, {"value": "b"}, False),
    ("${state}=''", {}, {"value": "any"}, True),
]


def _env(answers: dict[str, object], dot: object = None, choice: dict[str, str] | None = None) -> Env:
    return Env(lambda name: answers.get(name), TODAY, dot, choice)


@pytest.mark.parametrize("column,source,answers,dot,expected", SPEC, ids=lambda v: v if isinstance(v, str) else "")
def test_spec_example_evaluates_like_odk(column, source, answers, dot, expected):
    ours, notes = translate(source, column)
    assert notes == []
    assert compile_expression(ours).evaluate(_env(answers, dot)) == expected


@pytest.mark.parametrize("source,answers,choice,kept", CHOICE_FILTERS)
def test_spec_choice_filter_keeps_the_same_choices(source, answers, choice, kept):
    columns = frozenset(k for k in choice if k != "value")
    ours, notes = translate(source, "choice_filter", columns)
    assert notes == []
    assert bool(compile_expression(ours).evaluate(_env(answers, choice=choice))) is kept


def test_translation_is_token_based():
    assert translate("${likes_pizza} = 'true()'", "relevant") == ("${likes_pizza} = 'true()'", [])
    assert translate("true()", "relevant") == ("true", [])
    assert translate("${state}=cf", "choice_filter", frozenset({"cf"})) == ("${state}=choice('cf')", [])
    text, notes = translate("pastel=yes", "choice_filter", frozenset({"pastel"}))
    assert text == "choice('pastel')='yes'" and "'yes' is not a column of the choices sheet" in notes[0]


@pytest.mark.parametrize(
    "source,feature",
    [
        ("pulldata('fruits', 'name', 'name', 'mango')", "XLSForm function pulldata() in calculation"),
        ("regex(., '[0-9]+')", "XLSForm function regex() in calculation"),
        ("../zone = '1_NW'", "XLSForm XPath paths ('..') in calculation"),
        ("/data/zone = '1_NW'", "XLSForm XPath paths ('/') in calculation"),
        ("jr:choice-name(${a}, '${a}')", "XLSForm function jr:choice-name() in calculation"),
        ("indexed-repeat(${a}, ${r}, 1)", "XLSForm function indexed-repeat() in calculation"),
        ("frobnicate(${a})", "XLSForm function frobnicate() in calculation"),
    ],
)
def test_features_the_engine_lacks_are_named(source, feature):
    with pytest.raises(Unsupported) as err:
        translate(source, "calculation")
    assert str(err.value).startswith(feature) and "is not supported on a terminal" in str(err.value)


_PIECES = st.sampled_from(["${a}", "${b}", ".", "..", "/", "(", ")", ",", "'x'", '"y"', "1", "2.5", "=", "!=", "<",
                           "and", "or", "not", "true()", "false()", "selected", "regex", "pulldata", "cf", "name",
                           "jr:choice-name", "count-selected", "if", " ", "${", "}", "$", "'"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40), st.booleans())
def test_translation_of_any_token_soup_is_refused_or_parsed_safely(pieces, as_filter):
    source = "".join(pieces)
    try:
        text, _notes = translate(source, "relevant", frozenset({"cf"}) if as_filter else None)
    except Unsupported:
        return
    try:
        compile_expression(text)
    except ExprError:
        pass
