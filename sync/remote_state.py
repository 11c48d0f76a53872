"""What the terminal tells the hub about remote help (issue 24), kept in ``sync_state`` so it survives a
restart: the maintenance state, the outcomes of the hub's commands not yet reported, and the bounded
history of component state changes (the fault history).

Why in the store and not in memory: "restart the app" is one of the commands, and its outcome must
reach the hub in the heartbeat after the restart; a technician's maintenance state must not vanish
when the app restarts under their hands either.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any

from sync.sync_state import NamedState

MAINTENANCE_KEY = "maintenance"
RESULTS_KEY = "command_results"
FAULTS_KEY = "fault_history"
LAST_STATES_KEY = "fault_last_states"
FAULTS_SENT_KEY = "fault_history_sent"
MAX_RESULTS = 50  # the heartbeat schema's bound
MAX_FAULTS = 200  # kept on the terminal; the hub keeps the full history


def _load(state: NamedState, key: str, default: Any) -> Any:
    try:
        value = json.loads(state.get(key) or "null")
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


class RemoteState:
    """The three records, each read and written under one lock (the sync thread and the GUI both write)."""

    def __init__(self, state: NamedState) -> None:
        self.state = state
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ maintenance
    def set_maintenance(self, on: bool, by: str, now: datetime) -> None:
        """``by``: ``technician`` (the screen's mode is open) or ``console`` (a hub command)."""
        with self._lock:
            self.state.set(MAINTENANCE_KEY, json.dumps({"on": on, "by": by[:60], "since": now.isoformat()})
                           if on else None)

    def maintenance(self) -> dict[str, Any]:
        return _load(self.state, MAINTENANCE_KEY, {}) or {"on": False}

    # ------------------------------------------------------------------ command outcomes
    def add_result(self, command_id: str, name: str, ok: bool, detail: str, now: datetime) -> None:
        with self._lock:
            results = _load(self.state, RESULTS_KEY, [])
            results.append({"id": command_id[:40], "name": name[:40], "ok": ok, "detail": detail[:500],
                            "at": now.isoformat()})
            self.state.set(RESULTS_KEY, json.dumps(results[-MAX_RESULTS:]))

    def results(self) -> list[dict[str, Any]]:
        return list(_load(self.state, RESULTS_KEY, []))

    def results_reported(self, ids: set[str]) -> None:
        """The hub took these outcomes: forget them (newer ones stay for the next heartbeat)."""
        with self._lock:
            left = [r for r in _load(self.state, RESULTS_KEY, []) if r.get("id") not in ids]
            self.state.set(RESULTS_KEY, json.dumps(left) if left else None)

    # ------------------------------------------------------------------ fault history
    def observe(self, devices: dict[str, dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
        """Compare each component's status with the last one seen; keep the changes (the newest
        ``MAX_FAULTS``). A component seen for the first time counts as a change from nothing only when
        it is not ok, so a fresh terminal's history starts with its faults, not with every green."""
        with self._lock:
            last: dict[str, str] = _load(self.state, LAST_STATES_KEY, {})
            history: list[dict[str, Any]] = _load(self.state, FAULTS_KEY, [])
            seq = history[-1]["seq"] if history else int(self.state.get(FAULTS_SENT_KEY) or 0)
            changes = []
            for name, row in sorted(devices.items()):
                status = str((row or {}).get("status", ""))
                before = last.get(name, "")
                if status == before or (not before and status in ("ok", "skip")):
                    continue
                seq += 1
                changes.append({"seq": seq, "at": now.isoformat(), "component": name[:40], "status": status,
                                "previous": before, "code": str(row.get("code") or "")[:32],
                                "detail": str(row.get("detail") or "")[:300]})
            current = {name: str((row or {}).get("status", "")) for name, row in devices.items()}
            if current != last:
                self.state.set(LAST_STATES_KEY, json.dumps({**last, **current}))
            if changes:
                self.state.set(FAULTS_KEY, json.dumps((history + changes)[-MAX_FAULTS:], ensure_ascii=False))
            return changes

    def fault_history(self) -> list[dict[str, Any]]:
        """The kept changes, oldest first."""
        return list(_load(self.state, FAULTS_KEY, []))

    def unreported_faults(self) -> list[dict[str, Any]]:
        sent = int(self.state.get(FAULTS_SENT_KEY) or 0)
        return [f for f in self.fault_history() if f.get("seq", 0) > sent]

    def faults_reported(self, up_to_seq: int) -> None:
        with self._lock:
            self.state.set(FAULTS_SENT_KEY, str(up_to_seq))
