"""Delivering the outbox: at least once, in batches, with backoff, quarantining only what the hub refuses.

The hub stores each item id once, so "at least once" here is "exactly once" there: an
item is deleted locally only after the hub answered ``accepted`` or ``duplicate`` for
its id, and a lost answer just means the next attempt gets ``duplicate``.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sync.client import AuthError, HubClient, PermanentError, TransientError
from sync.outbox_items import Outbox, QueuedItem

log = logging.getLogger(__name__)

MAX_BATCH_ITEMS = 100
MAX_BATCH_BYTES = 900_000  # under the hub's 1 MiB request limit, with room for the envelope
BACKOFF_BASE_S = 2.0
BACKOFF_CAP_S = 900.0


def backoff_delay(attempts: int, rng: Callable[[], float] = random.random, base: float = BACKOFF_BASE_S,
                  cap: float = BACKOFF_CAP_S) -> float:
    """Exponential backoff with "equal jitter": half the step fixed, half random, capped.

    ``attempts`` counts failures so far (1 after the first). Jitter keeps a lobby of
    terminals that lost the network together from returning in lock-step.
    """
    step = min(cap, base * (2 ** max(0, min(attempts - 1, 30))))
    return step / 2 + rng() * step / 2


@dataclass
class DrainResult:
    delivered: int = 0
    quarantined: int = 0
    retried: int = 0
    batches: int = 0
    error: str | None = None
    reasons: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


class OutboxSender:
    def __init__(self, outbox: Outbox, client: HubClient, *, batch_items: int = MAX_BATCH_ITEMS,
                 batch_bytes: int = MAX_BATCH_BYTES, rng: Callable[[], float] = random.random) -> None:
        self.outbox = outbox
        self.client = client
        self.batch_items = min(batch_items, MAX_BATCH_ITEMS)
        self.batch_bytes = batch_bytes
        self.rng = rng

    def drain(self, max_batches: int | None = None) -> DrainResult:
        """Send everything due, batch by batch; stop at the first transient or auth failure."""
        result = DrainResult()
        while max_batches is None or result.batches < max_batches:
            items = self.outbox.due_items(limit=self.batch_items)
            if not items:
                break
            for batch in self._split_by_size(items):
                result.batches += 1
                if not self._send(batch, result):
                    return result
        return result

    def _split_by_size(self, items: list[QueuedItem]) -> list[list[QueuedItem]]:
        batches: list[list[QueuedItem]] = [[]]
        size = 0
        for item in items:
            n = len(item.body.get("sealed_payload", "")) + 600
            if batches[-1] and size + n > self.batch_bytes:
                batches.append([])
                size = 0
            batches[-1].append(item)
            size += n
        return batches

    def _retry(self, batch: list[QueuedItem], exc: Exception, retry_after: float | None = None) -> None:
        delays = {}
        for item in batch:
            delay = backoff_delay(item.attempts + 1, self.rng)
            delays[item.id] = max(delay, retry_after or 0.0)
        self.outbox.mark_retry(delays, str(exc))

    def _send(self, batch: list[QueuedItem], result: DrainResult) -> bool:
        """Deliver one batch; False when the round should stop (hub unreachable or refusing us)."""
        try:
            answers = self.client.post_outbox([i.wire() for i in batch])
        except (TransientError, AuthError) as exc:
            self._retry(batch, exc, exc.retry_after)
            result.retried += len(batch)
            result.error = str(exc)
            return False
        except PermanentError as exc:
            if len(batch) > 1:  # the batch as a whole was refused: find the culprit by halves
                mid = len(batch) // 2
                return self._send(batch[:mid], result) and self._send(batch[mid:], result)
            reason = f"{exc.status} {exc.code}: {exc.detail}".strip()
            self.outbox.quarantine(batch[0].id, reason)
            result.quarantined += 1
            result.reasons.append(reason)
            log.warning("outbox item %s (%s) quarantined: %s", batch[0].id, batch[0].kind, reason)
            return True
        by_id = {str(a.get("id")): a for a in answers}
        done: list[str] = []
        missing: list[QueuedItem] = []
        for item in batch:
            answer = by_id.get(item.id)
            status = answer.get("status") if answer else None
            if status in ("accepted", "duplicate"):
                done.append(item.id)
            elif status == "rejected":
                reason = f"rejected: {answer.get('reason', '')}".strip() if answer else "rejected"
                self.outbox.quarantine(item.id, reason)
                result.quarantined += 1
                result.reasons.append(reason)
                log.warning("outbox item %s (%s) rejected by the hub: %s", item.id, item.kind, reason)
            else:
                missing.append(item)
        result.delivered += self.outbox.mark_delivered(done)
        if missing:  # the hub said nothing about these: treat as not delivered, try again later
            self._retry(missing, TransientError("no result for the item in the hub's answer"))
            result.retried += len(missing)
        return True
