"""What every diagnostic check returns: a status and a one-line reason (apart from ``checks`` so that
the checks kept in their own modules, such as ``camera``, import it without importing ``checks``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    OK = "ok"  # measured and fine: the only green
    WARN = "warn"  # works, degraded, or only a simulator answered
    FAIL = "fail"
    SKIP = "skip"  # not measured: not configured, disabled, not tested yet (grey, never green)


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    code: str = ""
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    data: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["status"] = str(self.status)
        return d

    def row(self) -> dict[str, Any]:
        """What the CLI's ``--json``, the screen and the heartbeat show: no ``data``, no time."""
        return {"name": self.name, "status": str(self.status), "detail": self.detail, "code": self.code}
