"""Values made ready for JSON before they are sealed or stored: one rule for every table that keeps a body.

Why one rule: the outbox, the audit log and the sealed payload must turn the same dataclass,
enum or date into the same text, or the hub would see one event in two shapes.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from enum import Enum
from typing import Any

from contract import crypto


def plain_json(value: Any) -> Any:
    """Dataclasses, enums and dates to JSON-ready values (for sealing and outbox bodies)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return plain_json(value.value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain_json(v) for v in value]
    if isinstance(value, bytes):
        return crypto.b64e(value)
    return value


def compact_json(body: dict[str, Any]) -> str:
    """An outbox body as stored: sorted keys, no spaces, non-ASCII kept."""
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
