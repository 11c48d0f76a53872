"""Reading the ISO 8601 times both sides exchange (topics' voting periods, heartbeats, outbox items).

A time may come from an older terminal, a hand-written topic or a heartbeat's error line, so a
reader never raises: anything that is not a time is ``None``. A time without a zone is UTC
(that is how both sides write them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# "YYYY-MM-DDTHH:MM:SS": the shortest text a line-leading time may be
_DATE_AND_TIME = 19


def parse_time(text: Any) -> datetime | None:
    """An aware datetime from an ISO 8601 string (``Z`` or no zone is UTC); ``None`` for anything else."""
    if not isinstance(text, str) or not text:
        return None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def leading_time(text: Any) -> datetime | None:
    """The full date and time a line starts with, as in a heartbeat's ``"<time> <error>"``; else ``None``."""
    if not isinstance(text, str) or len(text) < _DATE_AND_TIME:
        return None
    return parse_time(text.split(" ", 1)[0])
