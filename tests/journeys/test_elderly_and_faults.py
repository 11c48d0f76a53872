"""An elderly resident's whole application in large text, a printer that runs out of paper at the end,
and a resident who walks away mid-form (issue 15: the journeys the suite lacked).

Every screen of the elderly journey is checked as it is shown: no text cut or spilling, no control
covering another (tests/journeys/layout.py), in portrait and landscape.
"""

from __future__ import annotations

from typing import Any

import pytest

from kiosk.roles.printer import Paper
from tests.journeys.finger import Finger
from tests.journeys.layout import layout_problems
from tests.journeys.test_journeys import START_ZH, _field, _type_on_keypad
from tests.ui.qml_driver import find, pump, visible_texts, wait_for
from ui.harness import sample_identity
from ui.screenshot import _fill_sample_answers

pytestmark = [pytest.mark.gui, pytest.mark.journey]

PHONE = "13912345678"


def _fits(app: Any, finger: Finger, where: str) -> None:
    """The screen, once settled (lists laid out, pages still), has nothing cut and nothing covered."""
    problems: list[str] = []

    def settled_and_fine() -> bool:
        pump(100)
        problems[:] = layout_problems(app.app.window)
        return not problems

    try:
        wait_for(settled_and_fine, 3.0, where)
    except AssertionError:
        pass
    finger.shot(where)
    assert not problems, f"{where}:\n" + "\n".join(problems)


def _to_form_with_card(app: Any, finger: Finger, large: bool = False) -> None:
    finger.tap(START_ZH)
    if large:
        finger.tap("大字模式")
    finger.tap("证明开具")
    finger.tap("居住证明")
    finger.tap("在这里申请")
    app.services.idcard.place(sample_identity("resident", app.clock))
    wait_for(lambda: app.backend.screen == "form", what="the form after the card")


def _type_phone(app: Any, finger: Finger) -> None:
    phone = _field(app, "input_phone")
    finger.reach(phone)
    finger.tap_item(phone)
    _type_on_keypad(app, finger, PHONE)


def _type_house_number(app: Any, finger: Finger) -> None:
    """"1号楼301" on the on-screen keyboard, as a person types it: the digits on its &123 page, back to the
    letters (ABC), hao and lou in Pinyin, each character picked from the candidates."""
    detail = _field(app, "detail_address")
    finger.reach(detail)
    finger.tap_item(detail)
    panel = _field(app, "inputPanel")
    wait_for(lambda: bool(panel.property("active")), what="the on-screen keyboard")
    pump(200)
    for keys in (["&123", "1", "ABC"], ["h", "a", "o", "号"], ["l", "o", "u", "楼"], ["&123", "3", "0", "1"]):
        for key in keys:
            finger.tap(key, under=panel)
    wait_for(lambda: (app.backend.resident.session.form.value("address") or {}).get("detail") == "1号楼301",
             what="the house number typed")
    _fits(app, finger, "7_house_number_on_the_keyboard")


