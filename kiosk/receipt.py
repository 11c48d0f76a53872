"""The printed receipt as a value, independent of any printer.

The printing layer renders it to ESC/POS (text or raster); the UI shows the same
value on screen. Only masked personal data ever enters a receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Receipt:
    centre_name: str
    title: str  # e.g. "办理回执" / "Application receipt"
    service_name: str
    tracking_number: str
    masked_name: str
    masked_id: str
    time: datetime
    next_steps: tuple[str, ...] = ()
    counter: str = ""
    qr_payload: str = ""
    footer: str = ""
    language: str = "zh_CN"
    labels: dict[str, str] = field(default_factory=dict)  # translated field labels

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs in print order, for any renderer."""
        lab = self.labels
        return [
            (lab.get("service", "Service"), self.service_name),
            (lab.get("tracking", "Tracking no."), self.tracking_number),
            (lab.get("name", "Name"), self.masked_name),
            (lab.get("id", "ID no."), self.masked_id),
            (lab.get("time", "Time"), self.time.strftime("%Y-%m-%d %H:%M")),
            (lab.get("counter", "Counter"), self.counter),
        ]
