"""The ID card reader in the resident's journey, over the REAL serial driver and the pty simulator (issue 15
item 11, and item 2 on the wire): a reader unplugged or not answering is said as the machine's fault with
the ways forward, manual entry works meanwhile, and the normal card prompt comes back by itself when the
reader does; a card left on the reader never identifies the next person."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPointF

from contract import idnumber
from devices.idcard.simulator import SamSimulator
from tests.journeys.finger import Finger, on_screen
from tests.journeys.layout import layout_problems
from tests.journeys.test_journeys import START_ZH, _field, _type_on_virtual_keyboard
from tests.ui.qml_driver import find, is_shown, items, pump, text_of, wait_for
from ui.harness import build_harness

pytestmark = [pytest.mark.gui, pytest.mark.journey]

NUMBER = idnumber.make_valid("37010219800101001")  # typed by hand while the reader is down
# the resident's words when the reader is down (zh_CN and en_US), and the words that blamed the card before
DOWN = {"zh_CN": "读卡器现在不能使用", "en_US": "The card reader is not working"}
NOT_THE_CARD = {"zh_CN": "这是机器的故障，不是您的证件有问题。", "en_US": "This is a fault of the machine, not of your card."}
PROMPT = {"zh_CN": "请将身份证放在读卡区", "en_US": "Please place your ID card on the reader"}
BLAME = ("平放", "flat")
STAFF = {"zh_CN": "请工作人员帮忙", "en_US": "Ask staff for help"}
MANUAL = {"zh_CN": "手动输入身份证号码", "en_US": "Enter your ID number by hand"}


def _unplugged(sim: SamSimulator) -> tuple[Callable[[], None], Callable[[], None]]:
    """The USB cable pulled (the port vanishes) and put back (a new device node behind the same link)."""
    return sim.unplug, sim.replug


def _not_answering(sim: SamSimulator) -> tuple[Callable[[], None], Callable[[], None]]:
    """The port is there but the reader says nothing (the demo dock's "Reader silent")."""
    return lambda: sim.set_fault("silence"), lambda: sim.set_fault(None)


@pytest.fixture
def sim_app(qtbot: Any, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    h = build_harness(data_dir=tmp_path / "data", size=getattr(request, "param", (1080, 1920)),
                      devices={"idcard": {"driver": "simulator"}})
    try:
        yield h
    finally:
        h.close()


@pytest.fixture
def finger(sim_app: Any, artifacts: Path, request: pytest.FixtureRequest) -> Finger:
    window = sim_app.app.window
    window.requestActivate()
    wait_for(window.isActive, what="the kiosk window active")
    return Finger(window, artifacts / "journeys" / request.node.name.replace("/", "_"))


def _to_identify(finger: Finger, lang: str, large: bool) -> None:
    finger.tap(START_ZH)
    if lang == "en_US":
        finger.tap("English")
    if large:
        finger.tap("Large text" if lang == "en_US" else "大字模式")
    finger.tap("Certificates" if lang == "en_US" else "证明开具")
    finger.tap("Residence certificate" if lang == "en_US" else "居住证明")
    finger.tap("Apply here" if lang == "en_US" else "在这里申请")


def _sees_down_screen(app: Any, finger: Finger, lang: str, shot: str) -> None:
    """The honest words, nothing blaming the card, the ways forward, and a screen that fits."""
    finger.wait_to_see(DOWN[lang])
    finger.wait_to_see(NOT_THE_CARD[lang])
    assert not any(finger.sees(word) for word in BLAME), "the reader's fault is told as the resident's"
    words = _field(app, "identifyMessage")
    words_bottom = words.mapToScene(QPointF(0, words.height())).y()
    for way in ("identifyCallStaff", "manualEntryButton"):  # "Ask staff for help" (or "Staff called"), typing
        button = _field(app, way)
        assert on_screen(app.app.window, button), way
        assert button.mapToScene(QPointF(0, 0)).y() >= words_bottom, f"{way} covers the words"
        page = button.parentItem().parentItem()  # the identify screen, between the header and the navigation bar
        assert button.mapToScene(QPointF(0, button.height())).y() <= page.mapToScene(QPointF(0, page.height())).y(), \
            f"{way} runs under the navigation bar"
    pump(200)
    problems = layout_problems(app.app.window)
    finger.shot(shot)
    assert not problems, "\n".join(problems)


def _type_digits(app: Any, finger: Finger, field: str, digits: str) -> None:
    """Digits on whatever keys the field brings up: its own keypad, else the on-screen keyboard."""
    box = next(i for i in items(_field(app, field)) if i.inherits("QQuickTextInput"))  # where one types
    finger.reach(box)
    finger.tap_item(box)
    pump(200)
    keypad = find(app.app.window, "keypad")  # ID and phone numbers bring up the app's own keypad
    if keypad is not None:
        for ch in digits:  # a key scrolled out of sight (landscape, large text) is dragged back first
            key = next(i for i in items(keypad) if text_of(i) == ch and is_shown(i))
            finger.reach(key)
            finger.tap_item(key)
    else:
        _type_on_virtual_keyboard(app, finger, digits)


@pytest.mark.parametrize(("sim_app", "lang", "large", "fault"), [
    ((1080, 1920), "en_US", False, _unplugged),
    ((1920, 1080), "en_US", True, _not_answering),
    ((1080, 1920), "zh_CN", True, _not_answering),
    ((1920, 1080), "zh_CN", False, _unplugged),
], ids=["portrait-en-unplugged", "landscape-en-large-silent", "portrait-zh-large-silent",
        "landscape-zh-unplugged"], indirect=["sim_app"])
def test_reader_down_is_said_honestly_manual_entry_works_and_the_prompt_returns(
        sim_app: Any, finger: Finger, lang: str, large: bool,
        fault: Callable[[SamSimulator], tuple[Callable[[], None], Callable[[], None]]]) -> None:
    app, b = sim_app, sim_app.backend
    sim = app.services.demo.idcard
    down, up = fault(sim)
    _to_identify(finger, lang, large)
    finger.wait_to_see(PROMPT[lang])
    down()
    wait_for(lambda: b.identifyState == "offline", timeout_s=10, what="the reader seen down")
    _sees_down_screen(app, finger, lang, "1_reader_down")

    finger.tap(STAFF[lang])  # the hub's staff alert, as the header's "Call staff" raises it
    finger.wait_to_see("Staff called" if lang == "en_US" else "已呼叫工作人员")
    wait_for(lambda: [i.body["screen"] for i in app.services.store.due_items() if i.kind == "call_staff"]
             == ["identify"], what="the staff call queued for the hub")

    if lang == "en_US":  # typing a Latin name needs no Pinyin candidates; the Chinese journeys go on below
        finger.tap(MANUAL[lang])
        finger.tap_item(_field(app, "manualName"))
        _type_on_virtual_keyboard(app, finger, "li ming")
        _type_digits(app, finger, "manualId", NUMBER)
        _type_digits(app, finger, "manualPhone", "13912345678")
        finger.tap("Next")
        wait_for(lambda: b.screen == "form", what="the form after manual entry")
        assert b.resident.session.identity.id_number == NUMBER
        finger.shot("2_form_after_manual_entry")
        finger.tap(f"{b.identityMaskedName}  ·  End / change card")  # the next resident's turn: the reader again
        wait_for(lambda: b.screen == "identify", what="identify after changing card")
        _sees_down_screen(app, finger, lang, "3_still_down")

    up()  # the reader answers again: the screen changes back by itself
    finger.wait_to_see(PROMPT[lang])
    wait_for(lambda: b.identifyState == "waiting", what="the normal card prompt")
    assert not finger.sees(DOWN[lang])
    finger.shot("4_reader_back")
    sim.place("resident")
    wait_for(lambda: b.screen == "form", timeout_s=20, what="the form after a card read over the wire")
    assert b.resident.session.identity.name == "张秀英"


def test_a_card_left_on_the_reader_over_the_wire_never_identifies_the_next_person(sim_app: Any,
                                                                                   finger: Finger) -> None:
    """The watcher only probes presence (find, select) while the card lies there; a card left behind is still
    seen as left behind, and the next resident's 'apply' waits for their own card."""
    app, b = sim_app, sim_app.backend
    sim = app.services.demo.idcard
    _to_identify(finger, "zh_CN", False)
    sim.place("resident")
    wait_for(lambda: b.screen == "form", timeout_s=20, what="the form after the card")
    sim.commands.clear()
    wait_for(lambda: sim.commands.count("select") >= 3, what="three polls with the card lying there")
    assert set(sim.commands) == {"find", "select"}, sim.commands  # presence only: the card is not read again
    app.clock.advance(app.services.settings.ui.idle_timeout_s + 1)  # the resident walks away, card on the reader
    b.tick()
    wait_for(lambda: b.screen == "attract", what="attract after idle")

    _to_identify(finger, "zh_CN", False)
    finger.wait_to_see("读卡器上还有一张证件，请先取走，再放上您自己的证件。")
    finger.shot("left_card")
    pump(1500)
    assert b.screen == "identify" and not b.identified
    sim.remove()
    wait_for(lambda: b.identifyState == "waiting", what="the old card taken")
    sim.place("hmt")
    wait_for(lambda: b.screen == "form", timeout_s=20, what="the form for the next person")
    assert b.resident.session.identity.name != "张秀英"


@pytest.mark.parametrize("sim_app", [(1280, 720)], ids=["1280x720"], indirect=True)
def test_a_service_that_needs_the_card_offers_staff_not_typing_while_the_reader_is_down(sim_app: Any,
                                                                                        finger: Finger) -> None:
    """A money service whose face check refuses typed details (face.no_photo = refuse): no dead end of typing
    everything in vain; the smallest landscape screen in large text English, the longest words."""
    app, b = sim_app, sim_app.backend
    b.flow.settings.face = b.flow.settings.face.model_copy(update={"no_photo": "refuse"})
    finger.tap(START_ZH)
    finger.tap("English")
    finger.tap("Large text")
    finger.tap("Social assistance")
    finger.tap("Minimum living allowance (dibao)")
    finger.tap("Apply here")
    app.services.demo.idcard.unplug()
    finger.wait_to_see("This service needs your ID card. Please ask staff for help, or come back later. "
                       "This screen asks for your card again once the reader works.")
    assert not finger.sees(MANUAL["en_US"]) and not finger.sees("No card? Enter your details by hand")
    pump(200)
    problems = layout_problems(app.app.window)
    finger.shot("needs_the_card")
    assert not problems, "\n".join(problems)
    staff = _field(app, "identifyCallStaff")
    page = staff.parentItem().parentItem()
    assert staff.mapToScene(QPointF(0, staff.height())).y() <= page.mapToScene(QPointF(0, page.height())).y()
    finger.tap(STAFF["en_US"])
    finger.wait_to_see("Staff called")
    app.services.demo.idcard.replug()
    finger.wait_to_see(PROMPT["en_US"])
