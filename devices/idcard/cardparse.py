"""The 256-byte text block of Chinese ID cards and permits -> :class:`kiosk.identity.Identity`.

Pure functions, no I/O: the SAM serial driver, the vendor SDK backend and the
simulator all feed the same bytes through here, so a card is parsed the same way
whichever path read it. The layouts are the tables below, one per card type.

Every malformed block ends in a :class:`ParseError` subclass; nothing else escapes
(the fuzz tests hold us to that), because a half-parsed card must never reach a form.

The inverse (:func:`encode_text_block`) exists for the simulator and the fictional
sample cards: the bytes the simulator sends are built by the same layout tables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from contract import idnumber
from kiosk.identity import LONG_TERM, CardType, Identity

TEXT_BLOCK_LEN = 256
TYPE_OFFSET = 248

SEX_NAMES: dict[str, tuple[str, str]] = {
    "0": ("未知", "unknown"),
    "1": ("男", "male"),
    "2": ("女", "female"),
    "9": ("未说明", "not stated"),
}

NATION_NAMES: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗", "35": "撒拉",
    "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米", "41": "塔吉克", "42": "怒",
    "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂", "47": "保安", "48": "裕固",
    "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春", "53": "赫哲", "54": "门巴", "55": "珞巴",
    "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}
NATION_CODES: dict[str, str] = {v: k for k, v in NATION_NAMES.items()}

LONG_TERM_TEXT = "长期"


# --- errors ---------------------------------------------------------------------------------


class ParseError(ValueError):
    """The text block cannot be turned into an identity. ``code`` is for technicians, never personal data."""

    code = "parse"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BlockLengthError(ParseError):
    code = "length"


class EncodingError(ParseError):
    """A field is not valid UTF-16LE (e.g. a lone surrogate from a corrupted read)."""

    code = "encoding"


class UnknownCardType(ParseError):
    code = "card_type"


class FieldError(ParseError):
    """A field is present but its content is impossible (a date that is not a date, a blank name...)."""

    code = "field"


# --- layouts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    name: str
    offset: int
    size: int  # bytes; always even (UTF-16LE)


def _layout(*spec: tuple[str, int]) -> tuple[Field, ...]:
    fields: list[Field] = []
    offset = 0
    for name, size in spec:
        fields.append(Field(name, offset, size))
        offset += size
    assert offset == TEXT_BLOCK_LEN, (spec, offset)
    return tuple(fields)


RESIDENT_LAYOUT = _layout(
    ("name", 30), ("sex", 2), ("nation", 4), ("birth_date", 16), ("address", 70), ("id_number", 36),
    ("issuer", 30), ("valid_from", 16), ("valid_to", 16), ("pass_number", 18), ("issue_count", 4),
    ("reserved1", 6), ("card_type", 2), ("reserved2", 6),
)
FOREIGN_2017_LAYOUT = _layout(
    ("english_name", 120), ("sex", 2), ("id_number", 30), ("nationality", 6), ("chinese_name", 30),
    ("valid_from", 16), ("valid_to", 16), ("birth_date", 16), ("card_version", 4), ("issuing_office", 8),
    ("card_type", 2), ("reserved", 6),
)
# 2023 card: only the fields the public sources agree on are named; the rest stay raw (unconfirmed_*).
FOREIGN_2023_LAYOUT = _layout(
    ("chinese_name", 30), ("sex", 2), ("unconfirmed_32", 4), ("birth_date", 16), ("english_name", 70),
    ("id_number", 36), ("unconfirmed_158", 30), ("valid_from", 16), ("valid_to", 16),
    ("unconfirmed_220", 22), ("nationality", 6), ("card_type", 2), ("unconfirmed_250", 6),
)

LAYOUTS: dict[str, tuple[CardType, tuple[Field, ...]]] = {
    " ": (CardType.RESIDENT, RESIDENT_LAYOUT),
    "J": (CardType.HMT_PERMIT, RESIDENT_LAYOUT),
    "I": (CardType.FOREIGN_2017, FOREIGN_2017_LAYOUT),
    "Y": (CardType.FOREIGN_2023, FOREIGN_2023_LAYOUT),
}
TYPE_CHARS: dict[CardType, str] = {ct: ch for ch, (ct, _l) in LAYOUTS.items()}


# --- field decoding -------------------------------------------------------------------------

_PAD = " \x00\u3000"


def _decode(raw: bytes, field: str) -> str:
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError as exc:
        raise EncodingError(f"field {field} is not UTF-16LE", field) from exc
    return text.strip(_PAD)


def _check_printable(text: str, field: str) -> str:
    for ch in text:
        if not ch.isprintable():
            raise FieldError(f"field {field} holds a control character", field)
    return text


def _parse_date(text: str, field: str) -> date:
    if len(text) != 8 or not text.isascii() or not text.isdigit():
        raise FieldError(f"field {field} is not a YYYYMMDD date", field)
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise FieldError(f"field {field} is not a real date", field) from exc


def _parse_valid_to(text: str, field: str = "valid_to") -> date | str:
    if text == LONG_TERM_TEXT:
        return LONG_TERM
    return _parse_date(text, field)


def _sex(text: str) -> str:
    if text not in SEX_NAMES:
        raise FieldError("sex code is not a GB/T 2261.1 code", "sex")
    return text


def sex_name(code: str, lang: str = "zh_CN") -> str:
    names = SEX_NAMES.get(code)
    if names is None:
        return ""
    return names[0] if lang == "zh_CN" else names[1]


def _gb11643_checksum_ok(number: str) -> bool:
    """Shape and ISO 7064 MOD 11-2 check character (the birth date is checked separately)."""
    n = number.upper()
    if len(n) != 18 or not n[:17].isascii() or not n[:17].isdigit() or n[17] not in "0123456789X":
        return False
    return idnumber.check_char(n[:17]) == n[17]


def card_type_of(block: bytes) -> CardType:
    """The card type from the character at byte offset 248."""
    if len(block) != TEXT_BLOCK_LEN:
        raise BlockLengthError(f"text block is {len(block)} bytes, not {TEXT_BLOCK_LEN}")
    ch = _decode(block[TYPE_OFFSET:TYPE_OFFSET + 2], "card_type") or " "
    if ch not in LAYOUTS:
        raise UnknownCardType("unknown card type character", "card_type")
    return LAYOUTS[ch][0]


def split_fields(block: bytes) -> tuple[CardType, dict[str, str]]:
    """Decode every field of the block's layout (stripped), without interpreting them."""
    card_type = card_type_of(block)
    layout = LAYOUTS[TYPE_CHARS[card_type]][1]
    out: dict[str, str] = {}
    for f in layout:
        raw = block[f.offset:f.offset + f.size]
        if f.name.startswith("unconfirmed_"):
            out[f.name] = raw.hex()  # kept raw: the sources disagree on what these bytes mean
        else:
            out[f.name] = _decode(raw, f.name)
    return card_type, out


