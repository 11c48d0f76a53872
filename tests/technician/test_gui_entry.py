"""Issue 24 items 3 and 5 on screen: "tries left" after wrong codes, a lockout that counts down and clears
without a staff card, and the staff id typed on a plain ASCII keyboard (no Pinyin, no automatic capitals)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from contract.totp import totp_now
from kiosk.staff import FIRST_LOCK_S, MAX_FAILURES
from tests.technician.helpers import OTP_SECRET
from tests.technician.screen import enter_code, enter_with_card, type_staff_id
from tests.ui.qml_driver import find, tap, visible_texts, wait_for
from ui.technician import RESTART_EXIT_CODE

pytestmark = pytest.mark.gui


def _open_code_entry(t: Any) -> None:
    for _ in range(5):
        tap(t.window, "techCorner")
    wait_for(lambda: t.tech.active and t.tech.entryMode == "otp", what="code entry")


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_tries_left_then_a_lockout_that_counts_down_and_clears(make_terminal: Any, language: str) -> None:
    t = make_terminal(pcsc="fake", language=language)
    w, tech = t.window, t.tech
    _open_code_entry(t)
    for attempt in range(1, MAX_FAILURES):
        enter_code(w, "A2001", "000000")
        wait_for(lambda: tech.message == "bad_code" and not tech.busy, what="refused")
        assert tech.triesLeft == MAX_FAILURES - attempt
    shown = " ".join(visible_texts(w))
    assert ("1 more wrong entries before a lock" in shown) if language == "en_US" else ("再错 1 次" in shown)
    enter_code(w, "A2001", "000000")
    wait_for(lambda: tech.message == "locked" and not tech.busy, what="lockout")
    assert tech.lockedSeconds == int(FIRST_LOCK_S) and not find(w, "techKey_1").isEnabled()
    t.clock.advance(5)
    tech.tick()
    assert tech.lockedSeconds == int(FIRST_LOCK_S) - 5  # counts down with no staff card on the reader
    t.clock.advance(FIRST_LOCK_S)
    tech.tick()
    wait_for(lambda: tech.lockedSeconds == 0 and tech.message == "", what="lock cleared")
    assert find(w, "techKey_1").isEnabled() and find(w, "techEntryMessage") is None
    assert tech.active  # still on the entry screen, ready for the right code


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_staff_id_is_typed_on_a_plain_ascii_keyboard(make_terminal: Any, language: str) -> None:
    t = make_terminal(pcsc="fake", language=language)
    w = t.window
    _open_code_entry(t)
    assert find(w, "techAsciiKeyboard") is not None and find(w, "techDigitPad") is None
    type_staff_id(w, "demo-tech")
    field = find(w, "techStaffId")
    assert field.property("text") == "demo-tech"  # not 的莫, not "Demo-tech"
    hints = field.property("inputMethodHints")
    assert hints & Qt.InputMethodHint.ImhNoAutoUppercase and hints & Qt.InputMethodHint.ImhLatinOnly
    assert field.property("readOnly") is True  # the input method (and its Pinyin) never opens for it
    panel = find(w, "inputPanel")
    assert panel is None or not panel.property("active")
    assert find(w, "techDigitPad") is not None  # "Next" brings the digit pad for the code
    type_staff_id(w, "T1001")
    assert field.property("text") == "T1001"


def test_technician_idle_timeout_of_its_own_with_a_warning(make_terminal: Any) -> None:
    """Issue 24 item 12: not the residents' 60 s; a visible countdown before it ends; a touch keeps it open."""

    t = make_terminal(pcsc="fake", language="en_US")
    w, tech = t.window, t.tech
    _open_code_entry(t)
    enter_code(w, "T1001", totp_now(OTP_SECRET, t.clock.now().timestamp()))
    wait_for(lambda: tech.authenticated and not tech.busy, what="entry")
    timeout = t.settings.ui.technician_idle_timeout_s
    assert timeout > t.settings.ui.idle_timeout_s
    t.clock.advance(t.settings.ui.idle_timeout_s + 1)
    tech.tick()
    assert tech.active and tech.idleSecondsLeft == 0 and find(w, "techIdleWarning") is None
    t.clock.advance(timeout - t.settings.ui.idle_timeout_s - 1 - 20)
    tech.tick()
    wait_for(lambda: find(w, "techIdleWarning") is not None, what="idle warning")
    assert tech.idleSecondsLeft == 20 and "ends in 20 s" in " ".join(visible_texts(w))
    tap(w, "techTab_codes")  # any touch keeps technician mode open
    tech.tick()
    wait_for(lambda: find(w, "techIdleWarning") is None, what="warning gone")
    t.clock.advance(timeout + 1)
    tech.tick()
    assert not tech.active


def test_saved_settings_show_their_new_values_and_exit_reminds_of_the_restart(make_terminal: Any,
                                                                            platform: Any) -> None:
    """Issue 24 item 12: after a save the fields show what was saved; leaving asks for the restart it needs."""

    t = make_terminal(pcsc="fake", language="en_US")
    w, tech = t.window, t.tech

    def enter() -> None:
        enter_with_card(t, platform)

    def row(key: str) -> dict[str, Any]:
        return {r["key"]: r for r in tech.settingsRows}[key]

    enter()
    tap(w, "techTab_settings")
    wait_for(lambda: len(tech.settingsRows) > 5, what="settings rows")
    tech.setSetting("printer.paper_width_mm", "58")
    tap(w, "techSettingsSave")
    wait_for(lambda: tech.settingsResult.get("saved") is True, timeout_s=15, what="saved")
    assert row("printer.paper_width_mm")["value"] == "58" and row("printer.paper_width_mm")["restart"]
    assert t.settings.printer.paper_width_mm == 80 and tech.restartPending  # running app: until the restart
    tap(w, "techExit")
    wait_for(lambda: find(w, "techRestartReminder") is not None, what="restart reminder")
    assert tech.active
    tap(w, "techExitAnyway")
    assert not tech.active and t.quits == []
    tech.monitor.remove()
    enter()
    tap(w, "techTab_settings")
    wait_for(lambda: row("printer.paper_width_mm")["value"] == "58", what="still the saved value")
    tap(w, "techExit")
    tap(w, "techExitRestart")
    assert t.quits == [RESTART_EXIT_CODE] and not tech.active


def test_the_staff_card_reader_has_a_self_test(make_terminal: Any, platform: Any) -> None:
    """Issue 24 item 12: no card: not green ("place a staff card"); a card on the fake reader: answers, but a fake."""
    t = make_terminal(pcsc="fake", language="en_US")
    w, tech = t.window, t.tech
    enter_with_card(t, platform)
    tap(w, "techTab_tests")
    tap(w, "techTest_pcsc")
    wait_for(lambda: tech.tests.get("pcsc", {}).get("status") == "warn", what="staff reader test")
    assert "a card answers" in tech.tests["pcsc"]["detail"] and tech.tests["pcsc"]["detail"].startswith("SIMULATOR")


def test_the_demo_dock_never_covers_technician_mode(make_terminal: Any) -> None:
    """Issue 24 item 12: the DEV tab is gone while technician mode is open (it covered Exit and the tap corner)."""
    t = make_terminal(pcsc="fake", dev_dock=True)
    w = t.window
    assert find(w, "devDockToggle") is not None
    _open_code_entry(t)
    wait_for(lambda: find(w, "devDockToggle") is None, what="dock hidden")
    t.tech.cancel()
    wait_for(lambda: find(w, "devDockToggle") is not None, what="dock back")
