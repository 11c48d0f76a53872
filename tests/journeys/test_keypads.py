"""One digit order across the app and a stepper for counts (issue 15 item 13), as a person meets them:
each number field tapped shows keys with 1-2-3 on top, like a phone, whether it takes an ID number, a
phone number or a tracking number; a count (copies) is chosen with − and +, never typed, and stays
within its bounds."""

from __future__ import annotations

from typing import Any

import pytest

from tests.journeys.finger import Finger, labelled
from tests.journeys.test_elderly_and_faults import _to_form_with_card
from tests.journeys.test_journeys import START_ZH, _field, _to_guide_in_english, _type_on_keypad
from tests.ui.qml_driver import wait_for
from ui.screenshot import _fill_sample_answers, _submit

pytestmark = [pytest.mark.gui, pytest.mark.journey]


def _top_row_first(finger: Finger) -> None:
    """The keys now on screen (the app's keypad or Qt's keyboard) have 1 above 4 above 7, 1 left of 3."""
    keys: dict[str, Any] = {}

    def shown() -> bool:  # as a person looks until the keys have appeared
        keys.update({d: next(iter(labelled(finger.window, d)), None) for d in "1347"})
        return all(keys.values())

    wait_for(shown, what="the keys 1, 3, 4 and 7 on screen")
    at = {d: k.mapToScene(k.boundingRect().center()) for d, k in keys.items()}
    assert at["1"].y() < at["4"].y() < at["7"].y(), f"the keys are not 1-2-3 on top: {at}"
    assert at["1"].x() < at["3"].x()


def test_the_id_phone_and_tracking_keypads_all_have_1_2_3_on_top(app: Any, finger: Finger) -> None:
    b = app.backend
    _to_guide_in_english(finger)
    finger.tap("Apply here")
    finger.tap("No card? Enter your details by hand")
    finger.tap_item(_field(app, "manualId"))
    _top_row_first(finger)
    finger.shot("id_keypad_en")
    finger.tap_item(_field(app, "manualPhone"))
    _top_row_first(finger)
    finger.shot("phone_keypad_en")

    _submit(app)  # an application in the store to look up (the form is not this journey)
    number = b.resident.session.last_stub.tracking_number
    b.wipe("idle")
    wait_for(lambda: b.screen == "attract", what="the attract screen")
    finger.tap(START_ZH)
    finger.tap("English")
    before = finger.taps
    finger.tap("Check my application")
    finger.tap_item(_field(app, "trackingField"))
    _top_row_first(finger)
    _type_on_keypad(app, finger, number)
    finger.shot("tracking_keypad_en")
    finger.tap("Check")
    wait_for(lambda: b.screen == "lookup_result", what="the application found")
    assert finger.taps - before == 2 + len(number) + 1  # open, the field, the digits, Check: nothing more


def test_copies_is_a_stepper_that_stays_within_its_bounds(app: Any, finger: Finger) -> None:
    b = app.backend
    _to_form_with_card(app, finger)
    _fill_sample_answers(app)  # pages 1 and 2 are not this journey
    b.resident.session.form.set_value("copies", None)
    finger.tap("下一步")
    wait_for(lambda: b.form.get("page") == 2, what="page 2")
    finger.tap("下一步")
    wait_for(lambda: b.form.get("page") == 3, what="page 3")
    stepper = _field(app, "stepper_copies")
    finger.reach(stepper)
    assert _field(app, "stepValue").property("text") == "请按 +"  # unanswered: which key to press, not a silent 1
    finger.shot("copies_unanswered")
    assert not _field(app, "stepDown").isEnabled()
    for expected in ("1", "2", "3"):
        finger.tap("+", under=stepper)
        wait_for(lambda want=expected: str(b.resident.session.form.value("copies")) == want, what=f"{expected} copies")
        assert _field(app, "stepValue").property("text") == expected
    assert not _field(app, "stepUp").isEnabled()  # 3 is the most: + stops there
    finger.shot("copies_at_most")
    finger.tap("−", under=stepper)
    wait_for(lambda: str(b.resident.session.form.value("copies")) == "2", what="one fewer")
    assert _field(app, "stepDown").isEnabled()
