"""How answers are shown to the resident: local dates, plain numbers, choice labels, masking, review rows."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from contract.forms import address as addr
from contract.forms.expr.values import as_date
from contract.forms.messages import message
from contract.forms.model import Field
from contract.forms.schema import CHOICE_TYPES
from contract.masking import mask_id, mask_name, mask_phone

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ReviewRow(NamedTuple):
    """One line of the review screen: which page to go back to, the question and the answer as shown."""

    page_index: int
    field_id: str
    label: str
    display_value: str


def format_date(value: date, lang: str) -> str:
    """2026年11月26日 / 26 Nov 2026 (house rules: dates in the resident's locale)."""
    if lang == "zh_CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def format_number(v: float) -> str:
    """A number as residents write it: 3.0 shows as 3."""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def display_value(f: Field, v: Any, lang: str) -> str:
    """The answer ``v`` as shown on the review page: choice labels, local dates, masked if sensitive."""
    if v is None or v == "" or v == []:
        return ""
    masked = f.sensitive
    t = f.type
    if t in ("yes_no",):
        return "******" if masked else message("yes" if v else "no", lang)
    if t == "consent":
        return message("agreed" if v else "not_agreed", lang)
    if t == "signature":
        return message("signed" if v.get("paths") else "not_signed", lang)
    if t in CHOICE_TYPES:
        if masked:
            return "******"
        if isinstance(v, list):
            sep = "、" if lang == "zh_CN" else ", "
            return sep.join(f.choice_label(x, lang) for x in v)
        return f.choice_label(v, lang)
    if t == "address":
        return addr.format_address(v, lang, masked=masked)
    if t == "date" or isinstance(v, date):
        d = as_date(v)
        if d is None:
            return str(v)
        if masked:
            return "****年**月**日" if lang == "zh_CN" else "** *** ****"
        return format_date(d, lang)
    if isinstance(v, bool):
        return message("yes" if v else "no", lang)
    if isinstance(v, float):
        v = format_number(v)
    s = str(v)
    if not masked:
        return s
    if t == "id_number":
        return mask_id(s)
    if t == "phone":
        return mask_phone(s)
    if t == "email" and "@" in s:
        local, _, domain = s.partition("@")
        return local[:1] + "***@" + domain
    if t in ("text", "long_text") and len(s) <= 20:
        return mask_name(s)
    return "******"
