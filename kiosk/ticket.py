"""The queue ticket (排队小票) as a value, independent of the printer, plus its JSON form for the print journal."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime

from contract.clock import SystemClock


@dataclass(frozen=True)
class QueueTicket:
    number: str  # e.g. "A017"
    business_type: str  # e.g. "社保业务"
    waiting: int  # people ahead
    estimate_min: int  # estimated wait in minutes
    time: datetime
    centre_name: str
    title: str = "排队号"
    footer: str = "请留意叫号，过号请重新取号"
    language: str = "zh_CN"
    labels: dict[str, str] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs in print order."""
        lab = self.labels
        rows = [(lab.get("business", "业务类型"), self.business_type), (lab.get("waiting", "前面等候"), self.ahead())]
        if self.waiting > 0 and self.estimate_min > 0:  # nobody ahead: no "0 minutes" to read
            rows.append((lab.get("estimate", "预计等候"), f"{self.estimate_min} {lab.get('minutes', '分钟')}"))
        rows.append((lab.get("time", "取号时间"), self.time.strftime("%Y-%m-%d %H:%M")))
        return rows

    def ahead(self) -> str:
        """Who is ahead in words a person says: "You are next" for nobody, then "1 person", "2 people"
        (the screen says the same; a printed "0 people" reads as a fault)."""
        lab = self.labels
        if self.waiting <= 0:
            return lab.get("next", "无人，您是下一位")
        unit = lab.get("person", "人") if self.waiting == 1 else lab.get("people", "人")
        return f"{self.waiting} {unit}"


def ticket_to_json(ticket: QueueTicket) -> bytes:
    d = asdict(ticket)
    d["time"] = ticket.time.isoformat()
    return json.dumps(d, ensure_ascii=False, sort_keys=True).encode("utf-8")


def ticket_from_json(data: bytes) -> QueueTicket:
    d = json.loads(data.decode("utf-8"))
    d["time"] = datetime.fromisoformat(d["time"])
    return QueueTicket(**d)


def sample_ticket(now: datetime | None = None) -> QueueTicket:
    return QueueTicket(
        number="A017",
        business_type="社保业务",
        waiting=5,
        estimate_min=12,
        time=now or SystemClock().now(),
        centre_name="历下区示例社区党群服务中心",
    )
