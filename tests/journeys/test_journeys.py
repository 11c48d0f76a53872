"""Residents' errands from the attract screen, as a person does them: taps at what is on screen, typing
only on the on-screen keys, tap budgets as assertions (issue 15 items 1, 2, 4, 5)."""

from __future__ import annotations

from typing import Any

import pytest

from contract import idnumber
from tests.journeys.finger import Finger, on_screen
from tests.ui.qml_driver import find, pump, wait_for
from ui.harness import sample_identity

pytestmark = [pytest.mark.gui, pytest.mark.journey]

START_ZH = "轻触屏幕开始办理"


def _id_with_x() -> str:
    """A valid Jinan number whose check character is X (the hardest to type on a Pinyin keyboard)."""
    return next(n for n in (idnumber.make_valid(f"3701021968031500{i}") for i in range(10)) if n.endswith("X"))


def _field(app: Any, name: str) -> Any:
    item = find(app.app.window, name)
    assert item is not None, name
    return item


def _type_on_virtual_keyboard(app: Any, finger: Finger, text: str) -> None:
    panel = _field(app, "inputPanel")
    wait_for(lambda: bool(panel.property("active")), what="the on-screen keyboard")
    pump(200)
    for ch in text:
        finger.tap(ch, under=panel)


def _type_on_keypad(app: Any, finger: Finger, text: str) -> None:
    """Type digits on the app's own keypad (Keypad.qml) under the focused number field: no system keyboard."""
    wait_for(lambda: find(app.app.window, "inputPanel") is None, what="the keypad instead of the keyboard")
    pump(200)
    keypad = _field(app, "keypad")
    for ch in text:
        finger.tap(ch, under=keypad)


def _to_guide_in_english(finger: Finger) -> None:
    finger.tap(START_ZH)
    finger.tap("English")
    finger.tap("Certificates")
    finger.tap("Residence certificate")


def test_manual_id_entry_with_x_a_wrong_check_digit_then_fixed(app: Any, finger: Finger) -> None:
    b = app.backend
    number = _id_with_x()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    _to_guide_in_english(finger)
    finger.tap("Apply here")
    finger.tap("No card? Enter your details by hand")
    finger.tap_item(_field(app, "manualName"))
    _type_on_virtual_keyboard(app, finger, "li ming")

    before = finger.taps
    finger.tap_item(_field(app, "manualId"))
    _type_on_keypad(app, finger, wrong)
    assert _field(app, "manualId").property("text") == wrong
    assert finger.taps - before <= 20, f"an 18-character ID number with X took {finger.taps - before} taps"
    finger.shot("id_keypad")

    phone = _field(app, "manualPhone")
    if not on_screen(app.app.window, phone):
        finger.swipe_up(_field(app, "manualId"), 600)
    finger.tap_item(phone)
    _type_on_keypad(app, finger, "13912345678")
    finger.tap("Next")
    wait_for(lambda: b.manualErrors.get("id_number") == "checksum", what="the check digit refused")
    finger.wait_to_see("This ID number is not valid. Please check each digit.")
    finger.shot("checksum_error")

    before = finger.taps
    finger.tap_item(_field(app, "manualId"))  # the cursor goes to the end, after the wrong check digit
    wait_for(lambda: find(app.app.window, "inputPanel") is None, what="the ID keypad instead of the keyboard")
    finger.tap("⌫", under=_field(app, "keypad"))
    assert not finger.sees("This ID number is not valid. Please check each digit.")  # the error goes with the fix
    finger.tap(number[17], under=_field(app, "keypad"))
    finger.tap("Next")
    wait_for(lambda: b.screen == "form", what="the form after manual entry")
    assert finger.taps - before <= 4, f"correcting one character took {finger.taps - before} taps"

    rows = {r["fieldId"]: r for r in b.fields.rows()}
    assert rows["phone"]["value"] == "13912345678"  # typed once, not asked again
    assert b.resident.session.identity.id_number == number


def test_a_card_left_on_the_reader_never_identifies_the_next_person(app: Any, finger: Finger) -> None:
    b, reader = app.backend, app.services.idcard
    first, second = sample_identity("resident", app.clock), sample_identity("long_term", app.clock)
    finger.tap(START_ZH)
    finger.tap("证明开具")
    finger.tap("居住证明")
    finger.tap("在这里申请")
    reader.place(first)
    wait_for(lambda: b.screen == "form", what="the form after the card")
    finger.shot("identified_zh")
    # the resident walks away with the card on the reader: the idle wipe ends the session
    app.clock.advance(app.services.settings.ui.idle_timeout_s + 1)
    b.tick()
    wait_for(lambda: b.screen == "attract", what="attract after idle")

    finger.tap(START_ZH)
    finger.tap("证明开具")
    finger.tap("居住证明")
    finger.tap("在这里申请")
    finger.wait_to_see("读卡器上还有一张证件，请先取走，再放上您自己的证件。")
    finger.shot("left_card_zh")
    pump(600)
    assert b.screen == "identify" and not b.identified
    reader.remove()
    wait_for(lambda: b.identifyState == "waiting", what="the old card taken")
    reader.place(second)
    wait_for(lambda: b.screen == "form", what="the form for the next person")
    assert b.resident.session.identity.id_number == second.id_number


def test_taking_the_card_off_mid_form_clears_it_and_a_second_card_waits_for_a_yes(app: Any, finger: Finger) -> None:
    b, reader = app.backend, app.services.idcard
    finger.tap(START_ZH)
    finger.tap("证明开具")
    finger.tap("居住证明")
    finger.tap("在这里申请")
    reader.place(sample_identity("resident", app.clock))
    wait_for(lambda: b.screen == "form", what="form")
    reader.place(sample_identity("hmt", app.clock))  # swapped without a word
    wait_for(lambda: b.identifyState == "other_card", what="the second card held")
    assert not b.identified and b.screen == "identify"
    finger.shot("other_card_zh")
    finger.tap("用这张证件继续")
    wait_for(lambda: b.screen == "form", what="form for the second card")
    reader.remove()
    wait_for(lambda: b.identifyState == "removed", what="the identity gone with the card")
    assert not b.identified and b.resident.session.form is None
    finger.shot("removed_zh")


@pytest.mark.parametrize("key, latin", [
    ("foreign2017", "S***** J*** W******"),
    ("foreign2023", "D****** M****"),
    ("hmt", "陈**"),
])
def test_english_foreign_resident_with_each_card(app: Any, finger: Finger, key: str, latin: str) -> None:
    b, reader = app.backend, app.services.idcard
    ident = sample_identity(key, app.clock)
    _to_guide_in_english(finger)
    finger.tap("Apply here")
    reader.place(ident)
    wait_for(lambda: b.screen == "form", what=f"the form after the {key} card")
    finger.wait_to_see(f"{latin}  ·  End / change card")
    finger.shot(f"form_{key}_en")
    finger.tap("Next")
    wait_for(lambda: any(r["error"] for r in b.fields.rows()), what="page 1 checked")
    errors = {r["fieldId"]: r["error"] for r in b.fields.rows() if r["error"]}
    assert "id_number" not in errors and "name" not in errors, errors  # the card's number is valid here
    finger.tap(f"{latin}  ·  End / change card")
    finger.wait_to_see("A card is still on the reader. Please take it, then place your own card.")
    assert not b.identified and b.language == "en_US"
    finger.shot(f"change_card_{key}_en")
