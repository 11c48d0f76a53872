"""Idle rules with an injected clock: the countdown, the wipe, large text's slower timeout, the finish hold."""

from __future__ import annotations

from dataclasses import dataclass

from contract.clock import FakeClock
from kiosk.flow import IdleRules


@dataclass
class _Ui:
    idle_timeout_s: int = 60
    elderly_idle_timeout_s: int = 120
    countdown_s: int = 15


def test_countdown_shows_in_the_last_seconds_then_the_session_is_wiped() -> None:
    clock = FakeClock()
    idle = IdleRules(clock, _Ui())
    clock.advance(40)
    assert idle.tick("home", busy=False, large_text=False).action == ""
    assert not idle.countdown_visible
    clock.advance(10)
    tick = idle.tick("home", busy=False, large_text=False)
    assert tick.changed and idle.countdown_visible and idle.remaining == 10
    clock.advance(10)
    assert idle.tick("home", busy=False, large_text=False).action == "wipe"


def test_large_text_waits_for_the_elderly_timeout() -> None:
    clock = FakeClock()
    idle = IdleRules(clock, _Ui())
    clock.advance(61)
    assert idle.tick("form", busy=False, large_text=True).action == ""
    clock.advance(60)
    assert idle.tick("form", busy=False, large_text=True).action == "wipe"


def test_a_touch_hides_the_countdown_and_restarts_the_wait() -> None:
    clock = FakeClock()
    idle = IdleRules(clock, _Ui())
    clock.advance(50)
    idle.tick("home", busy=False, large_text=False)
    assert idle.touch() is True and not idle.countdown_visible
    clock.advance(50)
    assert idle.tick("home", busy=False, large_text=False).action == ""
    assert idle.touch() is True  # the countdown had come back: the touch hid it again
    assert idle.touch() is False


def test_busy_is_not_idle_and_the_attract_screen_never_counts_down() -> None:
    clock = FakeClock()
    idle = IdleRules(clock, _Ui())
    clock.advance(500)
    assert idle.tick("review", busy=True, large_text=False).action == ""
    clock.advance(30)
    assert idle.tick("review", busy=False, large_text=False).action == ""
    clock.advance(500)
    assert idle.tick("attract", busy=False, large_text=False).action == ""


def test_finish_screen_holds_eight_seconds_then_attract() -> None:
    clock = FakeClock()
    idle = IdleRules(clock, _Ui())
    clock.advance(7)
    assert idle.tick("finish", busy=False, large_text=False).action == ""
    clock.advance(1)
    assert idle.tick("finish", busy=False, large_text=False).action == "attract"
