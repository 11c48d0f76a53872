"""Community services beyond forms: queue tickets (一窗受理取号), satisfaction ratings, calling staff.

Everything goes to the hub through the one outbox, so it works offline: tickets are
numbered from this terminal's own range (its terminal number is part of the ticket)
and the hub reconciles them with the counters' queue when they arrive.
"""

from __future__ import annotations

import json
import logging
import threading
from datetime import datetime, timedelta
from typing import Any

from contract.queue import BUSINESS_TYPES, BusinessType
from kiosk.audit import AuditEvent, AuditRecord
from kiosk.clock_guard import require_trusted
from kiosk.storage_faults import StorageFault
from kiosk.ticket import QueueTicket

log = logging.getLogger(__name__)
HUB_QUEUE_STATE = "queue:hub"
HUB_QUEUE_FRESH = timedelta(hours=1)


RATING_REASONS: dict[str, dict[str, str]] = {
    "fast": {"zh_CN": "办理快", "en_US": "Quick"},
    "clear": {"zh_CN": "指引清楚", "en_US": "Clear guidance"},
    "easy": {"zh_CN": "操作简单", "en_US": "Easy to use"},
    "slow": {"zh_CN": "等待太久", "en_US": "Too slow"},
    "confusing": {"zh_CN": "看不懂", "en_US": "Hard to understand"},
    "device": {"zh_CN": "设备有故障", "en_US": "Something was broken"},
}

TICKET_TEXT = {
    "zh_CN": {"title": "排队号", "footer": "请留意叫号屏，过号请重新取号。", "business": "业务类型",
              "waiting": "前面等候", "next": "无人，您是下一位", "person": "人", "people": "人", "estimate": "预计等候", "minutes": "分钟", "time": "取号时间"},
    "en_US": {"title": "Queue number", "footer": "Watch the calling screen; if you miss your turn, take a new number.",
              "business": "Business", "waiting": "Ahead of you", "next": "nobody, you are next", "person": "person",
              "people": "people", "estimate": "Estimated wait",
              "minutes": "min", "time": "Taken at"},
}


