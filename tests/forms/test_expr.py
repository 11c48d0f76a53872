"""The expression language: syntax, semantics, limits, and that nothing is ever eval'd."""

from __future__ import annotations

import builtins
from datetime import date

import pytest

from contract.forms import limits
from contract.forms.expr import Env, ExprError, Expression, parse, references

TODAY = date(2026, 11, 26)


def ev(source: str, values: dict | None = None, self_value=None):
    vals = values or {}
    return Expression(source).evaluate(Env(lambda n: vals.get(n), TODAY, self_value))


@pytest.mark.parametrize(
    "source,expected",
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("7 div 2", 3.5),
        ("7 mod 4", 3),
        ("-3 + 5", 2),
        ("1 / 0", None),
        ("'a' = 'a'", True),
        ("1 == 1.0", True),
        ("'10' > 9", True),
        ("not(1 = 2)", True),
        ("not 1 = 2 and true", True),
        ("true or false and false", True),
        ("if(1 < 2, 'yes', 'no')", "yes"),
        ("len('居住证明')", 4),
        ("concat('a', 1, true)", "a1true"),
        ("round(2.345, 2)", 2.35),
        ("min(3, 1, 2)", 1),
        ("max(3, '7', 2)", 7),
        ("coalesce('', 'x')", "x"),
        ("today()", TODAY),
        ("age('1940-11-27')", 85),
        ("age('1940-11-26')", 86),
        ("years_between('2019-09-01', today())", 7),
        ("days-between('2026-11-01', '2026-11-26')", 25),
        ("today() - '2026-11-20'", 6),
        ("contains('济南市历下区', '历下')", True),
        ("starts-with('370102', '3701')", True),
    ],
)
def test_evaluates(source, expected):
    assert ev(source) == expected


def test_field_references_and_empty_semantics():
    assert ev("${a} + 1", {"a": 2}) == 3
    assert ev("${missing} = ''") is True
    assert ev("${missing} != ''") is False
    assert ev("${missing} < 3") is False  # empty never compares
    assert ev("${missing} > 3") is False
    assert ev("${missing} + 1") is None
    assert ev("${b} = true", {"b": True}) is True
    assert ev("${b} = 'yes'", {"b": True}) is True
    assert ev("${b} = false", {"b": None}) is False


def test_choices():
    v = {"m": ["a", "b"], "s": "x"}
    assert ev("selected(${m}, 'a')", v) is True
    assert ev("selected(${m}, 'z')", v) is False
    assert ev("selected(${s}, 'x')", v) is True
    assert ev("count-selected(${m})", v) == 2
    assert ev("count_selected(${none})", v) == 0
    assert ev("selected(., 'a') and count-selected(.) > 1", self_value=["a", "b"]) is True


def test_references_are_collected():
    assert references(parse("${a} + if(${b}, ${c}, 0)")) == {"a", "b", "c"}


@pytest.mark.parametrize(
    "source,fragment",
    [
        ("", "empty"),
        ("1 +", "ends too early"),
        ("(1 + 2", "expected ')'"),
        ("1 2", "unexpected '2'"),
        ("age", "'age' is a function"),
        ("width", "write a field as ${width}"),
        ("foo(1)", "unknown function 'foo'"),
        ("age(1, 2)", "age() takes 1 argument"),
        ("if(1, 2)", "takes 3 argument"),
        ("${bad name}", "bad field reference"),
        ("1 < 2 < 3", "cannot be chained"),
        ("a.b", "unknown name"),
        ("__import__('os')", "unknown"),
        ("1; 2", "unexpected character ';'"),
        ("x ** 2", "unknown name"),
        ("'unterminated", "unexpected character"),
    ],
)
def test_syntax_errors_say_what_and_where(source, fragment):
    with pytest.raises(ExprError) as err:
        parse(source)
    assert fragment in str(err.value)


def test_limits_on_size_and_depth():
    with pytest.raises(ExprError, match="longer than"):
        parse("1+" * limits.MAX_EXPR_CHARS + "1")
    with pytest.raises(ExprError, match="nested more than"):
        parse("(" * 40 + "1" + ")" * 40)
    with pytest.raises(ExprError, match="nested more than"):
        parse("not " * 40 + "true")
    with pytest.raises(ExprError, match="more than .* parts"):
        parse("+".join(["1"] * 300))


def test_string_results_are_bounded():
    # each step doubles the text; past the bound evaluation yields empty, not a huge string
    assert ev("concat(${a}, ${a})", {"a": "x" * (limits.MAX_STRING_VALUE // 2 + 1)}) is None


def test_numbers_do_not_overflow():
    assert ev("99999999999 * 99999999999 * 99999999999") is None
    assert ev("round(1, 100)") is None


def test_nothing_is_evaluated_as_python(monkeypatch):
    def refuse(*args, **kwargs):  # pragma: no cover - fails the test if reached
        raise AssertionError("eval/exec must never be called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    assert ev("if(${a} > 1, concat('x', ${a}), 'y')", {"a": 5}) == "x5"
