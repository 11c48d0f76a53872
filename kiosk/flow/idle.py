"""When an unattended session is wiped: the idle timeout, the visible countdown, the finish screen's hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

FINISH_HOLD_S = 8  # "take your card and receipt" stays this long, then the attract screen


class MonotonicClock(Protocol):
    def monotonic(self) -> float: ...


class IdleSettings(Protocol):
    idle_timeout_s: int
    elderly_idle_timeout_s: int
    countdown_s: int


@dataclass(frozen=True)
class IdleTick:
    """What one tick decided: ``changed`` (countdown to redraw) and ``action`` ("", "attract" or "wipe")."""

    changed: bool = False
    action: str = ""


class IdleRules:
    """Seconds since the last touch against the timeout; large text gets the slower (elderly) timeout."""

    def __init__(self, clock: MonotonicClock, settings: IdleSettings) -> None:
        self._clock = clock
        self._settings = settings
        self._last_touch = clock.monotonic()
        self.remaining = 0
        self.countdown_visible = False

    def timeout_s(self, large_text: bool) -> int:
        s = self._settings
        return s.elderly_idle_timeout_s if large_text else s.idle_timeout_s

    def touch(self) -> bool:
        """A touch restarts the wait; True when a visible countdown was hidden by it."""
        self._last_touch = self._clock.monotonic()
        if self.countdown_visible:
            self.countdown_visible = False
            return True
        return False

    def reset(self) -> None:
        self.countdown_visible = False
        self.remaining = 0

    def tick(self, screen: str, *, busy: bool, large_text: bool) -> IdleTick:
        now = self._clock.monotonic()
        if screen == "attract":
            if self.countdown_visible:
                self.countdown_visible = False
                return IdleTick(changed=True)
            return IdleTick()
        if screen == "finish":
            return IdleTick(action="attract" if now - self._last_touch >= FINISH_HOLD_S else "")
        if busy:  # a submission or print in progress is not idleness
            self._last_touch = now
            return IdleTick()
        remaining = self.timeout_s(large_text) - (now - self._last_touch)
        visible = remaining <= self._settings.countdown_s
        rem = max(0, int(remaining + 0.999))
        changed = rem != self.remaining or visible != self.countdown_visible
        self.remaining, self.countdown_visible = rem, visible
        return IdleTick(changed=changed, action="wipe" if remaining <= 0 else "")
