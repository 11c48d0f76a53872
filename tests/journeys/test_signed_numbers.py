"""A number that may go below zero, typed as a person types it: a basement floor (负一层) and a month's net
income that was a loss. Their definitions have a negative ``min``, so their keypads carry a − key (in the
corner of a whole number's keypad, beside Clear on an amount's) that puts the sign in front of the number
or takes it away, wherever the cursor is; numbers that never go below zero (the phone number here) keep
their keypad without it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from contract.forms import FormDefinition
from kiosk.content import load_sample_content
from tests.journeys.finger import Finger, labelled, on_screen
from tests.journeys.test_elderly_and_faults import _to_form_with_card
from tests.journeys.test_journeys import _field, _type_on_keypad
from tests.ui.qml_driver import find, is_shown, items, wait_for
from ui.harness import build_harness

pytestmark = [pytest.mark.gui, pytest.mark.journey]

FLOOR = {"id": "floor", "type": "number", "decimals": 0, "min": -3, "max": 60, "required": True,
         "label": {"zh_CN": "所住楼层", "en_US": "Floor you live on"},
         "hint": {"zh_CN": "地下一层请填 -1", "en_US": "For the first basement floor enter -1"}}
NET_INCOME = {"id": "net_income", "type": "number", "decimals": 2, "min": -50000, "max": 50000, "required": True,
              "label": {"zh_CN": "上月经营净收入（元）", "en_US": "Net business income last month (yuan)"},
              "hint": {"zh_CN": "亏损请填负数", "en_US": "Enter a loss as a negative amount"}}


@pytest.fixture
def app(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    """The suite's kiosk, its residence certificate asking for the floor and the net income first."""
    content = load_sample_content()
    form = content.forms["residence_certificate"].to_dict()
    form["pages"][0]["fields"][:0] = [FLOOR, NET_INCOME]
    forms = {**content.forms, "residence_certificate": FormDefinition.from_dict(form)}
    h = build_harness(data_dir=tmp_path / "data", content=replace(content, forms=forms))
    try:
        yield h
    finally:
        h.close()


def _open_keypad(app: Any, what: str) -> Any:
    """The keypad on screen (each number field has its own; only the field being typed in shows it)."""
    wait_for(lambda: find(app.app.window, "keypad") is not None, what=what)
    return find(app.app.window, "keypad")


def _has_key(pad: Any, name: str) -> bool:
    return any(item.objectName() == name and is_shown(item) for item in items(pad))


def _answer(app: Any, field_id: str) -> str:
    return str(app.backend.resident.session.form.value(field_id))


def test_a_basement_floor_and_a_loss_are_typed_with_the_minus_key(app: Any, finger: Finger) -> None:
    _to_form_with_card(app, finger)
    floor = _field(app, "input_floor")
    finger.reach(floor)
    finger.tap_item(floor)
    pad = _open_keypad(app, "the floor's keypad")
    assert _has_key(pad, "key_minus") and not _has_key(pad, "key_point"), "a whole number: − in the corner"
    before = finger.taps
    finger.tap("1", under=pad)
    finger.tap("−", under=pad)  # after the digit: the sign still goes in front
    wait_for(lambda: _answer(app, "floor") == "-1", what="floor -1")
    assert finger.taps - before == 2
    finger.shot("floor_minus_one")
    finger.tap("−", under=pad)  # and comes off again
    wait_for(lambda: _answer(app, "floor") == "1", what="floor 1")
    finger.tap("−", under=pad)
    finger.tap("5", under=pad)  # one digit too many: fifteen floors down
    wait_for(lambda: _answer(app, "floor") == "-15", what="floor -15")

    income = _field(app, "input_net_income")
    finger.reach(income)
    finger.tap_item(income)
    wait_for(lambda: _has_key(find(app.app.window, "keypad") or income, "key_point"), what="the amount's keypad")
    pad = _open_keypad(app, "the amount's keypad")  # the point in the corner, − beside Clear
    finger.tap("−", under=pad)
    _type_on_keypad(app, finger, "1200.5")
    wait_for(lambda: _answer(app, "net_income") == "-1200.5", what="a loss of 1,200.50 yuan")
    finger.shot("net_income_loss")

    finger.tap("下一步")  # the form says how deep the floor can be, and stays on the page
    wait_for(lambda: "-3" in str(_field(app, "input_floor").property("error")), what="the floor's limit")
    assert app.backend.form.get("page") == 1
    assert _field(app, "input_net_income").property("error") == "", "a loss within the limits is an answer"
    # the first question with an error comes into view by itself (it was scrolled away above)
    wait_for(lambda: on_screen(finger.window, _field(app, "input_floor")), what="the floor's error in view")
    finger.shot("floor_below_min")
    finger.tap_item(_field(app, "input_floor"))
    pad = _open_keypad(app, "the floor's keypad again")
    finger.tap("⌫", under=pad)  # the cursor waits at the end: the extra 5 goes
    wait_for(lambda: _answer(app, "floor") == "-1", what="floor -1 again")
    wait_for(lambda: _field(app, "input_floor").property("error") == "", what="no error on -1")
    finger.shot("floor_fixed")  # (drawn: the error line's room is given back before the page is dragged)

    phone = _field(app, "input_phone")
    finger.reach(phone)
    finger.tap_item(phone)
    wait_for(lambda: find(app.app.window, "keypad") is not None and _has_key(phone, "keypad"), what="the phone's keypad")
    pad = _open_keypad(app, "the phone's keypad")
    assert _has_key(pad, "key_1") and not _has_key(pad, "key_minus"), "a phone number has no minus key"
    assert not list(labelled(finger.window, "−", pad))
    finger.shot("phone_keypad")
