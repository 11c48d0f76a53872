"""A queue number taken twice, in each language: the screen and the printed ticket say who is ahead in words
a person says ("You are next", "1 person", "2 people"), never "0 people" or "about 1 people"
(issue 15 item 12)."""

from __future__ import annotations

from typing import Any

import pytest

from devices.printer.layout import Text, ticket_blocks
from tests.journeys.finger import Finger
from tests.ui.qml_driver import wait_for

pytestmark = [pytest.mark.gui, pytest.mark.journey]
KIND_EN = "A · Social and medical insurance"


def _printed(app: Any, count: int) -> list[str]:
    """The lines of the last printed ticket, as the slip layout prints them."""
    tickets = app.services.printer.tickets
    wait_for(lambda: len(tickets) == count, timeout_s=20, what=f"ticket {count} printed")
    return [b.text for b in ticket_blocks(tickets[-1]) if isinstance(b, Text)]


def _take(app: Any, finger: Finger, labels: list[str], count: int) -> list[str]:
    """Tap ``labels`` in turn to a printed ticket; its printed lines."""
    for label in labels:
        finger.tap(label)
    wait_for(lambda: app.backend.screen == "ticket", timeout_s=20, what="the ticket screen")
    return _printed(app, count)


def _done(app: Any, finger: Finger, done: str) -> None:
    """'Done', then the farewell's own few seconds pass and the terminal waits for the next person."""
    finger.tap(done)
    wait_for(lambda: app.backend.screen == "finish", what="the farewell")
    app.clock.advance(10)
    app.backend.tick()
    wait_for(lambda: app.backend.screen == "attract", what="attract after the farewell")


def test_the_english_ticket_says_you_are_next_then_one_person(app: Any, finger: Finger) -> None:
    lines = _take(app, finger, ["轻触屏幕开始办理", "English", "Take a queue number", KIND_EN], 1)
    finger.wait_to_see("You are next.")
    assert "Ahead of you: nobody, you are next" in lines and not any("0 min" in s for s in lines), lines
    finger.shot("ticket_next_en")
    _done(app, finger, "Done")

    lines = _take(app, finger, ["轻触屏幕开始办理", "English", "Take a queue number", KIND_EN], 2)
    finger.wait_to_see("About 1 person ahead of you, roughly 8 minutes.")
    assert "Ahead of you: 1 person" in lines and "Estimated wait: 8 min" in lines, lines
    finger.shot("ticket_one_en")


def test_the_chinese_ticket_says_you_are_next_in_plain_words(app: Any, finger: Finger) -> None:
    lines = _take(app, finger, ["轻触屏幕开始办理", "取号排队", "E · 综合咨询"], 1)
    finger.wait_to_see("无需等候，您是下一位。")
    assert "前面等候：无人，您是下一位" in lines and not any("预计等候" in s for s in lines), lines
    _done(app, finger, "完成")
    lines = _take(app, finger, ["轻触屏幕开始办理", "取号排队", "E · 综合咨询"], 2)
    finger.wait_to_see("前面约有 1 人，预计等候约 5 分钟。")
    assert "前面等候：1 人" in lines and "预计等候：5 分钟" in lines, lines
    finger.shot("ticket_one_zh")
