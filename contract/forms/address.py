"""Jinan districts and their sub-districts/towns for the address picker, and address values.

An address answer is either free text (as read from an ID card) or a dict
``{"district": "370102", "street": "解放路街道", "detail": "某某路1号2单元301"}``
built with the pickers. Street lists are sample data shipped with the package
(``jinan_divisions.json``); English names are derived with pypinyin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from contract.idnumber import JINAN_REGIONS

_SUFFIXES = (("街道", "Subdistrict"), ("镇", "Town"), ("乡", "Township"))


@dataclass(frozen=True)
class District:
    code: str
    name: dict[str, str]
    streets: tuple[dict[str, str], ...]  # each {"zh_CN": ..., "en_US": ...}


def _english(name: str) -> str:
    # Lazy: importing pypinyin takes about 315 ms (python -X importtime, 2026-12), and only the address
    # picker's English names need it; the terminal starts without paying for it.
    from pypinyin import lazy_pinyin

    for zh, en in _SUFFIXES:
        if name.endswith(zh) and len(name) > len(zh):
            base = name[: -len(zh)]
            return "".join(lazy_pinyin(base)).capitalize() + " " + en
    return "".join(lazy_pinyin(name)).capitalize()


@lru_cache(maxsize=1)
def districts() -> tuple[District, ...]:
    """Jinan's districts and counties, in GB/T 2260 order, with their streets."""
    raw = json.loads(resources.files("contract.forms").joinpath("jinan_divisions.json").read_text("utf-8"))
    out = []
    for d in raw["districts"]:
        zh, en = JINAN_REGIONS[d["code"]]
        streets = tuple({"zh_CN": s, "en_US": _english(s)} for s in d["streets"])
        out.append(District(d["code"], {"zh_CN": zh, "en_US": en}, streets))
    return tuple(out)


def district(code: str) -> District | None:
    for d in districts():
        if d.code == code:
            return d
    return None


def is_complete(value: Any) -> bool:
    """A picked address needs district, street and detail; a card address is complete as read."""
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Mapping):
        return bool(value.get("district")) and bool(value.get("street")) and bool(str(value.get("detail", "")).strip())
    return False


def format_address(value: Any, lang: str, *, masked: bool = False) -> str:
    """The address as one line: city, district, street, then the detail (masked if asked)."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not masked:
            return value
        return value[:6] + "****" if len(value) > 6 else "****"
    d = district(str(value.get("district", "")))
    street = str(value.get("street", ""))
    detail = str(value.get("detail", "")).strip()
    if masked and detail:
        detail = "****"
    if lang == "zh_CN":
        parts = ["济南市", d.name["zh_CN"] if d else "", street, detail]
        return "".join(p for p in parts if p)
    street_en = _english(street) if street else ""
    parts = [detail, street_en, d.name["en_US"] if d else "", "Jinan"]
    return ", ".join(p for p in parts if p)
