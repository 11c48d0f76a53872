"""One terminal id everywhere: the id the hub enrolled this terminal under, once it is enrolled.

Before enrolment the settings' ``terminal.terminal_id`` is all there is; after it, the hub knows the
terminal only by the enrolled id (``t-…``), so the screens, the readiness report, the bundle's name and
``kiosk settings`` show that one (a technician reading it out to the platform must be understood).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sync.keys import KeyRing


def enrolled_id(store: Any) -> str:
    """The enrolled id, or "" before enrolment (or without a store)."""
    keys = getattr(store, "keys", None) if store is not None else None
    enrollment = keys.enrollment() if keys is not None else None
    return str(enrollment.terminal_id) if enrollment is not None else ""


def terminal_id(settings: Any, store: Any = None) -> str:
    """The enrolled id, else the settings' one. Without a store the enrolment file is read directly
    (``data_dir/keys/enrollment.json``; reading it creates nothing)."""
    if store is None:

        store = SimpleNamespace(keys=KeyRing(Path(settings.data_dir) / "keys"))
    return enrolled_id(store) or str(settings.terminal.terminal_id)
