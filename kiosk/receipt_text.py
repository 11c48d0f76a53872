"""Words printed on receipts, in both languages (the QML screens use Qt's .ts files instead)."""

from __future__ import annotations

RECEIPT_TEXT: dict[str, dict[str, str]] = {
    "zh_CN": {
        "title": "办理回执",
        "service": "办理事项",
        "tracking": "受理编号",
        "name": "申请人",
        "id": "证件号码",
        "time": "提交时间",
        "counter": "办理地点",
        "footer": "请妥善保管本回执。扫描二维码或在一体机输入受理编号可查询办理进度。",
        "step_wait": "工作人员将在 {days} 个工作日内审核，结果会在一体机和短信中通知您。",
        "step_bring": "领取时请带好身份证和本回执。",
        "step_query": "凭受理编号可随时在一体机上查询进度。",
    },
    "en_US": {
        "title": "Application receipt",
        "service": "Service",
        "tracking": "Tracking no.",
        "name": "Applicant",
        "id": "ID no.",
        "time": "Submitted",
        "counter": "Where",
        "footer": "Keep this receipt. Scan the QR code or enter the tracking number at a terminal to check progress.",
        "step_wait": "Staff will review it within {days} working {day_word}; you will be told at the terminal and by SMS.",
        "step_bring": "Bring your ID card and this receipt when you collect the result.",
        "step_query": "Check progress any time at a terminal with the tracking number.",
    },
}


def receipt_labels(lang: str) -> dict[str, str]:
    return RECEIPT_TEXT.get(lang, RECEIPT_TEXT["zh_CN"])
