"""What goes on a slip, as printer-neutral blocks; ``render`` turns blocks into ESC/POS.

Keeping the content here and the byte encoding in ``render`` means text mode and
raster mode print the same lines in the same order, and the decoder can check
one against the other.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from contract import tracking
from kiosk.receipt import Receipt
from kiosk.ticket import QueueTicket

Align = Literal["left", "center", "right"]

MAX_LINES_PER_FIELD = 6  # a runaway field must not print a metre of paper


@dataclass(frozen=True)
class Text:
    text: str
    align: Align = "left"
    bold: bool = False
    scale: int = 1  # 1..3: double/triple width and height
    max_lines: int = MAX_LINES_PER_FIELD


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class Qr:
    payload: str


@dataclass(frozen=True)
class Feed:
    lines: int = 1


Block = Text | Rule | Qr | Feed


def clean(text: str) -> str:
    """Printable text on one line: tabs/newlines become spaces, other control characters go."""
    out = []
    for ch in text:
        if ch in "\t\r\n\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            out.append(ch)
    return "".join(out).strip()


def _field(label: str, value: str, language: str) -> str:
    sep = "：" if language.startswith("zh") else ": "
    return f"{label}{sep}{value}"


def receipt_blocks(receipt: Receipt) -> list[Block]:
    zh = receipt.language.startswith("zh")
    blocks: list[Block] = []
    if clean(receipt.centre_name):
        blocks.append(Text(receipt.centre_name, "center", bold=True, max_lines=2))
    if clean(receipt.title):
        blocks.append(Text(receipt.title, "center", bold=True, scale=2, max_lines=2))
    blocks.append(Rule())
    for label, value in receipt.lines():
        if not clean(value):
            continue
        if label == receipt.labels.get("tracking", "Tracking no.") and value == receipt.tracking_number:
            value = tracking.pretty(value)
        blocks.append(Text(_field(label, value, receipt.language)))
    steps = [s for s in receipt.next_steps if clean(s)]
    if steps:
        blocks.append(Text(receipt.labels.get("next_steps", "后续步骤" if zh else "Next steps") + ("：" if zh else ":")))
        for i, step in enumerate(steps[:8], 1):
            blocks.append(Text(f"{i}. {step}"))
    blocks.append(Rule())
    if clean(receipt.qr_payload):
        blocks.append(Qr(clean(receipt.qr_payload)))
        blocks.append(Text(receipt.labels.get("scan", "扫码查询办理进度" if zh else "Scan to check progress"), "center"))
    if clean(receipt.footer):
        blocks.append(Text(receipt.footer, "center"))
    return blocks


def ticket_blocks(ticket: QueueTicket) -> list[Block]:
    blocks: list[Block] = []
    if clean(ticket.centre_name):
        blocks.append(Text(ticket.centre_name, "center", bold=True, max_lines=2))
    if clean(ticket.title):
        blocks.append(Text(ticket.title, "center", max_lines=1))
    blocks.append(Text(ticket.number or "-", "center", bold=True, scale=3, max_lines=1))
    blocks.append(Rule())
    for label, value in ticket.lines():
        if clean(value):
            blocks.append(Text(_field(label, value, ticket.language)))
    blocks.append(Rule())
    if clean(ticket.footer):
        blocks.append(Text(ticket.footer, "center"))
    return blocks


def diagnostic_page_blocks(cols: int, paper_mm: int, mode: str) -> list[Block]:
    """The technician's test page: font sample, QR code and a width ruler."""
    ruler_digits = "".join(str(i % 10) for i in range(1, cols + 1))
    ruler_tens = "".join(str((i // 10) % 10) if i % 10 == 0 else "." for i in range(1, cols + 1))
    return [
        Text("打印测试页 Test page", "center", bold=True, scale=2),
        Text(f"{paper_mm} mm / {cols} cols / {mode} mode", "center"),
        Rule("="),
        Text("中文：社区党群服务中心 一窗受理"),
        Text("全角符号：，。！？（）【】“”"),
        Text("ASCII: 0123456789 ABCDEFG abcdefg"),
        Text("生僻字（光栅打印）：䶮 𠀀"),
        Rule(),
        Text("宽度标尺 Width ruler"),
        Text(ruler_tens, max_lines=1),
        Text(ruler_digits, max_lines=1),
        Rule(),
        Qr("https://kiosk.example.cn/test"),
        Text("QR: https://kiosk.example.cn/test", "center"),
    ]
