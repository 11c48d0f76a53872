"""The functions an expression may call, with their argument counts.

Each takes the evaluation's :class:`Env` first (``today()`` and ``choice()`` read it)
and already-evaluated arguments; ``if`` is listed for the parser's arity check but
is evaluated lazily by the compiler.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from contract.forms.expr.values import Env, EvalError, as_date, as_number, as_text, is_empty
from contract.forms.limits import MAX_STRING_VALUE


@dataclass(frozen=True)
class FunctionSpec:
    min_args: int
    max_args: int
    impl: Callable[..., Any]


def _bounded(s: str) -> str:
    if len(s) > MAX_STRING_VALUE:
        raise EvalError(f"text result longer than {MAX_STRING_VALUE} characters")
    return s


def _years_between(a: Any, b: Any) -> int | None:
    d1, d2 = as_date(a), as_date(b)
    if d1 is None or d2 is None:
        return None
    years = d2.year - d1.year - ((d2.month, d2.day) < (d1.month, d1.day))
    return years


def _fn_selected(env: Env, value: Any, choice: Any) -> bool:
    if isinstance(value, (list, tuple)):
        return as_text(choice) in value
    return not is_empty(value) and as_text(value) == as_text(choice)


def _fn_count_selected(env: Env, value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return 0 if is_empty(value) else 1


def _fn_len(env: Env, value: Any) -> int:
    if isinstance(value, (list, tuple)):
        return len(value)
    return len(as_text(value))


def _fn_number(env: Env, value: Any) -> Any:
    return as_number(value)


def _fn_int(env: Env, value: Any) -> Any:
    n = as_number(value)
    return None if n is None else int(n)


def _fn_round(env: Env, value: Any, places: Any = 0) -> Any:
    n, p = as_number(value), as_number(places)
    if n is None or p is None or not 0 <= p <= 10:
        return None
    r = round(n, int(p))
    return int(r) if p == 0 else r


def _fn_min(env: Env, *values: Any) -> Any:
    nums = [n for n in (as_number(v) for v in values) if n is not None]
    return min(nums) if nums else None


def _fn_max(env: Env, *values: Any) -> Any:
    nums = [n for n in (as_number(v) for v in values) if n is not None]
    return max(nums) if nums else None


def _fn_concat(env: Env, *values: Any) -> str:
    return _bounded("".join(as_text(v) for v in values))


def _fn_coalesce(env: Env, *values: Any) -> Any:
    for v in values:
        if not is_empty(v):
            return v
    return None


def _fn_contains(env: Env, hay: Any, needle: Any) -> bool:
    return as_text(needle) in as_text(hay)


def _fn_starts_with(env: Env, hay: Any, needle: Any) -> bool:
    return as_text(hay).startswith(as_text(needle))


def _fn_today(env: Env) -> date:
    return env.today


def _fn_age(env: Env, birth: Any) -> Any:
    return _years_between(birth, env.today)


def _fn_years_between(env: Env, a: Any, b: Any) -> Any:
    return _years_between(a, b)


def _fn_days_between(env: Env, a: Any, b: Any) -> Any:
    d1, d2 = as_date(a), as_date(b)
    return None if d1 is None or d2 is None else (d2 - d1).days


def _fn_choice(env: Env, column: Any) -> Any:
    """A column of the choice a ``choice_filter`` is testing (its ``value`` or a data column)."""
    if env.choice is None:
        return None
    return env.choice.get(as_text(column))


FUNCTIONS: dict[str, FunctionSpec] = {
    "choice": FunctionSpec(1, 1, _fn_choice),
    "selected": FunctionSpec(2, 2, _fn_selected),
    "count-selected": FunctionSpec(1, 1, _fn_count_selected),
    "today": FunctionSpec(0, 0, _fn_today),
    "age": FunctionSpec(1, 1, _fn_age),
    "len": FunctionSpec(1, 1, _fn_len),
    "string-length": FunctionSpec(1, 1, _fn_len),
    "number": FunctionSpec(1, 1, _fn_number),
    "int": FunctionSpec(1, 1, _fn_int),
    "round": FunctionSpec(1, 2, _fn_round),
    "min": FunctionSpec(1, 10, _fn_min),
    "max": FunctionSpec(1, 10, _fn_max),
    "concat": FunctionSpec(1, 10, _fn_concat),
    "coalesce": FunctionSpec(1, 10, _fn_coalesce),
    "contains": FunctionSpec(2, 2, _fn_contains),
    "starts-with": FunctionSpec(2, 2, _fn_starts_with),
    "years-between": FunctionSpec(2, 2, _fn_years_between),
    "days-between": FunctionSpec(2, 2, _fn_days_between),
    "if": FunctionSpec(3, 3, lambda env, c, a, b: None),  # evaluated lazily below
}
