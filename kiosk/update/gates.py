"""When an install may start: never during a resident's session, and only inside the maintenance window
(the centre's opening hours lie outside it) unless the hub forced the release.

The window is read in Beijing time from an injected clock, so tests need no real date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from contract.clock import BEIJING


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def in_window(now: datetime, start: str, end: str) -> bool:
    """``now`` (any zone) inside [start, end) Beijing time; an end before the start runs past midnight;
    start == end is the whole day."""
    t = now.astimezone(BEIJING).time().replace(tzinfo=None)
    lo, hi = _hhmm(start), _hhmm(end)
    if lo == hi:
        return True
    if lo < hi:
        return lo <= t < hi
    return t >= lo or t < hi


@dataclass(frozen=True)
class Gate:
    open: bool
    reason: str = ""  # why not (for the log and `kiosk update check`)


def install_gate(now: datetime, *, window: tuple[str, str], force: bool, idle: bool) -> Gate:
    if not idle:
        return Gate(False, "a resident session is running")
    if not force and not in_window(now, *window):
        return Gate(False, f"outside the maintenance window {window[0]}-{window[1]}")
    return Gate(True)
