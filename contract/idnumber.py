"""GB 11643-1999 citizen ID numbers: check character and what the number encodes."""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")

JINAN_REGIONS: dict[str, tuple[str, str]] = {
    "370100": ("济南市", "Jinan"),
    "370102": ("历下区", "Lixia District"),
    "370103": ("市中区", "Shizhong District"),
    "370104": ("槐荫区", "Huaiyin District"),
    "370105": ("天桥区", "Tianqiao District"),
    "370112": ("历城区", "Licheng District"),
    "370113": ("长清区", "Changqing District"),
    "370114": ("章丘区", "Zhangqiu District"),
    "370115": ("济阳区", "Jiyang District"),
    "370116": ("莱芜区", "Laiwu District"),
    "370117": ("钢城区", "Gangcheng District"),
    "370124": ("平阴县", "Pingyin County"),
    "370126": ("商河县", "Shanghe County"),
}


def check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need exactly 17 digits")
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise(number: str) -> str:
    return number.strip().upper().replace(" ", "")


def is_valid(number: str) -> bool:
    """Shape, check character and a real birth date."""
    n = normalise(number)
    if not _SHAPE.match(n):
        return False
    if check_char(n[:17]) != n[17]:
        return False
    try:
        birth_date(n)
    except ValueError:
        return False
    return True


def problem(number: str) -> str | None:
    """Why a number is not acceptable, as a short code, or None when it is fine.

    Codes: ``length``, ``characters``, ``birth_date``, ``checksum``.
    """
    n = normalise(number)
    if len(n) != 18:
        return "length"
    if not _SHAPE.match(n):
        return "characters"
    try:
        birth_date(n)
    except ValueError:
        return "birth_date"
    if check_char(n[:17]) != n[17]:
        return "checksum"
    return None


def birth_date(number: str) -> date:
    n = normalise(number)
    return date(int(n[6:10]), int(n[10:12]), int(n[12:14]))


def sex_code(number: str) -> str:
    """``1`` male (odd sequence), ``2`` female (even)."""
    return "1" if int(normalise(number)[16]) % 2 else "2"


def region_name(number_or_code: str, lang: str = "zh_CN") -> str | None:
    code = normalise(number_or_code)[:6]
    names = JINAN_REGIONS.get(code)
    if names is None:
        return None
    return names[0] if lang == "zh_CN" else names[1]


def make_valid(first17: str) -> str:
    """Complete 17 digits with their check character (for fictional sample data)."""
    return first17 + check_char(first17)


# Free text (an opinion, a proposal) may quote an ID number anywhere, in full-width digits or in
# groups 6-8-4 as printed on the card. Only numbers whose check character and birth date are right
# count: tracking numbers, phone and card numbers fail the check and are left alone. The 15-digit
# numbers issued before 1999 have no check character, so nothing tells them from other digits.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９Ｘｘx", "0123456789XXX")
_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{6})[ -]?([0-9]{8})[ -]?([0-9]{3}[0-9X])(?![0-9])")


# Digests in reports (hex, 32 characters and more) may hold 18 digits in a row by chance: not an ID number.
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{32,}")


def find_in_text(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a valid citizen ID number: (start, end) spans, in the text's own positions."""
    plain = text.translate(_FULL_WIDTH)  # one character for one: positions stay the same
    digests = [m.span() for m in _HEX_RUN.finditer(plain)]
    return [m.span() for m in _IN_TEXT.finditer(plain) if is_valid("".join(m.groups()))
            and not any(start <= m.start() and m.end() <= end for start, end in digests)]
