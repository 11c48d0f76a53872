"""FICTIONAL sample cards for the simulator, the demo and the tests.

Every person here is invented; the ID numbers are built with valid check characters
(``contract.idnumber.make_valid``) on Jinan region codes so the whole pipeline (check,
region name, masking) behaves as with a real card. Photos and fingerprints are
deterministic filler bytes, not biometric data.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from contract.idnumber import make_valid
from devices.idcard.cardparse import encode_text_block
from kiosk.identity import CardType

PHOTO_LEN = 1024
FINGERPRINT_LEN = 512


def _filler(seed: str, size: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:size]


@dataclass(frozen=True)
class SampleCard:
    key: str
    label: str  # for the dev dock; fictional, so it may show the name
    card_type: CardType
    text: bytes  # the 256-byte text block
    photo: bytes = field(repr=False, default=b"")
    fingerprints: tuple[bytes, ...] = field(repr=False, default=())
    extra_address: str = ""


def _card(key: str, label: str, card_type: CardType, fields: dict[str, str], fingerprints: int = 0,
          extra_address: str = "") -> SampleCard:
    return SampleCard(
        key=key, label=label, card_type=card_type, text=encode_text_block(card_type, fields),
        photo=_filler("photo:" + key, PHOTO_LEN),
        fingerprints=tuple(_filler(f"fp:{key}:{i}", FINGERPRINT_LEN) for i in range(fingerprints)),
        extra_address=extra_address,
    )


SAMPLES: dict[str, SampleCard] = {
    c.key: c
    for c in (
        _card("resident", "张秀英 · 居民身份证", CardType.RESIDENT, {
            "name": "张秀英", "sex": "2", "nation": "01", "birth_date": "19680315",
            "address": "山东省济南市历下区泉城路示例小区1号楼2单元301室",
            "id_number": make_valid("37010219680315002"), "issuer": "济南市公安局历下分局",
            "valid_from": "20160520", "valid_to": "20360520",
        }, fingerprints=2),
        _card("rare_name", "王䶮 · 居民身份证 (生僻字)", CardType.RESIDENT, {
            "name": "王䶮", "sex": "1", "nation": "03", "birth_date": "19851102",
            "address": "山东省济南市历城区示例路88号3号楼1单元602室",
            "id_number": make_valid("37011219851102003"), "issuer": "济南市公安局历城分局",
            "valid_from": "20180901", "valid_to": "20380901",
        }, fingerprints=1, extra_address="山东省济南市历城区新址示例街16号"),
        _card("long_term", "李桂兰 · 居民身份证 (长期)", CardType.RESIDENT, {
            "name": "李桂兰", "sex": "2", "nation": "01", "birth_date": "19480707",
            "address": "山东省济南市市中区示例胡同7号",
            "id_number": make_valid("37010319480707004"), "issuer": "济南市公安局市中分局",
            "valid_from": "20120303", "valid_to": "长期",
        }),
        _card("expired", "刘建国 · 居民身份证 (已过期)", CardType.RESIDENT, {
            "name": "刘建国", "sex": "1", "nation": "01", "birth_date": "19750210",
            "address": "山东省济南市天桥区示例大街21号",
            "id_number": make_valid("37010519750210001"), "issuer": "济南市公安局天桥分局",
            "valid_from": "20050418", "valid_to": "20250418",
        }),
        _card("hmt", "陈家明 · 港澳台居民居住证", CardType.HMT_PERMIT, {
            "name": "陈家明", "sex": "1", "nation": "", "birth_date": "19920815",
            "address": "山东省济南市槐荫区示例花园5号楼",
            "id_number": make_valid("81000019920815001"), "issuer": "济南市公安局",
            "valid_from": "20210601", "valid_to": "20310601", "pass_number": "H12345678",
            "issue_count": "01",
        }),
        _card("foreign2017", "SMITH JOHN · 外国人永久居留身份证 (2017)", CardType.FOREIGN_2017, {
            "english_name": "SMITH, JOHN WILLIAM", "sex": "1", "id_number": "USA370080061512",
            "nationality": "USA", "chinese_name": "史约翰", "valid_from": "20190110",
            "valid_to": "20290110", "birth_date": "19800615", "card_version": "17",
            "issuing_office": "3700",
        }),
        _card("foreign2023", "DUPONT MARIE · 外国人永久居留身份证 (2023)", CardType.FOREIGN_2023, {
            "chinese_name": "杜玛丽", "sex": "2", "birth_date": "19900412",
            "english_name": "DUPONT, MARIE", "id_number": make_valid("93725019900412062"),
            "valid_from": "20240301", "valid_to": "20340301", "nationality": "FRA",
        }),
    )
}


def sample_keys() -> list[str]:
    return list(SAMPLES)


def get(key: str) -> SampleCard:
    try:
        return SAMPLES[key]
    except KeyError:
        raise KeyError(f"no sample card {key!r}; choose from {', '.join(SAMPLES)}") from None
