"""Notices for the attract screen and the notice board: party affairs, finance, policy, activities.

``valid_from``/``valid_to`` bound when a notice is shown; ``published`` is the
date printed under its title (and a notice is not shown before it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from contract import safe_load
from contract.entries import identified

Text = Mapping[str, str]
CATEGORIES = ("party", "finance", "policy", "activity")
NOTICE_FILES = ("notices.yaml", "notices.yml", "notices.json")


class NoticeError(ValueError):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class Notice:
    id: str
    category: str  # party | finance | policy | activity (党务 / 财务 / 政策 / 活动公开)
    title: Text
    body: Text
    valid_from: date
    valid_to: date
    published: date


def _date(value: Any, where: str, name: str, reasons: list[str]) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    reasons.append(f"{where}: {name} must be a date like 2026-11-26")
    return None


def parse_notices(doc: Any) -> list[Notice]:
    if isinstance(doc, Mapping):
        items = doc.get("notices")
    else:
        items = doc
    if not isinstance(items, list):
        raise NoticeError(["notices must be a list"])
    reasons: list[str] = []
    out: list[Notice] = []
    for where, n in identified("notice", items, reasons):
        if n.get("category") not in CATEGORIES:
            reasons.append(f"{where}: category must be one of {', '.join(CATEGORIES)}")
        for key in ("title", "body"):
            v = n.get(key)
            if not isinstance(v, Mapping) or not all(isinstance(v.get(lang), str) and v[lang].strip() for lang in ("zh_CN", "en_US")):
                reasons.append(f"{where}: {key} needs zh_CN and en_US text")
        start = _date(n.get("valid_from"), where, "valid_from", reasons)
        end = _date(n.get("valid_to"), where, "valid_to", reasons)
        published = _date(n.get("published", n.get("valid_from")), where, "published", reasons)
        if start and end and start > end:
            reasons.append(f"{where}: valid_from is after valid_to")
        if reasons:
            continue
        out.append(
            Notice(n["id"], n["category"], dict(n["title"]), dict(n["body"]), start, end, published)  # type: ignore[arg-type]
        )
    if reasons:
        raise NoticeError(reasons)
    return out


def load_notices(path: str | Path) -> list[Notice]:
    """From a directory holding ``notices.yaml`` (or .json), or from the file itself."""
    p = Path(path)
    if p.is_dir():
        for name in NOTICE_FILES:
            if (p / name).is_file():
                p = p / name
                break
        else:
            return []
    try:
        doc = safe_load.load_file(p)
    except safe_load.ContentError as exc:
        raise NoticeError(exc.problems) from exc
    return parse_notices(doc)


def active(notices: Iterable[Notice], today: date) -> list[Notice]:
    """Notices to show today, newest first."""
    shown = [n for n in notices if n.valid_from <= today <= n.valid_to and n.published <= today]
    return sorted(shown, key=lambda n: (n.published, n.id), reverse=True)