# --- parsing --------------------------------------------------------------------------------


def parse_text_block(block: bytes, today: date | None = None, extra_address: str = "") -> Identity:
    """Parse one 256-byte text block. ``today`` decides ``expired`` (default: no expiry judgement).

    ``extra_address`` is the card's optional new address (command ``30 03``), kept in
    ``extra["extra_address"]`` so the form can offer it.
    """
    if not isinstance(block, (bytes, bytearray, memoryview)):
        raise BlockLengthError("text block must be bytes")
    block = bytes(block)
    card_type, f = split_fields(block)
    if card_type in (CardType.RESIDENT, CardType.HMT_PERMIT):
        ident = _parse_resident(card_type, f)
    elif card_type is CardType.FOREIGN_2017:
        ident = _parse_foreign_2017(f)
    else:
        ident = _parse_foreign_2023(f)
    if extra_address:
        ident.extra["extra_address"] = _check_printable(extra_address.strip(_PAD), "extra_address")
    if today is not None and isinstance(ident.valid_to, date) and ident.valid_to < today:
        object.__setattr__(ident, "expired", True)
    return ident


def _required(f: Mapping[str, str], name: str) -> str:
    value = _check_printable(f[name], name)
    if not value:
        raise FieldError(f"field {name} is empty", name)
    return value


def _validity(f: Mapping[str, str]) -> tuple[date, date | str]:
    valid_from = _parse_date(f["valid_from"], "valid_from")
    valid_to = _parse_valid_to(f["valid_to"])
    if isinstance(valid_to, date) and valid_to < valid_from:
        raise FieldError("card expires before it was issued", "valid_to")
    return valid_from, valid_to


def _parse_resident(card_type: CardType, f: Mapping[str, str]) -> Identity:
    name = _required(f, "name")
    sex = _sex(f["sex"])
    nation_code = f["nation"]
    extra: dict[str, str] = {"sex_name": sex_name(sex)}
    if card_type is CardType.RESIDENT:
        if nation_code not in NATION_NAMES:
            raise FieldError("nation code is not a GB 3304 code", "nation")
        nation = NATION_NAMES[nation_code]
        extra["nation_code"] = nation_code
    else:
        if nation_code:
            raise FieldError("a residence permit carries no nation", "nation")
        nation = ""
    birth = _parse_date(f["birth_date"], "birth_date")
    address = _check_printable(f["address"], "address")
    id_number = _required(f, "id_number").upper()
    if not id_number.isascii() or not id_number.isalnum():
        raise FieldError("ID number holds characters other than digits and X", "id_number")
    issuer = _check_printable(f["issuer"], "issuer")
    valid_from, valid_to = _validity(f)
    checksum_ok = _gb11643_checksum_ok(id_number)
    if checksum_ok:
        try:
            checksum_ok = idnumber.birth_date(id_number) == birth
        except ValueError:
            checksum_ok = False
    region = idnumber.region_name(id_number) if len(id_number) == 18 else None
    if region:
        extra["region_name"] = region
    if card_type is CardType.HMT_PERMIT:
        extra["pass_number"] = _required(f, "pass_number")
        count = f["issue_count"]
        if count and not (count.isascii() and count.isdigit()):
            raise FieldError("issue count is not a number", "issue_count")
        extra["issue_count"] = count
    return Identity(
        card_type=card_type, name=name, id_number=id_number, sex=sex, nation=nation, birth_date=birth,
        address=address, issuer=issuer, valid_from=valid_from, valid_to=valid_to, checksum_ok=checksum_ok,
        extra=extra,
    )


