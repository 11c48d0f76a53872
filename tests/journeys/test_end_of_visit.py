"""The end of a visit with the card still on the reader, in English with large text and voice on: the card
reminder comes first, on screen and aloud, then the rating and the farewell, all in the visit's settings
(issue 15 items 2 and 5). The application itself is made by the screenshot helpers; the end is tapped."""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.voice_prompts import PROMPTS
from tests.journeys.finger import Finger
from tests.ui.qml_driver import wait_for
from ui.harness import sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = pytest.mark.gui


def test_take_your_card_first_then_rating_and_farewell_in_the_visits_settings(app: Any, finger: Finger) -> None:
    b, voice = app.backend, app.app.voice
    finger.tap("轻触屏幕开始办理")
    finger.tap("English")
    finger.tap("Large text")
    finger.tap("Read aloud")
    b.openService("residence_certificate")
    app.services.idcard.place(sample_identity("resident", app.clock))
    b.apply()
    wait_for(lambda: b.screen == "form", what="form after the card")
    _fill_sample_answers(app)
    b._show_review()
    b.submit()
    wait_for(lambda: b.screen == "receipt", timeout_s=20, what="receipt")

    finger.tap("Done")
    finger.wait_to_see("Your ID card is still on the reader. Please take it now.")
    assert voice.spoken[-1] == PROMPTS["take_card"]["en_US"]
    assert b.resident.session.is_empty and b.largeText and voice.enabled
    finger.shot("take_card_en_large")
    app.services.idcard.remove()
    finger.wait_to_see("How was your visit today?")  # the rating, still in English, still large
    assert b.largeText and voice.enabled
    finger.tap("Skip")
    finger.wait_to_see("Please take your ID card and your receipt")
    finger.shot("farewell_en_large")
    app.clock.advance(10)
    b.tick()
    wait_for(lambda: b.screen == "attract", what="attract after the farewell")
    assert b.language == "zh_CN" and not b.largeText and not voice.enabled  # the next person starts afresh
