"""What the core knows of a CUPS print job: its state, and the error when CUPS cannot be reached.

The queue itself (``lp``, ``ipptool``, ``lpstat`` subprocesses) is an adapter and lives in
``devices.cups.jobs``; the composition root hands the core a factory for it
(``Services.document_queue``), so the core never imports devices.
"""

from __future__ import annotations

from dataclasses import dataclass

# "stopped" (processing-stopped) is final for the kiosk: the printer needs a person, the resident must be told
FINAL_STATES = ("completed", "canceled", "aborted", "stopped")


class CupsError(Exception):
    """CUPS refused or could not be reached; the message says what to check."""


@dataclass(frozen=True)
class JobState:
    job_id: int
    state: str  # pending, held, processing, stopped, completed, canceled, aborted, unknown
    reasons: str = ""

    @property
    def final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def ok(self) -> bool:
        return self.state == "completed"