def _nationality(f: Mapping[str, str]) -> str:
    code = f["nationality"].upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise FieldError("nationality is not a GB/T 2659 three-letter code", "nationality")
    return code


def _foreign_fields(f: Mapping[str, str]) -> tuple[str, str, str, str]:
    """The fields both permanent residence card layouts carry, checked in the order the layouts share."""
    english = _check_printable(f["english_name"], "english_name")
    chinese = _check_printable(f["chinese_name"], "chinese_name")
    if not english and not chinese:
        raise FieldError("card carries no name", "english_name")
    return english, chinese, _sex(f["sex"]), _required(f, "id_number").upper()


def _parse_foreign_2017(f: Mapping[str, str]) -> Identity:
    english, chinese, sex, number = _foreign_fields(f)
    if len(number) != 15 or not number.isascii() or not number.isalnum():
        raise FieldError("2017 permanent residence number is not 15 letters and digits", "id_number")
    nationality = _nationality(f)
    valid_from, valid_to = _validity(f)
    birth = _parse_date(f["birth_date"], "birth_date")
    extra = {
        "english_name": english, "chinese_name": chinese, "sex_name": sex_name(sex),
        "card_version": _check_printable(f["card_version"], "card_version"),
        "issuing_office": _check_printable(f["issuing_office"], "issuing_office"),
    }
    return Identity(
        card_type=CardType.FOREIGN_2017, name=chinese or english, id_number=number, sex=sex,
        nation=nationality, birth_date=birth, valid_from=valid_from, valid_to=valid_to,
        issuer=extra["issuing_office"], checksum_ok=number[:3] == nationality, extra=extra,
    )


def _parse_foreign_2023(f: Mapping[str, str]) -> Identity:
    english, chinese, sex, number = _foreign_fields(f)
    if not number.isascii() or not number.isalnum():
        raise FieldError("ID number holds characters other than digits and X", "id_number")
    nationality = _nationality(f)
    valid_from, valid_to = _validity(f)
    birth = _parse_date(f["birth_date"], "birth_date")
    extra = {
        "english_name": english, "chinese_name": chinese, "sex_name": sex_name(sex),
        "layout": "unconfirmed",  # the 2023 layout is not yet confirmed on real cards
    }
    extra.update({k: v for k, v in f.items() if k.startswith("unconfirmed_")})
    return Identity(
        card_type=CardType.FOREIGN_2023, name=chinese or english, id_number=number, sex=sex,
        nation=nationality, birth_date=birth, valid_from=valid_from, valid_to=valid_to,
        issuer="", checksum_ok=_gb11643_checksum_ok(number), extra=extra,
    )


# --- encoding (simulator and samples) -------------------------------------------------------


def _encode_field(value: str, f: Field) -> bytes:
    if f.name.startswith("unconfirmed_"):
        raw = bytes.fromhex(value)[: f.size] if value else b""
        return raw + (b"\x20\x00" * f.size)[: f.size - len(raw)]
    data = value.encode("utf-16-le")
    if len(data) > f.size:
        raise ValueError(f"{f.name} does not fit in {f.size} bytes")
    return data + (" " * ((f.size - len(data)) // 2)).encode("utf-16-le")


def encode_text_block(card_type: CardType, fields: Mapping[str, str]) -> bytes:
    """Build a 256-byte block from raw field strings (codes, YYYYMMDD dates, 长期)."""
    ch = TYPE_CHARS[card_type]
    layout = LAYOUTS[ch][1]
    values = dict(fields)
    values["card_type"] = ch
    unknown = set(values) - {f.name for f in layout}
    if unknown:
        raise ValueError(f"fields not in the {card_type} layout: {sorted(unknown)}")
    block = b"".join(_encode_field(values.get(f.name, ""), f) for f in layout)
    assert len(block) == TEXT_BLOCK_LEN
    return block


def decode_extra_address(data: bytes) -> str:
    """The 70-byte UTF-16LE new-address field (command ``30 03``)."""
    return _decode(bytes(data), "extra_address")


def encode_extra_address(text: str) -> bytes:
    return _encode_field(text, Field("extra_address", 0, 70))
