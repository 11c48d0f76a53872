"""How the console and the public certificate check write a time for people: Beijing time, ``2026-11-26 18:14``.

Every stored time is UTC (the hub's columns are timezone-aware); a terminal reports its own ISO times,
which carry their offset. A time without an offset is UTC, as the hub wrote it, never the reader's clock.
"""

from __future__ import annotations

from datetime import UTC, datetime

from contract.clock import BEIJING


def format_dt(value: datetime | str | None) -> str:
    """``2026-11-26 18:14`` in Beijing time from a datetime or an ISO string (``—`` for none)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, str):
        try:
            at = datetime.fromisoformat(value)  # Python 3.11 reads a trailing Z
        except ValueError:
            return value
    else:
        at = value
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
