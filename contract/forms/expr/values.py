"""What an expression's values mean: coercion to numbers, dates and text, truth, equality, order, arithmetic.

Answers reach expressions typed (numbers, dates, lists of choices) or as text;
these rules decide how two of them compare or combine, so that an empty answer
never raises and never counts as zero.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any


class EvalError(ValueError):
    """An evaluation went over a run-time bound (e.g. a string grew too long)."""


class Env:
    """What an evaluation can see: field values (already typed), ``.``, today's date and,
    for a ``choice_filter``, the columns of the choice being tested."""

    __slots__ = ("choice", "lookup", "self_value", "today")

    def __init__(
        self,
        lookup: Callable[[str], Any],
        today: date,
        self_value: Any = None,
        choice: Mapping[str, str] | None = None,
    ) -> None:
        self.lookup = lookup
        self.self_value = self_value
        self.today = today
        self.choice = choice


def as_number(v: Any) -> float | int | None:
    """A number, or None: answers arrive as text, and text that is no finite number is empty, not an error."""
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, (int, float)):
        return v if not (isinstance(v, float) and math.isnan(v)) else None
    if isinstance(v, str):
        s = v.strip()
        if not s or len(s) > 40:
            return None
        try:
            return int(s)
        except ValueError:
            pass
        try:
            f = float(s)
        except ValueError:
            return None
        return f if math.isfinite(f) else None
    return None


def as_date(v: Any) -> date | None:
    """A date, or None: dates travel as ISO text (``2026-01-31``) between the UI, prefill and expressions."""
    if isinstance(v, date):
        return v
    if isinstance(v, str) and len(v) == 10:
        try:
            return date.fromisoformat(v)
        except ValueError:
            return None
    return None


def as_text(v: Any) -> str:
    """Text as an author expects to read it: ``5`` not ``5.0``, ISO dates, a choice list joined by spaces."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return " ".join(as_text(x) for x in v)
    return str(v)


def truthy(v: Any) -> bool:
    """XLSForm truth: empty answers and the words ``false``/``no`` are false, as in a relevance column."""
    if v is True or v is False:
        return v
    if v is None:
        return False
    if isinstance(v, str):
        return v != "" and v.lower() not in ("false", "no")
    if isinstance(v, (list, tuple)):
        return len(v) > 0
    return bool(v)


_BOOL_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def is_empty(v: Any) -> bool:
    """An unanswered (or not relevant) field: None, empty text or no choice selected."""
    return v is None or v == "" or (isinstance(v, (list, tuple)) and not v)


def equal(a: Any, b: Any) -> bool:
    """``=`` across types: numbers with numeric text, dates with ISO text, booleans with yes/no words."""
    if is_empty(a) or is_empty(b):
        return is_empty(a) and is_empty(b)
    if isinstance(a, bool) or isinstance(b, bool):
        other, flag = (b, a) if isinstance(a, bool) else (a, b)
        if isinstance(other, bool):
            return other == flag
        if isinstance(other, str):
            return _BOOL_WORDS.get(other.lower()) == flag
        return as_number(other) == int(flag)
    if isinstance(a, date) or isinstance(b, date):
        return as_date(a) == as_date(b)
    if isinstance(a, (int, float)) or isinstance(b, (int, float)):
        na, nb = as_number(a), as_number(b)
        if na is not None and nb is not None:
            return na == nb
    return as_text(a) == as_text(b)


def comparable(a: Any, b: Any) -> tuple[Any, Any] | None:
    """Make two values comparable with < and >, or None when they are not."""
    if is_empty(a) or is_empty(b):
        return None
    if isinstance(a, date) or isinstance(b, date):
        da, db = as_date(a), as_date(b)
        return (da, db) if da is not None and db is not None else None
    na, nb = as_number(a), as_number(b)
    if na is not None and nb is not None:
        return na, nb
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    return None



def _check_number(v: float) -> float | int | None:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if abs(v) > 1e18:
        return None
    return v


def arithmetic(op: str, a: Any, b: Any) -> Any:
    if is_empty(a) or is_empty(b):
        return None
    da = a if isinstance(a, date) else None
    db = b if isinstance(b, date) else None
    if da is not None or db is not None:
        if op == "-" and da is not None and (db is not None or as_date(b) is not None):
            return (da - (db or as_date(b))).days  # type: ignore[operator]
        n = as_number(b if da is not None else a)
        if n is None or op not in ("+", "-") or (op == "-" and da is None) or abs(n) > 1_000_000:
            return None
        try:
            return (da or db) + timedelta(days=int(n) if op == "+" else -int(n))  # type: ignore[operator]
        except OverflowError:
            return None
    x, y = as_number(a), as_number(b)
    if x is None or y is None:
        return None
    if op == "+":
        return _check_number(x + y)
    if op == "-":
        return _check_number(x - y)
    if op == "*":
        return _check_number(x * y)
    if y == 0:
        return None
    if op == "/":
        r = x / y
        return _check_number(int(r) if isinstance(r, float) and r.is_integer() else r)
    return _check_number(x % y)

