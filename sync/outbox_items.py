"""The outbox table: what waits to be delivered to the hub, with its backoff and quarantine state.

Why its own repository: every other repository adds to the outbox inside its own
transaction (a submission, an audit event), while the sender (:mod:`sync.outbox`) drains it
from another thread; the rules of both sides (known kinds, no clear ID numbers, a clock
that went back) live here once.

Sealing before enrolment
------------------------
A submission's payload sealed before enrolment is sealed to the *pending* key
(:meth:`sync.keys.KeyRing.pending_sealing_key`). :meth:`Outbox.reseal_pending` (run by
``kiosk enroll`` and at the start of every sync round) opens every payload still sealed to
the pending key and seals it to the platform key, in one transaction; only when no row is
sealed to the pending key any more is the key file wiped, while holding the database write
lock (see :mod:`sync.submissions` for the other half of the rule).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from contract import crypto, idnumber
from contract.clock import Clock
from contract.pages import PAGE_KIND
from kiosk.submission import CaseStatus
from sync.database import Database
from sync.keys import KeyRing
from sync.models import outbox as _outbox
from sync.models import submissions as _subs
from sync.plain import compact_json, plain_json

RETRY_HORIZON_S = 86400.0  # no backoff or Retry-After waits this long: a later due time means the clock went back
OUTBOX_KINDS = frozenset({"submission", PAGE_KIND, "queue_ticket", "rating", "audit", "readiness", "call_staff", "vote",
                          "opinion"})


@dataclass(frozen=True)
class QueuedItem:
    """An outbox item ready to go on the wire (``wire()`` is what ``POST /outbox`` carries)."""

    seq: int
    id: str
    kind: str
    created_at: str
    body: dict[str, Any]
    attempts: int
    sealed_to: str | None

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "created_at": self.created_at, "body": self.body}


@dataclass(frozen=True)
class QuarantinedItem:
    id: str
    kind: str
    created_at: str
    reason: str
    attempts: int


class Outbox:
    """Items waiting for the hub: queued, retried with backoff, quarantined, deleted once delivered."""

    def __init__(self, db: Database, clock: Clock, keys: KeyRing) -> None:
        self.db = db
        self.clock = clock
        self.keys = keys

    @staticmethod
    def add(conn: Connection, kind: str, body: dict[str, Any], item_id: str, now: datetime,
            sealed_to: str | None = None) -> None:
        """Queue one item inside the caller's write transaction (the body as it is: no checks but the kind)."""
        if kind not in OUTBOX_KINDS:
            raise ValueError(f"unknown outbox kind {kind!r}")
        conn.execute(
            insert(_outbox).values(
                id=item_id, kind=kind, created_at=now.isoformat(), body=compact_json(body),
                sealed_to=sealed_to, state="queued", attempts=0, next_attempt_at=0.0,
            )
        )

    def enqueue(self, kind: str, body: dict[str, Any], item_id: str | None = None) -> str:
        """Queue a queue ticket, rating, readiness report... for delivery; returns its idempotency key.

        Bodies must not carry personal data (they are stored as they are); submissions go
        through :meth:`sync.submissions.Submissions.submit`, which seals.
        """
        if kind in ("submission", PAGE_KIND):
            raise ValueError(f"a {kind} goes through submit(), which seals it")
        plain = plain_json(body)
        if idnumber.find_in_text(json.dumps(plain, ensure_ascii=False)):  # the hub refuses it too
            raise ValueError(f"a {kind} body quotes an ID number; it would be stored and sent in clear")
        item_id = item_id or str(uuid.uuid4())
        with self.db.write() as conn:
            self.add(conn, kind, plain, item_id, self.clock.now())
        return item_id

    def due_items(self, limit: int = 100, now: float | None = None) -> list[QueuedItem]:
        """Queued items whose backoff has passed, oldest first."""
        now = self.clock.now().timestamp() if now is None else now
        with self.db.read() as conn:
            rows = conn.execute(
                select(_outbox.c.seq, _outbox.c.id, _outbox.c.kind, _outbox.c.created_at, _outbox.c.body,
                       _outbox.c.attempts, _outbox.c.sealed_to)
                .where(_outbox.c.state == "queued",
                       # a wait longer than any backoff was set by a clock that has since gone back: due now
                       (_outbox.c.next_attempt_at <= now) | (_outbox.c.next_attempt_at > now + RETRY_HORIZON_S))
                .order_by(_outbox.c.seq)
                .limit(limit)
            ).all()
        items = []
        for r in rows:
            try:
                body = json.loads(r.body)
            except ValueError:  # damaged on disk: set aside where the technician sees it, the rest goes on
                self.quarantine(r.id, "damaged in storage: the item's body no longer reads")
                continue
            items.append(QueuedItem(r.seq, r.id, r.kind, r.created_at, body, r.attempts, r.sealed_to))
        return items

    def next_due_at(self) -> float | None:
        with self.db.read() as conn:
            value = conn.execute(
                select(func.min(_outbox.c.next_attempt_at)).where(_outbox.c.state == "queued")
            ).scalar()
        now = self.clock.now().timestamp()
        return now if value is not None and value > now + RETRY_HORIZON_S else value

    def mark_delivered(self, ids: Iterable[str]) -> int:
        """The hub holds these: delete their payloads, keep the stubs (status ``received``)."""
        ids = list(ids)
        if not ids:
            return 0
        now = self.clock.now().isoformat()
        with self.db.write() as conn:
            conn.execute(
                update(_subs)
                .where(_subs.c.outbox_id.in_(ids), _subs.c.status == CaseStatus.PENDING.value)
                .values(status=CaseStatus.RECEIVED.value, updated_at=now)
            )
            res = conn.execute(delete(_outbox).where(_outbox.c.id.in_(ids)))
            return int(res.rowcount)

    def mark_retry(self, delays: dict[str, float], error: str) -> None:
        """Transient failure: each item waits its own delay (seconds) before the next attempt."""
        if not delays:
            return
        now = self.clock.now().timestamp()
        with self.db.write() as conn:
            for item_id, delay in delays.items():
                conn.execute(
                    update(_outbox).where(_outbox.c.id == item_id).values(
                        attempts=_outbox.c.attempts + 1, next_attempt_at=now + delay, last_error=error[:500]
                    )
                )

    def quarantine(self, item_id: str, reason: str) -> None:
        """Permanent failure: set aside with the reason; items behind it go on."""
        with self.db.write() as conn:
            conn.execute(
                update(_outbox).where(_outbox.c.id == item_id).values(
                    state="quarantined", reason=reason[:1000], attempts=_outbox.c.attempts + 1
                )
            )

    def requeue_quarantined(self, item_id: str | None = None) -> int:
        """A technician's retry of quarantined items (all, or one)."""
        q = update(_outbox).where(_outbox.c.state == "quarantined")
        if item_id is not None:
            q = q.where(_outbox.c.id == item_id)
        with self.db.write() as conn:
            return int(conn.execute(q.values(state="queued", next_attempt_at=0.0, reason=None)).rowcount)

    def item_state(self, item_id: str) -> tuple[str, str]:
        """``(state, reason)`` of one outbox item: ``queued``, ``quarantined`` (with the hub's reason) or
        ``delivered`` (delivered items are deleted, so an unknown id counts as delivered)."""
        with self.db.read() as conn:
            row = conn.execute(select(_outbox.c.state, _outbox.c.reason).where(_outbox.c.id == item_id)).first()
        if row is None:
            return "delivered", ""
        return str(row.state), str(row.reason or "")

    def depth(self) -> int:
        """Items still to deliver (queued, not quarantined)."""
        with self.db.read() as conn:
            return int(conn.execute(select(func.count()).select_from(_outbox)
                                    .where(_outbox.c.state == "queued")).scalar_one())

    def quarantined(self) -> list[QuarantinedItem]:
        with self.db.read() as conn:
            rows = conn.execute(
                select(_outbox.c.id, _outbox.c.kind, _outbox.c.created_at, _outbox.c.reason, _outbox.c.attempts)
                .where(_outbox.c.state == "quarantined").order_by(_outbox.c.seq)
            ).all()
        return [QuarantinedItem(r.id, r.kind, r.created_at, r.reason or "", r.attempts) for r in rows]

    def reseal_pending(self) -> int:
        """Re-seal payloads sealed before enrolment to the platform key; wipe the pending key after.

        Returns how many payloads were re-sealed. A no-op before enrolment.
        """
        pending = self.keys.pending_sealing_key(create=False)
        if pending is None:
            return 0
        pending_kid = crypto.key_id(crypto.public_bytes(pending))
        count = 0
        with self.db.write() as conn:
            enrollment = self.keys.enrollment()
            if enrollment is None:
                return 0
            target_kid = crypto.key_id(enrollment.sealing_key)
            rows = conn.execute(select(_outbox.c.id, _outbox.c.body).where(_outbox.c.sealed_to == pending_kid)).all()
            for row in rows:
                body = json.loads(row.body)
                plaintext = crypto.open_sealed(pending, crypto.b64d(body["sealed_payload"]))
                body["sealed_payload"] = crypto.b64e(crypto.seal(enrollment.sealing_key, plaintext))
                conn.execute(
                    update(_outbox).where(_outbox.c.id == row.id).values(body=compact_json(body), sealed_to=target_kid)
                )
                count += 1
        with self.db.write() as conn:  # holding the write lock: no submit can seal to the pending key now
            left = conn.execute(select(func.count()).select_from(_outbox)
                                .where(_outbox.c.sealed_to == pending_kid)).scalar_one()
            if left == 0 and self.keys.enrollment() is not None:
                self.keys.forget_pending_sealing_key()
        return count
