"""The text-block parser: every card type, codes to names, dates, checks, and typed errors."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard import cardparse
from devices.idcard.cardparse import (
    BlockLengthError,
    EncodingError,
    FieldError,
    ParseError,
    UnknownCardType,
    encode_text_block,
    parse_text_block,
)
from devices.idcard.samples import SAMPLES, get
from kiosk.identity import LONG_TERM, CardType

TODAY = date(2026, 11, 26)


def _fields(key: str) -> dict[str, str]:
    return cardparse.split_fields(get(key).text)[1]


def test_resident_card_fields() -> None:
    ident = parse_text_block(get("resident").text, today=TODAY)
    assert ident.card_type is CardType.RESIDENT
    assert ident.name == "张秀英"
    assert ident.sex == "2" and ident.extra["sex_name"] == "女"
    assert ident.nation == "汉" and ident.extra["nation_code"] == "01"
    assert ident.birth_date == date(1968, 3, 15)
    assert ident.address.startswith("山东省济南市历下区")
    assert ident.id_number == "370102196803150029"
    assert ident.issuer == "济南市公安局历下分局"
    assert ident.valid_from == date(2016, 5, 20) and ident.valid_to == date(2036, 5, 20)
    assert ident.checksum_ok and not ident.expired
    assert ident.extra["region_name"] == "历下区"
    assert "370102" in repr(ident) and "张秀英" not in repr(ident)


def test_rare_character_name_survives() -> None:
    ident = parse_text_block(get("rare_name").text, extra_address=get("rare_name").extra_address)
    assert ident.name == "王䶮"
    assert ident.nation == "回"
    assert ident.extra["extra_address"].startswith("山东省济南市历城区")
    assert ident.id_number.endswith("X")


def test_supplementary_plane_name() -> None:
    fields = _fields("resident")
    fields["name"] = "张𠮷"  # outside the BMP: a surrogate pair in UTF-16
    ident = parse_text_block(encode_text_block(CardType.RESIDENT, fields))
    assert ident.name == "张𠮷"


def test_long_term_validity() -> None:
    ident = parse_text_block(get("long_term").text, today=date(2099, 1, 1))
    assert ident.valid_to == LONG_TERM
    assert not ident.expired


def test_expired_card_detected_against_given_date() -> None:
    card = get("expired").text
    assert parse_text_block(card, today=TODAY).expired
    assert not parse_text_block(card, today=date(2025, 4, 18)).expired
    assert not parse_text_block(card).expired  # no date, no judgement


def test_hmt_permit() -> None:
    ident = parse_text_block(get("hmt").text, today=TODAY)
    assert ident.card_type is CardType.HMT_PERMIT
    assert ident.nation == ""
    assert ident.extra["pass_number"] == "H12345678" and ident.extra["issue_count"] == "01"
    assert ident.id_number.startswith("810000") and ident.checksum_ok


def test_foreign_2017() -> None:
    ident = parse_text_block(get("foreign2017").text, today=TODAY)
    assert ident.card_type is CardType.FOREIGN_2017
    assert ident.extra["english_name"] == "SMITH, JOHN WILLIAM"
    assert ident.name == "史约翰" and ident.nation == "USA"
    assert ident.id_number == "USA370080061512"
    assert ident.birth_date == date(1980, 6, 15) and ident.valid_to == date(2029, 1, 10)


def test_foreign_2023_keeps_unagreed_bytes_raw_and_flags_layout() -> None:
    ident = parse_text_block(get("foreign2023").text, today=TODAY)
    assert ident.card_type is CardType.FOREIGN_2023
    assert ident.extra["layout"] == "unconfirmed"
    assert {k for k in ident.extra if k.startswith("unconfirmed_")} == {
        "unconfirmed_32", "unconfirmed_158", "unconfirmed_220", "unconfirmed_250"}
    assert ident.nation == "FRA" and ident.checksum_ok
    assert ident.extra["english_name"] == "DUPONT, MARIE"


def test_every_sample_parses_with_valid_checksum() -> None:
    for key, card in SAMPLES.items():
        ident = parse_text_block(card.text, today=TODAY)
        assert ident.checksum_ok, key
        assert ident.expired == (key == "expired"), key


def test_bad_check_character_is_flagged_not_raised() -> None:
    fields = _fields("resident")
    fields["id_number"] = fields["id_number"][:17] + ("1" if fields["id_number"][17] != "1" else "2")
    ident = parse_text_block(encode_text_block(CardType.RESIDENT, fields))
    assert not ident.checksum_ok


def test_birth_date_mismatch_with_number_is_flagged() -> None:
    fields = _fields("resident")
    fields["birth_date"] = "19680316"
    assert not parse_text_block(encode_text_block(CardType.RESIDENT, fields)).checksum_ok


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("name", "", FieldError),
        ("sex", "5", FieldError),
        ("nation", "77", FieldError),
        ("birth_date", "19680230", FieldError),
        ("birth_date", "1968031", FieldError),
        ("valid_to", "永久", FieldError),
        ("valid_to", "20100101", FieldError),  # before valid_from
        ("id_number", "3701-0219", FieldError),
        ("name", "张\x07", FieldError),
    ],
)
def test_bad_fields_raise_typed_errors(field: str, value: str, error: type[ParseError]) -> None:
    fields = _fields("resident")
    fields[field] = value
    with pytest.raises(error) as info:
        parse_text_block(encode_text_block(CardType.RESIDENT, fields))
    assert info.value.field == field


def test_wrong_length_and_type() -> None:
    with pytest.raises(BlockLengthError):
        parse_text_block(b"\x20\x00" * 100)
    block = bytearray(get("resident").text)
    block[248:250] = "Q".encode("utf-16-le")
    with pytest.raises(UnknownCardType):
        parse_text_block(bytes(block))


def test_lone_surrogate_is_an_encoding_error() -> None:
    block = bytearray(get("resident").text)
    block[0:2] = b"\x00\xd8"  # high surrogate followed by a normal character
    with pytest.raises(EncodingError):
        parse_text_block(bytes(block))


def test_permit_with_nation_is_rejected() -> None:
    fields = _fields("hmt")
    fields["nation"] = "01"
    with pytest.raises(FieldError):
        parse_text_block(encode_text_block(CardType.HMT_PERMIT, fields))


def test_foreign_bad_nationality() -> None:
    fields = _fields("foreign2017")
    fields["nationality"] = "U1"
    with pytest.raises(FieldError):
        parse_text_block(encode_text_block(CardType.FOREIGN_2017, fields))


def test_encode_refuses_overlong_field() -> None:
    with pytest.raises(ValueError):
        encode_text_block(CardType.RESIDENT, {"name": "很" * 16})


# --- fuzz -----------------------------------------------------------------------------------


def _mutate(data: st.DataObject) -> bytes:
    base = bytearray(data.draw(st.sampled_from([c.text for c in SAMPLES.values()])))
    for _ in range(data.draw(st.integers(0, 8))):
        pos = data.draw(st.integers(0, len(base) - 1))
        base[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(base)))
        base = base[:cut] + bytearray(data.draw(st.binary(max_size=8)))
    return bytes(base)


def _assert_parses_or_typed_error(block: bytes) -> None:
    try:
        ident = parse_text_block(block, today=TODAY)
    except ParseError:
        return
    assert isinstance(ident.card_type, CardType)
    assert ident.id_number


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_fuzz_mutated_blocks(data: st.DataObject) -> None:
    _assert_parses_or_typed_error(_mutate(data))


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=0, max_size=300))
def test_fuzz_random_bytes(block: bytes) -> None:
    _assert_parses_or_typed_error(block)


@pytest.mark.long
@settings(max_examples=100_000, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_fuzz_text_block_long(data: st.DataObject) -> None:
    _assert_parses_or_typed_error(_mutate(data))
