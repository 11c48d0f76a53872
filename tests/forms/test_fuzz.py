"""Hypothesis fuzzing of the expression parser, the evaluator and the definition validator.

The quick profile runs in CI; the ``long`` ones (``-m long``) run many more
examples. Properties: parsing arbitrary text either succeeds or raises
ExprError; evaluation never raises; validating arbitrary documents never
raises and returns reasons as text; any definition the validator accepts can
be built and filled without crashing.
"""

from __future__ import annotations

import copy
import json
import math
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.forms import FormDefinition, FormState, validate_definition
from contract.forms.expr import FUNCTIONS, Env, EvalError, ExprError, Expression, parse
from tests.forms.conftest import FORMS_DIR
from tests.forms.reference_eval import evaluate

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = st.sampled_from(
    ["${a}", "${b}", "${m}", ".", "1", "2.5", "'x'", "'a'", "true", "false", "(", ")", ",", "+", "-", "*", "/",
     "%", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not", "if", "today", "age", "len",
     "selected", "count-selected", "concat", "min", "max", "round", "coalesce", "number", "int", "'2026-01-01'"]
)
token_soup = st.lists(TOKENS, max_size=40).map(" ".join)

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10**20, 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(),
    st.lists(st.sampled_from(["a", "b", "x"]), max_size=3),
)

literal = st.one_of(
    st.integers(-1000, 1000).map(str),
    st.sampled_from(["'a'", "'x'", "''", "true", "false", "today()", "'1950-06-01'", "${a}", "${b}", "${m}", "."]),
)


def _combine(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "div", "mod", "=", "!=", "<", ">=", "and", "or"]), children).map(
        lambda t: f"({t[0]} {t[1]} {t[2]})"
    )
    unary = children.map(lambda c: f"not({c})") | children.map(lambda c: f"-{c}")
    calls = st.tuples(st.sampled_from(sorted(FUNCTIONS)), st.lists(children, max_size=3)).map(
        lambda t: f"{t[0]}({', '.join(t[1])})"
    )
    return binary | unary | calls


grammar = st.recursive(literal, _combine, max_leaves=30)


def _env(values: dict) -> Env:
    return Env(lambda name: values.get(name), date(2026, 11, 26), values.get("."))


def check_parse_and_eval(source: str, values: dict) -> None:
    try:
        expr = Expression(source)
    except ExprError as exc:
        assert str(exc)
        return
    fast = expr.evaluate(_env(values))  # must never raise
    try:
        slow = evaluate(expr.tree, _env(values))  # the reference tree walker
    except (EvalError, OverflowError, ValueError, ArithmeticError):
        slow = None
    assert _same(fast, slow), (source, fast, slow)


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True  # NaN
    return type(a) is type(b) and a == b


@QUICK
@given(st.text(max_size=200))
def test_parser_on_any_text(source):
    try:
        parse(source)
    except ExprError as exc:
        assert str(exc)


@QUICK
@given(token_soup, st.dictionaries(st.sampled_from(["a", "b", "m", "."]), VALUES))
def test_token_soup(source, values):
    check_parse_and_eval(source, values)


@QUICK
@given(grammar, st.dictionaries(st.sampled_from(["a", "b", "m", "."]), VALUES))
def test_grammar_generated_expressions(source, values):
    check_parse_and_eval(source, values)


def _json_containers(children):
    return st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    _json_containers,
    max_leaves=40,
)


@QUICK
@given(JSONISH)
def test_validator_on_arbitrary_documents(doc):
    reasons = validate_definition(doc)
    assert isinstance(reasons, list) and all(isinstance(r, str) and r for r in reasons)


SAMPLES = [json.loads(p.read_text("utf-8")) for p in sorted(FORMS_DIR.glob("*.json"))]
FIELD_KEYS = ["type", "label", "required", "relevant", "calculate", "constraint", "min", "max", "pattern", "choices",
              "min_length", "max_length", "decimals", "prefill", "keypad", "policy", "max_selected"]
MUTANT_VALUES = st.one_of(
    JSONISH,
    token_soup,
    grammar,
    st.sampled_from(["text", "number", "date", "single_choice", "multiple_choice", "consent", "calculate", "note",
                     "(a+)+$", "\\d{3}", "today", "2026-01-01", "card.name"]),
)


@st.composite
def mutated_samples(draw):
    doc = copy.deepcopy(draw(st.sampled_from(SAMPLES)))
    for _ in range(draw(st.integers(1, 4))):
        page = draw(st.sampled_from(doc["pages"]))
        field = draw(st.sampled_from(page["fields"]))
        key = draw(st.sampled_from(FIELD_KEYS))
        if draw(st.booleans()) and key in field:
            del field[key]
        else:
            field[key] = draw(MUTANT_VALUES)
    return doc


def exercise(doc: dict) -> None:
    reasons = validate_definition(doc)
    assert all(isinstance(r, str) for r in reasons)
    if reasons:
        return
    d = FormDefinition.from_dict(doc)
    s = FormState(d, {"card.name": "张三", "card.birth_date": "1950-01-01", "card.sex": "1"}, today=date(2026, 11, 26))
    for f in d.fields:
        if not f.is_input:
            continue
        sample_value = {
            "yes_no": True,
            "consent": True,
            "multiple_choice": [c.value for c in f.choices[:2]],
            "signature": {"paths": [[[0, 0], [1, 1]]]},
            "single_choice": f.choices[0].value if f.choices else None,
            "searchable_choice": f.choices[0].value if f.choices else None,
            "date": "2000-02-29",
            "number": "12",
        }.get(f.type, "1")
        s.set_value(f.id, sample_value)
    for pi in s.visible_pages():
        for lang in ("zh_CN", "en_US"):
            s.errors(pi, lang)
    s.review("en_US")
    json.dumps(s.answers(), allow_nan=False)  # what is submitted is always plain JSON
    s.clear()
    assert all(not d.field(k).is_input for k in s.answers())  # only constant calculations may remain


@QUICK
@given(mutated_samples())
def test_mutated_samples_never_crash(doc):
    exercise(doc)


@pytest.mark.long
@LONG
@given(st.text(max_size=1000))
def test_long_parser_on_any_text(source):
    test_parser_on_any_text.hypothesis.inner_test(source)  # type: ignore[attr-defined]


@pytest.mark.long
@LONG
@given(grammar, st.dictionaries(st.sampled_from(["a", "b", "m", "."]), VALUES))
def test_long_grammar(source, values):
    check_parse_and_eval(source, values)


@pytest.mark.long
@LONG
@given(mutated_samples())
def test_long_mutated_samples(doc):
    exercise(doc)


@pytest.mark.long
@LONG
@given(JSONISH)
def test_long_validator(doc):
    test_validator_on_arbitrary_documents.hypothesis.inner_test(doc)  # type: ignore[attr-defined]
