"""Plain-language checks of one answer: required, per-type format, ranges, lengths and patterns.

Messages come from :mod:`contract.forms.messages` unless the author wrote their
own for that family of constraint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from contract import idnumber
from contract.forms import address as addr
from contract.forms.display import format_date, format_number
from contract.forms.expr.values import as_date, as_number
from contract.forms.messages import message
from contract.forms.model import Field
from contract.forms.schema import FIELD_TYPE
from contract.lang import tr

PHONE_RE = re.compile(r"^1[3-9][0-9]{9}$")
EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})+$")


def custom_message(text: Any, lang: str, key: str, **values: Any) -> str:
    """The author's message for this constraint if there is one, else the standard one."""
    return tr(text, lang) if text else message(key, lang, **values)


def required_error(f: Field, lang: str) -> str | None:
    """The message for a missing answer: None unless the field is required."""
    if not f.required:
        return None
    if f.required_message:
        return tr(f.required_message, lang)
    return message(FIELD_TYPE[f.type].required_message, lang)


def check_answer(
    f: Field, v: Any, lang: str, today: Callable[[], date], pattern: re.Pattern[str] | None
) -> str | None:
    """What is wrong with a given answer for its type, its limits and its ``pattern``, or None.

    The ``constraint`` expression is checked by the session state, which can evaluate it.
    """
    t = f.type
    if t == "number":
        n = as_number(v)
        if n is None:
            return message("number", lang)
        if f.decimals == 0 and not float(n).is_integer():
            return message("integer", lang)
        if f.decimals and "." in str(v) and len(str(v).split(".")[1]) > f.decimals:
            return message("decimals", lang, n=f.decimals)
        lo, hi = f.min, f.max
        if (lo is not None and n < lo) or (hi is not None and n > hi):  # type: ignore[operator]
            if f.range_message:
                return tr(f.range_message, lang)
            if lo is not None and hi is not None:
                return message("range", lang, min=format_number(lo), max=format_number(hi))  # type: ignore[arg-type]
            if lo is not None:
                return message("min", lang, min=format_number(lo))  # type: ignore[arg-type]
            return message("max", lang, max=format_number(hi))  # type: ignore[arg-type]
    elif t == "date":
        d = as_date(v)
        if d is None:
            return message("date", lang)
        lo_d = today() if f.min == "today" else as_date(f.min)
        hi_d = today() if f.max == "today" else as_date(f.max)
        if lo_d is not None and d < lo_d:
            return custom_message(f.range_message, lang, "date_min", min=format_date(lo_d, lang))
        if hi_d is not None and d > hi_d:
            return custom_message(f.range_message, lang, "date_max", max=format_date(hi_d, lang))
    elif t == "phone":
        if not PHONE_RE.match(v):
            return message("phone", lang)
    elif t == "email":
        if not EMAIL_RE.match(v.strip()):
            return message("email", lang)
    elif t == "id_number":
        problem = idnumber.problem(v) if v.isascii() else "characters"
        if problem:
            return message("id_" + problem, lang)
    elif t == "address":
        if not addr.is_complete(v):
            return message("required_address", lang)
    elif t == "multiple_choice":
        if f.min_selected is not None and len(v) < f.min_selected:
            return message("min_selected", lang, n=f.min_selected)
        if f.max_selected is not None and len(v) > f.max_selected:
            return message("max_selected", lang, n=f.max_selected)
    default_max = FIELD_TYPE[t].max_length
    if default_max is not None and isinstance(v, (str, dict)):
        length = len(v.strip()) if isinstance(v, str) else len(str(v.get("detail", "")).strip())
        limit = f.max_length if f.max_length is not None else default_max
        if f.min_length is not None and length < f.min_length:
            return custom_message(f.length_message, lang, "too_short", n=f.min_length)
        if limit is not None and length > limit:
            return custom_message(f.length_message, lang, "too_long", n=limit)
    if pattern is not None:
        text = v if isinstance(v, str) else str((v or {}).get("detail", "")) if isinstance(v, dict) else str(v)
        if not pattern.fullmatch(text.strip()):
            return custom_message(f.pattern_message, lang, "pattern")
    return None
