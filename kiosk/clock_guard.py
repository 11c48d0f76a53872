"""Whether the wall clock can be trusted, so nothing dated is issued while it is known to be wrong.

Terminals lose their clock (a dead RTC battery boots them in 1970 or at the firmware's
build date), drift, and get stepped by NTP mid-session. Durations never use the wall clock
(:meth:`contract.clock.Clock.monotonic`); what must still be right is the date printed on a
receipt or a queue ticket. The clock is *known wrong* when:

* it is before :data:`EARLIEST_PLAUSIBLE` (this software did not exist then: ``CLK-UNSET``);
* the hub's clock, learnt from the heartbeat's ``server_time`` or a ``stale_request``
  answer, differs by more than :data:`MAX_OFFSET_S` (``CLK-WRONG``);
* it is earlier than the newest record this terminal wrote, by more than the same margin
  (it went back: ``CLK-BACKWARDS``).

Then :func:`require_trusted` raises :class:`ClockWrong` before a receipt or ticket is made,
the heartbeat carries the state (the fleet shows ``clock_wrong``) and diagnostics name it.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from contract.clock import Clock

EARLIEST_PLAUSIBLE = datetime(2026, 1, 1, tzinfo=UTC)
MAX_OFFSET_S = 300.0


class ClockWrong(Exception):
    """A dated document was asked for while the clock is known to be wrong."""

    def __init__(self, state: ClockState) -> None:
        super().__init__(f"{state.code}: {state.detail}")
        self.state = state


@dataclass(frozen=True)
class ClockState:
    ok: bool
    code: str
    detail: str
    offset_s: float | None = None  # the hub's clock minus ours, when known

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


class ClockGuard:
    """Holds what is known about the wall clock; thread-safe (the sync thread reports, the UI asks)."""

    def __init__(self, clock: Clock, latest_record: Any = None) -> None:
        self.clock = clock
        self._latest_record = latest_record  # () -> datetime | None: the newest time this terminal wrote
        self._offset: float | None = None
        self._lock = threading.Lock()

    def observe_hub_time(self, hub_now: datetime) -> None:
        with self._lock:
            self._offset = (hub_now - self.clock.now()).total_seconds()

    def observe_offset(self, offset_s: float) -> None:
        with self._lock:
            self._offset = offset_s

    def state(self) -> ClockState:
        now = self.clock.now()
        with self._lock:
            offset = self._offset
        if now < EARLIEST_PLAUSIBLE:
            return ClockState(False, "CLK-UNSET", f"clock not set ({now:%Y-%m-%d}); it must be set before "
                                                  "receipts can be printed", offset)
        if offset is not None and abs(offset) > MAX_OFFSET_S:
            return ClockState(False, "CLK-WRONG", f"clock is {abs(offset) / 60:.0f} min "
                                                  f"{'behind' if offset > 0 else 'ahead of'} the platform", offset)
        latest = self._latest_record() if self._latest_record is not None else None
        if offset is None and latest is not None and (latest - now).total_seconds() > MAX_OFFSET_S:
            return ClockState(False, "CLK-BACKWARDS", f"clock went back: records exist from {latest:%Y-%m-%d %H:%M}",
                              offset)
        return ClockState(True, "CLK-OK", f"{now:%Y-%m-%d %H:%M}", offset)


def require_trusted(guard: ClockGuard | None) -> None:
    """Raise :class:`ClockWrong` when the clock is known wrong (no guard: nothing is known, go on)."""
    if guard is None:
        return
    state = guard.state()
    if not state.ok:
        raise ClockWrong(state)
