"""One answer to "is the storage all right?", for the heartbeat, ``kiosk sync status`` and the diagnostics.

Why one place: the hub's fleet view, the technician's overview and the CLI must agree, and
each fault needs its own next step. States, worst first: ``damaged`` (the start-up check
failed; the kiosk recovers at its next start), ``full``/``readonly``/``io`` (a statement
failed for that reason, or the disk is nearly full), ``recovered`` (the database was
rebuilt recently: what was salvaged and lost stays visible for :data:`RECOVERED_ALERT_DAYS`),
``low`` (free space below the warning level, long before full) and ``ok``.
"""

from __future__ import annotations

import shutil
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kiosk.storage_faults import CODES, Fault
from sync.recovery import INTEGRITY_FAILED_KEY, last_report

# the warning comes long before the disk is full; on a small disk the fractions decide
WARN_FREE_MB = 500.0
WARN_FREE_FRACTION = 0.20
FULL_FREE_MB = 100.0
FULL_FREE_FRACTION = 0.05
RECOVERED_ALERT_DAYS = 7
FAILING_STATES = frozenset({"damaged", "full", "readonly", "io"})

NEXT_STEPS = {
    "damaged": "restart the kiosk (systemctl restart kiosk): it moves the damaged file aside and salvages it",
    "full": "free space on the data disk (old logs, exports) or replace the disk; submissions are refused until then",
    "readonly": "the data disk is read-only: check the file system (dmesg, fsck) and remount it read-write",
    "io": "the data disk reports I/O errors: replace the disk; the damaged database is kept for the platform",
    "recovered": "if anything was lost, give the damaged copy to the platform team; keep it until they confirm",
    "low": "free space on the data disk before it fills up (old logs, exports)",
    "ok": "",
}


@dataclass(frozen=True)
class StorageHealth:
    state: str
    code: str
    detail: str
    free_mb: float | None
    next_step: str
    recovery: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def failing(self) -> bool:
        """A state in which the terminal must not look healthy anywhere."""
        return self.state in FAILING_STATES

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def free_space(path: Path) -> tuple[float, float] | None:
    """(free MB, total MB) of the file system holding ``path``, or None when it cannot be read."""
    try:
        usage = shutil.disk_usage(path if path.exists() else path.parent)
    except OSError:
        return None
    return usage.free / 2**20, usage.total / 2**20


def assess(data_dir: Path, *, store: Any = None, damage: Any = None, now: datetime | None = None,
           recovery: dict[str, Any] | None = None) -> StorageHealth:
    """The storage's state from the start-up check's ``damage``, the store's last fault, free space and
    the last recovery report (read from ``store`` when not given)."""
    space = free_space(Path(data_dir))
    free_mb = round(space[0], 2) if space else None

    def health(state: str, code: str, detail: str) -> StorageHealth:
        return StorageHealth(state, code, detail, free_mb, NEXT_STEPS[state], recovery)

    if recovery is None and store is not None:
        recovery = last_report(store)
    if damage is not None:
        return health("damaged", damage.code, f"database damaged: {damage.detail}")
    failed = store.get_state(INTEGRITY_FAILED_KEY) if store is not None else None
    if failed:
        return health("damaged", CODES[Fault.CORRUPT], f"the full integrity check failed ({failed[:160]})")
    fault = getattr(store, "last_fault", None)
    if fault is not None and fault.fault in (Fault.CORRUPT, Fault.FULL, Fault.READONLY, Fault.IO):
        state = "damaged" if fault.fault == Fault.CORRUPT else str(fault.fault)
        return health(state, fault.code, f"a database statement failed: {fault.detail}")
    if space is not None and space[0] < min(FULL_FREE_MB, space[1] * FULL_FREE_FRACTION):
        return health("full", CODES[Fault.FULL], f"data disk nearly full: {space[0]:.1f} MB free of {space[1]:.0f} MB")
    if recovery is not None and _recent(recovery.get("at"), now or datetime.now().astimezone()):
        lost = int(recovery.get("payloads_lost") or 0) + int(recovery.get("rows_unreadable") or 0)
        return health("recovered", "STO-RECOVERED",
                      f"database was damaged ({str(recovery.get('at', ''))[:16]}) and rebuilt: "
                      f"{recovery.get('outbox_recovered', 0)} queued item(s) and {recovery.get('print_jobs_recovered', 0)} "
                      f"print job(s) salvaged, {lost} lost; damaged copy in {recovery.get('moved_to')}")
    if space is not None and space[0] < min(WARN_FREE_MB, space[1] * WARN_FREE_FRACTION):
        return health("low", "STO-LOW", f"data disk space low: {space[0]:.1f} MB free of {space[1]:.0f} MB")
    return health("ok", "STO-OK", f"{free_mb} MB free" if free_mb is not None else "free space unknown")


def _recent(at: Any, now: datetime) -> bool:
    try:
        when = datetime.fromisoformat(str(at))
    except ValueError:
        return False
    return timedelta(0) <= now - when <= timedelta(days=RECOVERED_ALERT_DAYS) or when > now
