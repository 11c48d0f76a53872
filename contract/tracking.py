"""Tracking numbers: digits only, so a resident can type one on the digit keypad.

``YYMMDD TTTT NNNN C``: date, terminal number, that terminal's sequence for the day,
and a Luhn check digit that catches one wrong or swapped digit before a lookup.
"""

from __future__ import annotations

import re
from datetime import date

_SHAPE = re.compile(r"^\d{15}$")


def luhn_digit(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def make(day: date, terminal_no: int, seq: int) -> str:
    if not (0 <= terminal_no <= 9999 and 0 < seq <= 9999):
        raise ValueError("terminal number 0-9999 and sequence 1-9999")
    body = f"{day:%y%m%d}{terminal_no:04d}{seq:04d}"
    return body + luhn_digit(body)


def normalise(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def is_valid(text: str) -> bool:
    n = normalise(text)
    return bool(_SHAPE.match(n)) and luhn_digit(n[:-1]) == n[-1]


def pretty(number: str) -> str:
    n = normalise(number)
    return f"{n[:6]} {n[6:10]} {n[10:14]} {n[14:]}" if len(n) == 15 else n