@pytest.mark.parametrize("app", [(1080, 1920), (1920, 1080)], ids=["portrait", "landscape"], indirect=True)
def test_elderly_resident_applies_in_large_text_and_every_screen_fits(app: Any, finger: Finger) -> None:
    b = app.backend
    finger.tap(START_ZH)
    finger.tap("大字模式")
    _fits(app, finger, "1_home_large")
    finger.tap("证明开具")
    _fits(app, finger, "2_category")
    finger.tap("居住证明")
    _fits(app, finger, "3_guide")
    finger.tap("在这里申请")
    _fits(app, finger, "4_identify")
    app.services.idcard.place(sample_identity("resident", app.clock))
    wait_for(lambda: b.screen == "form", what="the form after the card")
    _fits(app, finger, "5_form_page1")
    _type_phone(app, finger)
    _fits(app, finger, "6_phone_on_the_keypad")
    finger.tap("下一步")
    wait_for(lambda: b.form.get("page") == 2, what="page 2")
    finger.reach(_field(app, "choice_address_district_370102"))
    finger.tap("历下区")
    finger.reach(_field(app, "choice_address_street_泉城路街道"))
    finger.tap("泉城路街道")
    _type_house_number(app, finger)
    finger.reach(_field(app, "date_year_back10_since"))
    _fits(app, finger, "8_date_steppers")
    finger.tap("−10")  # the date opens at this year: ten years back is one tap, not 27 drags of a wheel
    finger.reach(_field(app, "date_set_since"))
    finger.tap("使用这个日期")
    wait_for(lambda: bool(b.resident.session.form.value("since")), what="the date chosen")
    finger.reach(_field(app, "field_housing"))
    finger.tap("自有住房")
    _fits(app, finger, "9_form_page2")
    finger.tap("下一步")
    wait_for(lambda: b.form.get("page") == 3, what="page 3")
    finger.reach(_field(app, "choice_purpose_school"))
    finger.tap("子女入学")
    copies = _field(app, "stepper_copies")
    finger.reach(copies)
    finger.tap("+", under=copies)  # one copy: a count is stepped, not typed
    finger.reach(_field(app, "choice_truthful_agree"))
    finger.tap("我已阅读并同意")
    _fits(app, finger, "10_form_page3")
    finger.tap("检查填写内容")
    wait_for(lambda: b.screen == "review", what="the review")
    _fits(app, finger, "11_review")
    finger.tap("确认提交")
    wait_for(lambda: b.screen == "receipt", timeout_s=20, what="the receipt")
    _fits(app, finger, "12_receipt")
    assert b.largeText and app.services.printer.printed


def test_printer_out_of_paper_mid_submit_says_so_loses_nothing_and_calls_staff(app: Any, finger: Finger) -> None:
    b, printer = app.backend, app.services.printer
    _to_form_with_card(app, finger)
    _fill_sample_answers(app)  # the form is not what this journey is about
    b._show_review()
    printer.paper = Paper.OUT  # the roll ends while the resident reads the review
    finger.tap("确认提交")
    wait_for(lambda: b.screen == "receipt", timeout_s=20, what="the receipt screen")
    stub = b.resident.session.last_stub
    assert stub is not None and not printer.printed
    finger.wait_to_see("打印机缺纸了。您的申请已保存。")
    finger.wait_to_see(b.receipt["trackingPretty"])  # the number to write down is on screen
    assert not finger.sees("拍下")  # no phone assumed
    finger.shot("paper_out")
    finger.tap("再试一次打印" if finger.sees("再试一次打印") else "重新打印")
    wait_for(lambda: b.receipt.get("printTries") == 2, timeout_s=20, what="the second try")
    finger.wait_to_see("仍未能打印。已为您呼叫工作人员")
    assert app.app.community.staffCalled  # nobody has to ask twice
    finger.shot("still_out_staff_called")
    printer.paper = Paper.OK  # staff load a roll: the stored application prints as it was
    assert app.services.store.find_by_tracking(stub.tracking_number) is not None


def test_walking_away_mid_form_warns_then_wipes_everything(app: Any, finger: Finger) -> None:
    b, ui = app.backend, app.services.settings.ui
    _to_form_with_card(app, finger)
    _type_phone(app, finger)
    app.clock.advance(ui.idle_timeout_s - ui.countdown_s + 1)  # the resident has stepped away
    b.tick()
    finger.wait_to_see("您还在吗？")
    assert b.screen == "form" and _field(app, "input_phone").property("text") == PHONE  # nothing lost yet
    finger.shot("idle_warning")
    finger.tap("继续办理")  # back in time: the form is as it was
    wait_for(lambda: not b.countdownVisible, what="the warning gone")
    assert _field(app, "input_phone").property("text") == PHONE
    app.clock.advance(ui.idle_timeout_s - ui.countdown_s + 1)  # and away again, for good this time
    b.tick()
    finger.wait_to_see("您还在吗？")
    app.clock.advance(ui.countdown_s)
    b.tick()
    wait_for(lambda: b.screen == "attract", what="the attract screen after the wipe")
    finger.shot("wiped")
    session = b.resident.session
    assert session.identity is None and session.form is None and session.service_id is None
    assert not any(PHONE in t or "张" in t for t in visible_texts(app.app.window))
    assert find(app.app.window, "input_phone") is None
