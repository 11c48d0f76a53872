"""Time as a dependency, so tests and the session timer can run on a fake clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# The terminal and the hub agree on what "today" means: Beijing time, whatever the machine's TZ says
# (a queue ticket's day, a tracking number's date and a receipt's time are all read by people in Jinan).
BEIJING = ZoneInfo("Asia/Shanghai")


class Clock(Protocol):
    def now(self) -> datetime:
        """Current wall-clock time, timezone-aware."""

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin, never going backwards."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(BEIJING)

    def monotonic(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = (start or datetime(2026, 11, 26, 9, 30, tzinfo=UTC)).astimezone(BEIJING)
        self._mono = 1000.0

    def now(self) -> datetime:
        return self._now

    def monotonic(self) -> float:
        return self._mono

    def jump(self, seconds: float) -> None:
        """Step the wall clock only (NTP correcting it, an RTC reset); the monotonic clock does not move."""

        self._now = self._now + timedelta(seconds=seconds)

    def advance(self, seconds: float) -> None:
        self._now = self._now + timedelta(seconds=seconds)
        self._mono += seconds
