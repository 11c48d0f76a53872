"""Finding a service by its pinyin initials, as a person does: the search box, four keys, the result (item 8)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.journeys.finger import Finger
from tests.journeys.test_journeys import START_ZH, _type_on_virtual_keyboard
from tests.ui.qml_driver import wait_for

pytestmark = [pytest.mark.gui, pytest.mark.journey]


def test_jzzm_reaches_the_residence_certificate_guide_in_six_taps(app: Any, finger: Finger) -> None:
    finger.tap(START_ZH)
    before = finger.taps
    finger.tap("搜索事项（汉字、拼音或首字母，如 jzzm）")
    wait_for(lambda: app.backend.screen == "search", what="the search page")
    _type_on_virtual_keyboard(app, finger, "jzzm")  # the field has the keyboard at once: no tap to focus it
    finger.shot("search_jzzm")
    finger.tap("居住证明")  # listed while typing, without Enter
    wait_for(lambda: app.backend.screen == "guide", what="the residence certificate guide")
    assert app.backend.resident.session.service_id == "residence_certificate"
    assert finger.taps - before <= 6, f"jzzm to the guide took {finger.taps - before} taps"
