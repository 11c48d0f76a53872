"""The resident's screen stack and the rules for moving on it (no Qt: the QML adapter only mirrors it)."""

from __future__ import annotations

from collections.abc import Callable

SCREENS = (
    "attract", "home", "category", "search", "guide", "identify", "manual", "form", "materials", "review",
    "receipt", "finish", "lookup", "lookup_result", "notices", "notice", "queue", "ticket", "rating",
    "face",
)

# screens that end a path: Back from them would return into a finished (or wiped) session
NO_BACK = ("receipt", "finish", "attract", "rating", "ticket")
# screens where a card or a typed identity is asked for: once identified, Back skips them
IDENTIFY_SCREENS = ("identify", "manual", "face")


class ScreenStack:
    """The screens a resident went through, newest last; ``on_enter(name)`` hears every screen shown."""

    def __init__(self, on_enter: Callable[[str], None] | None = None) -> None:
        self._stack = ["attract"]
        self.on_enter: Callable[[str], None] = on_enter or (lambda _name: None)

    @property
    def top(self) -> str:
        return self._stack[-1]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(self._stack)

    @property
    def can_go_back(self) -> bool:
        return len(self._stack) > 1 and self._stack[-1] not in NO_BACK

    def show(self, name: str, *, push: bool = True, reset: bool = False) -> None:
        """Push ``name`` (never twice in a row), replace the top (``push=False``) or start over (``reset``)."""
        if name not in SCREENS:
            raise ValueError(f"unknown screen {name!r}")
        if reset:
            self._stack = [name]
        elif push:
            if self._stack[-1] != name:
                self._stack.append(name)
        else:
            self._stack[-1] = name
        self.on_enter(name)

    def back(self) -> None:
        self._stack.pop()
        self.on_enter(self._stack[-1])

    def pop_top(self) -> None:
        """Drop the top screen without entering the one below (a screen shown next replaces it)."""
        self._stack.pop()

    def forget_identify(self) -> None:
        """The resident is identified: Back goes past the card and manual-entry screens."""
        self._stack = [s for s in self._stack if s not in IDENTIFY_SCREENS]
