"""ReportLab PDFs for the A4 printer: application copy, certificate with verification QR, service guide.

The CJK font is embedded (see :mod:`kiosk.documents.fonts`), paragraphs wrap
the Chinese way (``wordWrap='CJK'``), and QR codes are vector drawings, so the
page prints the same on any CUPS printer.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from contract import tracking
from contract.clock import SystemClock
from kiosk.documents.fonts import markup, register_fonts
from kiosk.documents.models import (
    ApplicationCopy,
    Certificate,
    ServiceGuide,
    SiteChecklist,
    sample_application,
    sample_certificate,
    sample_guide,
)

KINDS = ("certificate", "application", "guide")
MAX_FIELD_CHARS = 600  # a table cell cannot split across pages: a runaway answer is cut, visibly


def _cap(text: str, limit: int) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _styles() -> dict[str, ParagraphStyle]:
    font, _ = register_fonts()
    base = ParagraphStyle("body", fontName=font, fontSize=11.5, leading=18, wordWrap="CJK")
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, alignment=TA_CENTER, textColor=colors.grey),
        "h2": ParagraphStyle("h2", parent=base, fontSize=14, leading=22, spaceBefore=10, spaceAfter=4),
        "cert": ParagraphStyle("cert", parent=base, fontSize=14, leading=28, firstLineIndent=28),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=13, textColor=colors.grey),
        "cell": ParagraphStyle("cell", parent=base, fontSize=11, leading=16),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def _qr(payload: str, size_mm: float) -> Drawing:
    widget = QrCodeWidget(payload, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    size = size_mm * mm
    d = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    d.add(widget)
    return d


def _build(story: list[Any], title: str, subject: str) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=22 * mm, rightMargin=22 * mm, topMargin=20 * mm, bottomMargin=20 * mm,
        title=title, subject=subject, author="community-kiosk", creator="community-kiosk",
    )
    doc.build(story)
    return buf.getvalue()


def _date_zh(t: datetime) -> str:
    return f"{t.year}年{t.month}月{t.day}日"


def application_pdf(app: ApplicationCopy) -> bytes:
    s = _styles()
    rows = [[_p(_cap(label, 40), s["cell"]), _p(_cap(value, MAX_FIELD_CHARS) or "—", s["cell"])]
            for label, value in app.fields]
    table = Table(rows, colWidths=[42 * mm, 124 * mm])
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]))
    story: list[Any] = [
        _p(app.centre_name, s["subtitle"]),
        _p(f"{app.service_name}申请表", s["title"]),
        _p("（申请人签字联）", s["subtitle"]),
        Spacer(1, 6 * mm),
        _p(f"受理编号：{tracking.pretty(app.tracking_number)}　　提交时间：{app.submitted_at:%Y-%m-%d %H:%M}", s["body"]),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 8 * mm),
        _p(app.declaration, s["body"]),
        Spacer(1, 14 * mm),
        _p("申请人（签字）：____________________　　日期：______年____月____日", s["body"]),
        Spacer(1, 10 * mm),
        _p("受理人（签字）：____________________", s["body"]),
    ]
    if app.qr_payload:
        story += [Spacer(1, 10 * mm), _qr(app.qr_payload, 26), _p("扫码查询办理进度", s["small"])]
    return _build(story, f"{app.service_name}申请表", "application copy")


def certificate_pdf(cert: Certificate) -> bytes:
    s = _styles()
    verify = Table(
        [[_qr(cert.verify_url, 32), [_p(f"证明编号：{cert.number}", s["body"]),
                                      _p("扫描二维码或登录核验网址输入编号，核验本证明真伪。", s["small"]),
                                      _p(cert.verify_url, s["small"])]]],
        colWidths=[38 * mm, 128 * mm],
    )
    verify.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story: list[Any] = [
        Spacer(1, 10 * mm),
        _p(cert.title, s["title"]),
        _p(f"编号：{cert.number}", s["subtitle"]),
        Spacer(1, 12 * mm),
        _p(cert.body, s["cert"]),
        Spacer(1, 20 * mm),
        _p(cert.issuer or cert.centre_name, s["right"]),
        _p(cert.centre_name if cert.issuer else "", s["right"]),
        _p(_date_zh(cert.issued_at), s["right"]),
        Spacer(1, 30 * mm),
        verify,
    ]
    return _build(story, cert.title, f"certificate {cert.number}")


def guide_pdf(g: ServiceGuide) -> bytes:
    s = _styles()
    story: list[Any] = [
        _p(g.centre_name, s["subtitle"]),
        _p(f"{g.service_name} 办事指南", s["title"]),
        Spacer(1, 4 * mm),
        _p(g.summary, s["body"]),
        _p("一、申请材料", s["h2"]),
        *[_p(f"{i}. {m}", s["body"]) for i, m in enumerate(g.materials, 1)],
        _p("二、办理流程", s["h2"]),
        *[_p(f"{i}. {m}", s["body"]) for i, m in enumerate(g.steps, 1)],
        _p("三、办理时限与收费", s["h2"]),
        _p(f"办理时限：{g.time_limit or '即办'}　　收费标准：{g.fee}", s["body"]),
        _p("四、办理地点与时间", s["h2"]),
        _p(f"地址：{g.address}", s["body"]),
        _p(f"时间：{g.hours}", s["body"]),
        _p(f"咨询电话：{g.phone}", s["body"]),
    ]
    if g.notes:
        story += [_p("五、注意事项", s["h2"]), *[_p(f"{i}. {n}", s["body"]) for i, n in enumerate(g.notes, 1)]]
    return _build(story, f"{g.service_name}办事指南", "service guide")


CHECK_MARK = {"ok": "正常 OK", "warn": "警告 WARN", "fail": "故障 FAIL", "skip": "未查 SKIP"}


def _boxes(rows: list[list[Any]], widths: list[float], style: list[tuple[Any, ...]]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *style]))
    return table


def _tick_box() -> Drawing:
    box = Drawing(5 * mm, 5 * mm)
    box.add(Rect(0, 0, 5 * mm, 5 * mm, strokeColor=colors.black, strokeWidth=0.8, fillColor=None))
    return box


def checklist_pdf(c: SiteChecklist) -> bytes:
    """The site checklist on A4: who, where, when; four boxes to tick by hand; every result; a sign-off line."""
    s = _styles()
    width = 166 * mm
    ticks = _boxes([[_tick_box(), _p(f"{zh} / {en}", s["cell"])] for zh, en in c.ticks], [10 * mm, width - 10 * mm],
                   [("BOTTOMPADDING", (0, 0), (-1, -1), 5), ("TOPPADDING", (0, 0), (-1, -1), 5)])
    results = _boxes([[_p("部件 Component", s["cell"]), _p("结果 Result", s["cell"]), _p("说明 Detail", s["cell"])],
                      *[[_p(name, s["cell"]), _p(CHECK_MARK.get(status, status), s["cell"]),
                         _p(_cap(detail, 200), s["small"])] for name, status, detail in c.results]],
                     [46 * mm, 28 * mm, width - 74 * mm],
                     [("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)])
    story: list[Any] = [
        _p(c.site_name, s["subtitle"]),
        _p("自助终端现场维护检查单", s["title"]),
        _p("Site checklist", s["subtitle"]),
        Spacer(1, 4 * mm),
        _p(f"终端 Terminal：{c.terminal_name}", s["body"]),
        _p(f"检查时间 Checked：{c.checked_at:%Y-%m-%d %H:%M}　　技术员 Technician：{c.staff_id or '—'}", s["body"]),
        _p(f"总体状态 Overall：{CHECK_MARK.get(c.overall, c.overall)}", s["body"]),
        _p("现场检查 On site (tick by hand)", s["h2"]),
        ticks,
        _p("检查结果 Results", s["h2"]),
        results,
        Spacer(1, 14 * mm),
        _p("技术员签字 Signed：____________________　　日期 Date：______________", s["body"]),
        Spacer(1, 8 * mm),
        _p("站点负责人 Site contact：____________________", s["body"]),
    ]
    return _build(story, f"{c.terminal_name} 现场维护检查单", "site checklist")


def sample_pdf(kind: str, now: datetime | None = None) -> bytes:
    """A sample of ``kind`` (certificate, application, guide) for test prints and benchmarks."""

    now = now or SystemClock().now()
    if kind == "certificate":
        return certificate_pdf(sample_certificate(now))
    if kind == "application":
        return application_pdf(sample_application(now))
    if kind == "guide":
        return guide_pdf(sample_guide())
    raise ValueError(f"unknown document {kind!r}; one of {', '.join(KINDS)}")


def notice_pdf(centre_name: str, title: str, date_text: str, body: str) -> bytes:
    """A community notice (居务公开) on A4, for residents who want to take it home."""
    s = _styles()
    story: list[Any] = [
        _p(centre_name, s["subtitle"]),
        _p(title, s["title"]),
        _p(date_text, s["right"]),
        Spacer(1, 6 * mm),
        *[_p(part, s["body"]) for part in body.split("\n") if part.strip()],
    ]
    return _build(story, title, "community notice")
