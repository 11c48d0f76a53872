"""The screen stack's rules on their own."""

from __future__ import annotations

import pytest

from kiosk.flow import ScreenStack


def test_push_never_repeats_the_top_and_reset_starts_over() -> None:
    seen: list[str] = []
    stack = ScreenStack(seen.append)
    stack.show("home", reset=True)
    stack.show("category")
    stack.show("category")
    assert stack.names == ("home", "category")
    stack.show("guide", push=False)
    assert stack.names == ("home", "guide")
    stack.show("attract", reset=True)
    assert stack.names == ("attract",)
    assert seen == ["home", "category", "category", "guide", "attract"]


@pytest.mark.parametrize("end", ["receipt", "finish", "rating", "ticket"])
def test_no_back_from_the_end_of_a_path(end: str) -> None:
    stack = ScreenStack()
    stack.show("home", reset=True)
    stack.show(end)
    assert not stack.can_go_back


def test_back_enters_the_screen_below_and_identify_is_forgotten_once_done() -> None:
    seen: list[str] = []
    stack = ScreenStack(seen.append)
    for name in ("home", "guide", "identify", "manual"):
        stack.show(name)
    stack.back()
    assert stack.top == "identify" and seen[-1] == "identify"
    stack.forget_identify()
    assert stack.names == ("attract", "home", "guide")


def test_attract_alone_has_no_back_and_unknown_screens_are_refused() -> None:
    stack = ScreenStack()
    assert not stack.can_go_back
    with pytest.raises(ValueError):
        stack.show("settings")
