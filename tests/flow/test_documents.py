"""Item 1 of issue 15: every identity document the card reader reads is valid in every ID field it can fill."""

from __future__ import annotations

from datetime import date

import pytest

from contract import idnumber
from contract.clock import FakeClock
from contract.forms.checks import check_answer
from kiosk.flow import ResidentFlow
from kiosk.identity import CardType
from kiosk.roles.idcard import CardRead
from tests.flow.conftest import sample_identity

CARD_KEYS = ("resident", "hmt", "foreign2017", "foreign2023")


@pytest.mark.parametrize("number, kind", [
    (idnumber.make_valid("37010219800101002"), idnumber.CITIZEN),
    (idnumber.make_valid("81000019920815001"), idnumber.CITIZEN),  # Hong Kong residence permit
    (idnumber.make_valid("93725019900412062"), idnumber.CITIZEN),  # 2023 foreign permanent resident card
    ("USA370080061512", idnumber.FOREIGN_2017),
    ("usa 3700 800615 12", idnumber.FOREIGN_2017),
    ("H12345678", idnumber.TRAVEL_PERMIT),
    ("M1234567801", idnumber.TRAVEL_PERMIT),
])
def test_each_document_number_is_accepted(number: str, kind: str) -> None:
    assert idnumber.problem(number) is None and idnumber.kind(number) == kind


@pytest.mark.parametrize("number, code", [
    ("USA37008006151", "document"),  # one digit short
    ("US3700800615123", "document"),
    ("USA370080139912", "birth_date"),  # month 13
    ("H1234567", "document"),
    ("X12345678", "document"),
    ("37010219800101", "length"),
    (idnumber.make_valid("37010219800101002")[:17] + "Y", "characters"),
])
def test_wrong_numbers_say_what_is_wrong(number: str, code: str) -> None:
    assert idnumber.problem(number) == code and idnumber.kind(number) is None


def test_free_text_redaction_still_finds_only_citizen_numbers() -> None:
    assert idnumber.find_in_text("card USA370080061512 here") == []
    assert not idnumber.is_valid("USA370080061512")


@pytest.mark.parametrize("key", CARD_KEYS)
def test_a_form_id_field_accepts_what_each_card_prefills(flow: ResidentFlow, clock: FakeClock, key: str) -> None:
    flow.start()
    flow.open_service("residence_certificate")
    flow.identify_for("apply")
    assert flow.card_result(CardRead(sample_identity(clock, key))) == "identified"
    flow.begin_form()
    form = flow.resident.session.form
    id_fields = [f for f in form.definition.fields if f.type == "id_number"]
    assert id_fields
    for f in id_fields:
        value = form.value(f.id)
        assert value, f"{f.id} not prefilled from the {key} card"
        assert check_answer(f, value, "en_US", date.today, None) is None
    assert "id_number" not in flow.cursor.step_errors(form, "en_US")


@pytest.mark.parametrize("number", ["USA370080061512", "H12345678", idnumber.make_valid("93725019900412062")])
def test_manual_entry_takes_each_document(flow: ResidentFlow, number: str) -> None:
    flow.start()
    assert flow.submit_manual("SMITH JOHN", number, "13912345678")
    ident = flow.resident.session.identity
    assert ident is not None and ident.card_type is CardType.MANUAL and ident.id_number == number
    if idnumber.kind(number) != idnumber.CITIZEN:
        assert ident.birth_date is None and ident.sex == ""  # nothing invented from a number that does not encode it


@pytest.mark.parametrize("key, latin", [("foreign2017", "S***** J*** W******"), ("foreign2023", "D****** M****")])
def test_foreign_cards_show_their_latin_name_on_english_screens(flow: ResidentFlow, clock: FakeClock,
                                                                key: str, latin: str) -> None:
    flow.start()
    flow.resident.session.identity = sample_identity(clock, key)
    assert flow.masked_identity()[0].startswith(("史", "杜"))
    flow.set_language("en_US")
    assert flow.masked_identity()[0] == latin


def test_the_phone_typed_at_manual_entry_answers_the_form(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    flow.open_service("residence_certificate")
    flow.identify_for("apply")
    assert flow.submit_manual("张三", sample_identity(clock).id_number, "13912345678")
    flow.begin_form()
    assert flow.resident.session.form.value("phone") == "13912345678"


def test_an_english_form_takes_the_latin_name_of_a_foreign_card(flow: ResidentFlow, clock: FakeClock) -> None:
    flow.start()
    flow.set_language("en_US")
    flow.open_service("residence_certificate")
    flow.resident.session.identity = sample_identity(clock, "foreign2017")
    flow.begin_form()
    assert flow.resident.session.form.value("name") == "SMITH, JOHN WILLIAM"
