"""The updater's persisted state: one small JSON file, replaced atomically, so a power cut at any step
leaves either the state before the step or after it, and the next run carries on from there.

The public part (``state``, ``running``, ``offered``, ``last_error``) is what ``kiosk update status``
prints and the heartbeat reports; the rest says where inside a state the machine stands (``phase``
inside ``installing``: install, health, rollback) and what it needs to resume.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from contract.release import SoftwareStatus, UpdateState
from kiosk.files import atomic_write

MAX_STATE_BYTES = 64 * 1024
MAX_REFUSED = 20


class Phase:
    """Where an ``installing`` update stands (the resume point after a power cut)."""

    NONE = ""
    INSTALL = "install"  # the service stopped, the database copied, the package being installed
    HEALTH = "health"  # installed and restarted: waiting for the health check
    ROLLBACK = "rollback"  # putting the previous version and the database copy back


@dataclass
class UpdateRecord:
    state: UpdateState = UpdateState.IDLE
    running: str = ""
    offered: str | None = None
    last_error: str | None = None
    target: str | None = None  # the version being downloaded, verified or installed
    previous: str | None = None  # the version an install replaces (what a rollback puts back)
    force: bool = False
    phase: str = Phase.NONE
    db_saved: bool = False  # the database copy for this install exists (never retaken after a migration)
    installed_at: float | None = None  # wall time the new version was installed
    deadline_at: float | None = None  # wall time the health check must pass by
    boot_id: str = ""  # the boot the deadline was set in (a power cut gives the new version a fresh one)
    offered_at: float | None = None
    committed_at: float | None = None
    refused: list[str] = field(default_factory=list)  # versions refused or rolled back: not tried again

    def status(self, running: str) -> SoftwareStatus:
        return SoftwareStatus(running=self.running or running, offered=self.offered, state=self.state,
                              last_error=self.last_error)

    def refuse(self, version: str) -> None:
        self.refused = ([v for v in self.refused if v != version] + [version])[-MAX_REFUSED:]

    def to_json(self) -> bytes:
        data = asdict(self)
        data["state"] = self.state.value
        return json.dumps(data, indent=1, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> UpdateRecord:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("update state is not an object")
        known = {f.name for f in fields(cls)}
        record = cls(**{k: v for k, v in data.items() if k in known})
        record.state = UpdateState(record.state)
        if not isinstance(record.refused, list):
            raise ValueError("update state's refused list is not a list")
        return record


class StateFile:
    """``state.json`` in the updater's directory: root writes it, the app reads it (0644) for the heartbeat."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> UpdateRecord:
        """The saved record; a missing file is a fresh terminal, a damaged one is reported as failed."""
        try:
            with self.path.open("rb") as f:
                raw = f.read(MAX_STATE_BYTES + 1)
        except FileNotFoundError:
            return UpdateRecord()
        try:
            if len(raw) > MAX_STATE_BYTES:
                raise ValueError("update state file is too large")
            return UpdateRecord.from_json(raw)
        except (ValueError, TypeError, UnicodeDecodeError) as exc:
            return UpdateRecord(state=UpdateState.FAILED, last_error=f"update state unreadable: {exc}"[:300])

    def save(self, record: UpdateRecord) -> None:
        atomic_write(self.path, record.to_json(), mode=0o644)


def status_of(path: Path, running: str) -> dict[str, Any]:
    """Exactly what ``kiosk update status --json`` prints and the heartbeat's ``software`` carries."""
    return StateFile(path).load().status(running).as_json()
