"""Identity document numbers an ID field accepts: GB 11643-1999 citizen numbers and the other cards the reader reads.

The 18-character GB 11643 number is carried by the resident ID card, the Hong Kong/Macao/Taiwan residence
permit (810000/820000/830000) and the 2023 foreign permanent resident card (leading 9), all with the same
check character. The 2017 foreign permanent resident card carries 15 characters (nationality letters, a
4-digit office code, the birth date YYMMDD, 2 digits), and the residence permit names the holder's mainland
travel permit (H or M and 8 or 10 digits). A field filled from any of these cards must accept what it holds.
"""

from __future__ import annotations

import re
from datetime import date

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
_FOREIGN_2017 = re.compile(r"^[A-Z]{3}\d{12}$")
_TRAVEL_PERMIT = re.compile(r"^[HM](\d{8}|\d{10})$")

CITIZEN = "citizen"
FOREIGN_2017 = "foreign_2017"
TRAVEL_PERMIT = "travel_permit"

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


def kind(number: str) -> str | None:
    """Which document a number is: :data:`CITIZEN`, :data:`FOREIGN_2017`, :data:`TRAVEL_PERMIT`, or None (not valid)."""
    if problem(number) is not None:
        return None
    n = normalise(number)
    if _FOREIGN_2017.match(n):
        return FOREIGN_2017
    return TRAVEL_PERMIT if _TRAVEL_PERMIT.match(n) else CITIZEN


def _foreign_birth_ok(yymmdd: str) -> bool:
    """The 2017 card's birth date has no century: real in either the 1900s or the 2000s."""
    for century in (1900, 2000):
        try:
            date(century + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
            return True
        except ValueError:
            continue
    return False


def _letter_led_problem(n: str) -> str | None:
    """A number that starts with a letter: a 2017 foreign resident card or a mainland travel permit."""
    if _TRAVEL_PERMIT.match(n):
        return None
    if not _FOREIGN_2017.match(n):
        return "document"
    return None if _foreign_birth_ok(n[7:13]) else "birth_date"


def problem(number: str) -> str | None:
    """Why a number is not acceptable, as a short code, or None when it is fine.

    Codes: ``length``, ``characters``, ``birth_date``, ``checksum``, and ``document`` for a number led by
    letters that is neither a 2017 foreign resident card number nor a mainland travel permit number.
    """
    n = normalise(number)
    if n[:1].isascii() and n[:1].isalpha():
        return _letter_led_problem(n)
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
