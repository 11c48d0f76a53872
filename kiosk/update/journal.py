"""The updater's audit events, handed to the app through files (issue 20).

Why files and not the store: the updater runs as root and must not open the app's SQLite database (a
journal or WAL file it created would be root's and lock the app out), and it runs while the app may be
writing. So the updater writes each event (``update.offered`` ... ``update.failed``, from the one
catalogue in ``kiosk.audit``) as one small JSON file in ``data_dir/update/events/``, and the app imports
them into its audit log at start and in every sync round; from there they reach the hub with the outbox
like every other audit event. A file is removed only after its event is committed to the store, so an
event is delivered at least once (a crash between the two can repeat one; none is lost).

The directory stays the app's (``app_dirs``), so the app can remove the root-written files; the count of waiting files is bounded (the oldest go first) and every file is
read with a size limit and checked before it is believed.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from kiosk.audit import AuditEvent, AuditRecord
from kiosk.files import atomic_write
from kiosk.update.app_dirs import make_app_dirs

log = logging.getLogger(__name__)
MAX_WAITING = 200  # files kept for an app that does not run; older ones are dropped
MAX_EVENT_BYTES = 4096
UPDATE_EVENTS = frozenset(e for e in AuditEvent if e.value.startswith("update."))


class UpdateJournal:
    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self._written = 0  # orders this process's events that share a clock reading

    # --- the updater's side -----------------------------------------------------------------------------

    def write(self, event: AuditEvent, at: datetime, detail: dict[str, Any]) -> None:
        """Leave one event for the app; never raises (an update is not stopped by a full disk's audit)."""
        if event not in UPDATE_EVENTS:
            raise ValueError(f"{event} is not an update event")
        record = AuditRecord(event, at, detail)  # refuses personal-data keys here, not in the app
        body = json.dumps({"event": record.event.value, "at": at.isoformat(), "detail": detail}).encode()
        try:
            make_app_dirs(self.dir)
            self._written += 1
            name = f"{at.timestamp():017.6f}-{self._written:06d}-{secrets.token_hex(4)}.json"
            atomic_write(self.dir / name, body[:MAX_EVENT_BYTES], mode=0o644)
            for old in sorted(self.dir.glob("*.json"))[:-MAX_WAITING]:
                old.unlink(missing_ok=True)
        except OSError as exc:
            log.error("update event %s not journalled: %s", event.value, exc)

    # --- the app's side ---------------------------------------------------------------------------------

    def import_into(self, record: Callable[[AuditRecord], None]) -> int:
        """Record every waiting event (oldest first) and remove its file; the number recorded."""
        try:
            waiting = sorted(self.dir.glob("*.json"))[:MAX_WAITING]
        except OSError:
            return 0
        done = 0
        for path in waiting:
            parsed = self._read(path)
            if parsed is not None:
                record(parsed)  # a store error leaves this file and the rest for the next round
                done += 1
            path.unlink(missing_ok=True)
        return done

    @staticmethod
    def _read(path: Path) -> AuditRecord | None:
        try:
            with path.open("rb") as f:
                raw = f.read(MAX_EVENT_BYTES + 1)
            if len(raw) > MAX_EVENT_BYTES:
                raise ValueError("too long")
            data = json.loads(raw.decode("utf-8"))
            event = AuditEvent(data["event"])
            detail = data["detail"]
            if event not in UPDATE_EVENTS or not isinstance(detail, dict):
                raise ValueError("not an update event")
            return AuditRecord(event, datetime.fromisoformat(data["at"]), detail)
        except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
            log.warning("update event file %s dropped: %s", path.name, type(exc).__name__)
            return None
