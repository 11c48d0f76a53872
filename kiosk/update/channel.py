"""The small files through which the running app and the updater (root, another process) talk.

The app runs unprivileged and cannot install anything; the updater runs as root and must not open the
app's database (files it created there would be root's). So the app leaves three files in its own data
directory (``data_dir/update``) and the updater only reads them:

- ``offer.json``: the hub's last release offer from a heartbeat answer, as received (the updater verifies
  it against the pinned release keys; the app trusts nothing in it);
- ``activity.json``: whether a resident session runs, refreshed every sync round;
- ``health.json``: this start of the app's health marks (first frame, store, heartbeat) and when it began.

Two more go the other way or both ways: ``events/`` (the updater's audit events for the app to import,
``kiosk.update.journal``) and ``session.lock`` (the session lease both sides take, ``kiosk.update.lease``).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.release import ReleaseOffer
from kiosk.files import atomic_write
from kiosk.update.journal import UpdateJournal
from kiosk.update.lease import SessionLease

MAX_FILE_BYTES = 64 * 1024
HEALTH_MARKS = ("first_frame", "store", "heartbeat")


def _read_json(path: Path) -> Any:
    """The JSON in ``path`` (bounded), or None when it is missing or not JSON."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except (FileNotFoundError, PermissionError):
        return None
    if len(raw) > MAX_FILE_BYTES:
        return None
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None


@dataclass(frozen=True)
class Health:
    started_at: float  # wall time this start of the app began
    marks: dict[str, bool]

    def missing(self) -> list[str]:
        return [m for m in HEALTH_MARKS if not self.marks.get(m)]


class AppChannel:
    """Both ends of the files: the app's writes (``report_*``, ``mark``) and the updater's reads."""

    def __init__(self, directory: Path, wall: Callable[[], float] = time.time) -> None:
        self.dir = directory
        self.wall = wall
        # The app marks from several threads (the render thread's first frame, the sync thread's heartbeat):
        # its marks live here, under a lock, and each write carries all of them (no lost update).
        self._lock = threading.Lock()
        self._health: Health | None = None
        self.events = UpdateJournal(directory / "events")

    def session_lease(self) -> SessionLease:
        """A lease on this channel's session lock (each side takes its own)."""
        return SessionLease(self.dir / "session.lock")

    # --- the app's side ---------------------------------------------------------------------------------

    def offer_received(self, release: Any) -> None:
        """Keep the heartbeat answer's ``release`` (None withdraws an offer); rewritten only when it changes."""
        data = release if isinstance(release, dict) else None
        if _read_json(self.dir / "offer.json") == data and (self.dir / "offer.json").exists():
            return
        atomic_write(self.dir / "offer.json", json.dumps(data).encode(), mode=0o644)

    def report_activity(self, idle: bool) -> None:
        atomic_write(self.dir / "activity.json", json.dumps({"idle": idle, "at": self.wall()}).encode(), mode=0o644)

    def start_health(self) -> None:
        """A new start of the app: no mark yet."""
        with self._lock:
            self._health = Health(self.wall(), {m: False for m in HEALTH_MARKS})
            self._write_health(self._health)

    def mark(self, name: str) -> None:
        """One health mark reached (``first_frame``, ``store``, ``heartbeat``); idempotent."""
        if name not in HEALTH_MARKS:
            raise ValueError(f"unknown health mark {name!r}")
        with self._lock:
            health = self._health or Health(self.wall(), {m: False for m in HEALTH_MARKS})
            if not health.marks.get(name):
                self._health = Health(health.started_at, {**health.marks, name: True})
                self._write_health(self._health)

    def _write_health(self, health: Health) -> None:
        atomic_write(self.dir / "health.json",
                     json.dumps({"started_at": health.started_at, "marks": health.marks}).encode(), mode=0o644)

    # --- the updater's side -----------------------------------------------------------------------------

    def offer(self) -> ReleaseOffer | None:
        """The offer as the hub sent it (not yet verified), None when there is none; ReleaseError if malformed."""
        data = _read_json(self.dir / "offer.json")
        if data is None:
            return None
        return ReleaseOffer.from_json(data)

    def idle(self, max_age_s: float) -> bool:
        """No resident session: the app said it is idle lately, or it has said nothing lately (not running)."""
        data = _read_json(self.dir / "activity.json")
        if not isinstance(data, dict) or not isinstance(data.get("at"), int | float):
            return True
        if self.wall() - float(data["at"]) > max_age_s:
            return True
        return data.get("idle") is True

    def health(self) -> Health | None:
        data = _read_json(self.dir / "health.json")
        if not isinstance(data, dict) or not isinstance(data.get("started_at"), int | float):
            return None
        marks = data.get("marks")
        if not isinstance(marks, dict):
            return None
        return Health(float(data["started_at"]), {m: marks.get(m) is True for m in HEALTH_MARKS})

