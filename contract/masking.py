"""Masking of personal data for screens, paper and anything else a bystander may see."""

from __future__ import annotations


def mask_id(number: str) -> str:
    """``370102********1234``: region code and last four kept."""
    n = number.strip()
    if len(n) <= 10:
        return "*" * len(n)
    return n[:6] + "*" * (len(n) - 10) + n[-4:]


def mask_name(name: str) -> str:
    """Chinese names keep the first character (张*、欧阳**); Latin names keep initials."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii():
        parts = name.split()
        return " ".join(p[0] + "*" * (len(p) - 1) for p in parts)
    chars = list(name)
    return chars[0] + "*" * (len(chars) - 1)


def mask_phone(phone: str) -> str:
    p = phone.strip()
    if len(p) < 7:
        return "*" * len(p)
    return p[:3] + "*" * (len(p) - 7) + p[-4:]


def mask_address(address: str) -> str:
    """The first six characters (province and city, ``山东省济南市``) and stars for the rest."""
    a = address.strip()
    return a[:6] + "*" * min(12, max(0, len(a) - 6))


def mask_date(value: str) -> str:
    """A birth date keeps its year only: ``1968-**-**``."""
    v = value.strip()
    return v[:4] + "-**-**" if len(v) >= 4 else "*" * len(v)