class CommunityServices:
    def __init__(self, services: Any) -> None:
        self.services = services
        self._lock = threading.Lock()

    def business_type(self, code: str) -> BusinessType:
        for b in BUSINESS_TYPES:
            if b.code == code:
                return b
        raise KeyError(f"no business type {code!r}")

    def issue_ticket(self, code: str, lang: str) -> QueueTicket:
        """Number the ticket from this terminal's range, queue it for the hub; the caller prints it."""

        btype = self.business_type(code)
        require_trusted(self.services.clock_guard)  # a ticket shows the time: it must be right
        store, clock = self.services.store, self.services.clock
        now = clock.now()
        day = now.strftime("%Y%m%d")
        terminal_no = int(getattr(store, "terminal_no", lambda: 0)()) % 100
        with self._lock:
            key = f"queue:{day}:{code}"
            seq = int(store.get_state(key, "0")) + 1
            store.set_state(key, str(seq))
            recent_key = f"queue:{day}:{code}:recent"
            recent = [t for t in (store.get_state(recent_key, "") or "").split(",") if t]
            cutoff = (now - timedelta(minutes=30)).isoformat()
            recent = [t for t in recent if t >= cutoff]
            waiting = len(recent)
            minutes_each = float(btype.minutes_each)
            hub = self.hub_queue(now)
            if hub is not None and code in hub["queues"]:
                # the whole community's queue as the hub last saw it, plus what this terminal issued since
                since = [t for t in recent if t > hub["at"]]
                waiting = max(waiting, int(hub["queues"][code].get("waiting", 0)) + len(since))
                minutes_each = float(hub["queues"][code].get("minutes_each") or minutes_each)
            recent.append(now.isoformat())
            store.set_state(recent_key, ",".join(recent[-200:]))
        number = f"{code}{terminal_no:02d}{seq:03d}"
        text = TICKET_TEXT.get(lang, TICKET_TEXT["zh_CN"])
        t = self.services.settings.terminal
        ticket = QueueTicket(
            number=number,
            business_type=btype.name.get(lang, btype.name["zh_CN"]),
            waiting=waiting,
            estimate_min=round(waiting * minutes_each),
            time=now,
            centre_name=t.centre_name_zh if lang == "zh_CN" else t.centre_name_en,
            title=text["title"],
            footer=text["footer"],
            language=lang,
            labels={k: text[k] for k in ("business", "waiting", "next", "person", "people", "estimate", "minutes", "time")},
        )
        store.enqueue("queue_ticket", {"number": number, "business_type": code, "issued_at": now.isoformat(),
                                       "terminal_seq": seq, "waiting_estimate": waiting})
        store.record(AuditRecord(AuditEvent.QUEUE_TICKET_ISSUED, now, {"number": number, "business_type": code}))
        self._refresh_in_background()
        return ticket

    # --- the community's queue as the hub sees it (GET /api/v1/queue, docs/sync-protocol.md) ---------

    def hub_queue(self, now: datetime) -> dict[str, Any] | None:
        """The hub's waiting counts cached by :meth:`refresh_hub_queue`, if from today's last hour."""
        try:
            data = json.loads(self.services.store.get_state(HUB_QUEUE_STATE, "") or "{}")
        except ValueError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("queues"), dict) or not data.get("at"):
            return None
        if data["at"] < (now - HUB_QUEUE_FRESH).isoformat() or data["at"] > now.isoformat():
            return None
        return data

    def refresh_hub_queue(self) -> bool:
        """Ask the hub how many wait in this community; False when not enrolled or unreachable."""
        sync = self.services.sync
        client = sync.client() if sync is not None else None
        if client is None:
            return False
        try:
            sync.run_once(heartbeat=False)  # our own tickets first, so the hub's count includes them
            answer = client.request("GET", "/queue").json()
        except Exception as exc:  # noqa: BLE001  (offline: the local estimate stands)
            log.info("queue counts not fetched: %s", type(exc).__name__)
            return False
        if not isinstance(answer, dict) or not isinstance(answer.get("queues"), dict):
            return False
        data = {"at": self.services.clock.now().isoformat(), "queues": answer["queues"]}
        self.services.store.set_state(HUB_QUEUE_STATE, json.dumps(data, ensure_ascii=False))
        return True

    def _refresh_in_background(self) -> None:
        """Deliver the ticket soon and refresh the counts for the next one, without holding up this one."""
        if self.services.sync is None:
            return
        def refresh() -> None:
            try:
                self.refresh_hub_queue()
            except Exception:  # e.g. the store closed at shutdown: the next ticket tries again
                log.debug("queue counts refresh failed", exc_info=True)

        threading.Thread(target=refresh, name="kiosk-queue-counts", daemon=True).start()

    def rate(self, service_id: str, level: int, reasons: list[str]) -> str:
        if not 1 <= int(level) <= 5:
            raise ValueError("a rating is 1 to 5")
        clean = [r for r in reasons if r in RATING_REASONS]
        now = self.services.clock.now()
        item = self.services.store.enqueue("rating", {"service_id": service_id, "level": int(level),
                                                      "reasons": clean, "at": now.isoformat()})
        self.services.store.record(AuditRecord(AuditEvent.RATING_GIVEN, now, {"service_id": service_id,
                                                                              "level": int(level)}))
        return item

    def call_staff(self, screen: str) -> str:
        """Queue the call; when the store cannot take it (a full disk), send it to the hub at once instead."""

        now = self.services.clock.now()
        body = {"at": now.isoformat(), "screen": screen}
        try:
            item = self.services.store.enqueue("call_staff", body)
            self.services.store.record(AuditRecord(AuditEvent.CALL_STAFF, now, {"screen": screen}))
        except StorageFault:
            sync = self.services.sync
            if sync is None or not sync.deliver_now("call_staff", body):
                raise
            return "sent-directly"
        self._request_sync()
        return item

    def _request_sync(self) -> None:
        sync = self.services.sync
        if sync is not None:
            sync.sync_now()


def ticket_time(ticket: QueueTicket, lang: str) -> str:
    t: datetime = ticket.time
    return f"{t.month}月{t.day}日 {t:%H:%M}" if lang == "zh_CN" else f"{t.day} {t:%b} {t:%H:%M}"
