"""The documents the A4 printer produces, as values (masked personal data only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class ApplicationCopy:
    """申请表（签字联）: what the resident submitted, for a wet signature at the counter."""

    centre_name: str
    service_name: str
    tracking_number: str
    submitted_at: datetime
    fields: tuple[tuple[str, str], ...]  # (label, value), values already masked where personal
    declaration: str = "本人承诺以上所填信息真实、准确、完整，如有不实，愿承担相应责任。"
    qr_payload: str = ""


@dataclass(frozen=True)
class Certificate:
    """证明: an approved certificate with a number and a QR code a third party scans to verify it."""

    centre_name: str
    title: str
    number: str
    body: str
    issued_at: datetime
    verify_url: str
    issuer: str = ""


SITE_TICKS = (("屏幕已清洁", "screen cleaned"), ("打印纸已补足", "paper stock"), ("线缆已检查", "cables"),
              ("封条完好", "seals intact"))  # what a technician ticks by hand on site


@dataclass(frozen=True)
class SiteChecklist:
    """现场维护检查单: the readiness report as a technician's site visit record, ticked and signed on paper."""

    site_name: str
    terminal_name: str
    checked_at: datetime
    staff_id: str
    overall: str
    results: tuple[tuple[str, str, str], ...]  # (component, status, detail) of every check and self-test
    ticks: tuple[tuple[str, str], ...] = SITE_TICKS


@dataclass(frozen=True)
class ServiceGuide:
    """办事指南: what to bring, the steps, where and when."""

    service_name: str
    centre_name: str
    summary: str
    materials: tuple[str, ...]
    steps: tuple[str, ...]
    time_limit: str = ""
    fee: str = "不收费"
    address: str = ""
    hours: str = ""
    phone: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def sample_application(now: datetime) -> ApplicationCopy:
    return ApplicationCopy(
        centre_name="历下区示例社区党群服务中心",
        service_name="居住证明开具",
        tracking_number="261126000100017",
        submitted_at=now,
        fields=(
            ("申请人", "张*"),
            ("公民身份号码", "370102********1234"),
            ("联系电话", "138****5678"),
            ("居住地址", "历下区示例街道示例社区**号楼*单元***室"),
            ("居住起始日期", "2019年3月"),
            ("申请用途", "子女入学"),
            ("备注", "无"),
        ),
        qr_payload="https://kiosk.example.cn/t/261126000100017",
    )


def sample_certificate(now: datetime) -> Certificate:
    return Certificate(
        centre_name="历下区示例社区党群服务中心",
        title="居住证明",
        number="LX-2026-000417",
        body=(
            "兹证明张*（公民身份号码：370102********1234）自2019年3月起居住于历下区示例街道示例社区，"
            "现居住地址为示例社区**号楼*单元***室。特此证明。"
            "本证明仅用于子女入学，自开具之日起三个月内有效。"
        ),
        issued_at=now,
        verify_url="https://verify.example.cn/c/LX-2026-000417?code=7QK2M9",
        issuer="示例社区居民委员会",
    )


def sample_guide() -> ServiceGuide:
    return ServiceGuide(
        service_name="居住证明开具",
        centre_name="历下区示例社区党群服务中心",
        summary="为在本社区实际居住的居民开具居住证明，用于子女入学、就业、社保等事项。",
        materials=("居民身份证原件", "户口簿或房屋产权证明、租赁合同（任选其一）", "用途说明（如学校通知）"),
        steps=(
            "在自助终端刷身份证，选择“居住证明开具”并填写申请。",
            "打印回执，按回执提示到一窗受理窗口提交材料。",
            "社区工作人员在3个工作日内核实居住情况。",
            "审核通过后，凭回执或身份证到窗口或自助终端领取证明。",
        ),
        time_limit="3个工作日",
        address="历下区示例街道示例路1号 一楼 一窗受理 1-3 号窗口",
        hours="周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）",
        phone="0531-8888 0000",
        notes=("委托他人办理的，需提供委托书及受托人身份证。",),
    )
