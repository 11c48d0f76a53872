"""Receipts to and from JSON, so the print journal can reprint exactly what was meant to print."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from kiosk.receipt import Receipt


def receipt_to_json(receipt: Receipt) -> bytes:
    d = asdict(receipt)
    d["time"] = receipt.time.isoformat()
    d["next_steps"] = list(receipt.next_steps)
    return json.dumps(d, ensure_ascii=False, sort_keys=True).encode("utf-8")


def receipt_from_json(data: bytes) -> Receipt:
    d = json.loads(data.decode("utf-8"))
    d["time"] = datetime.fromisoformat(d["time"])
    d["next_steps"] = tuple(d["next_steps"])
    return Receipt(**d)
