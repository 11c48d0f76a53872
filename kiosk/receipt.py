"""The printed receipt as a value, independent of any printer.

The printing layer renders it to ESC/POS (text or raster); the UI shows the same
value on screen. Only masked personal data ever enters a receipt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from contract.clock import SystemClock


@dataclass(frozen=True)
class Receipt:
    centre_name: str
    title: str  # e.g. "办理回执" / "Application receipt"
    service_name: str
    tracking_number: str
    masked_name: str
    masked_id: str
    time: datetime
    next_steps: tuple[str, ...] = ()
    counter: str = ""
    qr_payload: str = ""
    footer: str = ""
    language: str = "zh_CN"
    labels: dict[str, str] = field(default_factory=dict)  # translated field labels

    def lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs in print order, for any renderer."""
        lab = self.labels
        return [
            (lab.get("service", "Service"), self.service_name),
            (lab.get("tracking", "Tracking no."), self.tracking_number),
            (lab.get("name", "Name"), self.masked_name),
            (lab.get("id", "ID no."), self.masked_id),
            (lab.get("time", "Time"), self.time.strftime("%Y-%m-%d %H:%M")),
            (lab.get("counter", "Counter"), self.counter),
        ]


ZH_LABELS: dict[str, str] = {
    "service": "办理事项",
    "tracking": "受理编号",
    "name": "申请人",
    "id": "证件号码",
    "time": "受理时间",
    "counter": "办理窗口",
    "next_steps": "后续步骤",
    "scan": "扫码查询办理进度",
}


def sample_receipt(now: datetime | None = None, masked_name: str = "张*", language: str = "zh_CN") -> Receipt:
    """A representative receipt for test prints, benchmarks and the CLI's ``--sample``."""

    return Receipt(
        centre_name="历下区示例社区党群服务中心",
        title="办理回执",
        service_name="居住证明开具",
        tracking_number="261126000100017",
        masked_name=masked_name,
        masked_id="370102********1234",
        time=now or SystemClock().now(),
        next_steps=("工作人员将在3个工作日内审核，请留意短信通知。", "审核通过后凭本回执到窗口领取证明。"),
        counter="一楼 一窗受理 1-3 号窗口",
        qr_payload="https://kiosk.example.cn/t/261126000100017",
        footer="凭此回执查询进度，请妥善保管。",
        language=language,
        labels=dict(ZH_LABELS),
    )
