"""The service catalog: categories, services and their guides, with pinyin-aware search.

Residents search with whatever their keyboard gives them: Chinese characters,
full pinyin without tones (``juzhuzhengming``, spaces ignored), pinyin
initials (``jzzm`` finds 居住证明) or English words. Pinyin is computed once at
load with pypinyin so a search is a few string scans over a small list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

Text = Mapping[str, str]
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ebef]")
_WORD = re.compile(r"[a-z0-9]+")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
CATALOG_FILES = ("catalog.yaml", "catalog.yml", "catalog.json")


class CatalogError(ValueError):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def tr(text: Text | None, lang: str) -> str:
    from kiosk.forms.model import tr as _tr

    return _tr(text, lang)


@dataclass(frozen=True)
class Category:
    id: str
    name: Text
    icon: str


@dataclass(frozen=True)
class Guide:
    """What a resident needs to know before coming to the counter (printable)."""

    who: Text
    materials: tuple[Text, ...]
    where: Text
    hours: Text
    time_limit: Text
    fee: Text
    legal_basis: Text


@dataclass(frozen=True)
class Service:
    id: str
    category: str
    name: Text
    summary: Text
    form_id: str | None
    needs_receipt: bool
    certificate: bool
    guide: Guide
    keywords: Text = field(default_factory=dict)


@dataclass(frozen=True)
class _Index:
    zh: str  # name and keywords in Chinese
    zh_summary: str
    pinyin: str  # full pinyin of name, no tones, no spaces
    initials: str
    keyword_pinyin: tuple[str, ...]
    keyword_initials: tuple[str, ...]
    en_name_words: tuple[str, ...]
    en_words: tuple[str, ...]  # name, keywords and summary


def _pinyin(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin

    chars = "".join(ch for ch in text if _CJK.match(ch) or ch.isalnum())
    full = "".join(lazy_pinyin(chars)).lower()
    initials = "".join(lazy_pinyin(chars, style=Style.FIRST_LETTER)).lower()
    return full, initials


def _index(s: Service) -> _Index:
    name_zh = tr(s.name, "zh_CN")
    kw_zh = s.keywords.get("zh_CN", "") if s.keywords else ""
    full, initials = _pinyin(name_zh)
    kws = [w for w in re.split(r"[\s,，、]+", kw_zh) if w]
    kp = tuple(_pinyin(w) for w in kws)
    name_en = s.name.get("en_US", "").lower()
    en_all = " ".join([name_en, (s.keywords or {}).get("en_US", "").lower(), s.summary.get("en_US", "").lower()])
    return _Index(
        zh=name_zh + " " + " ".join(kws),
        zh_summary=tr(s.summary, "zh_CN"),
        pinyin=full,
        initials=initials,
        keyword_pinyin=tuple(p for p, _ in kp),
        keyword_initials=tuple(i for _, i in kp),
        en_name_words=tuple(_WORD.findall(name_en)),
        en_words=tuple(_WORD.findall(en_all)),
    )


def _score(ix: _Index, q: str) -> int:
    """Higher is better; 0 means no match."""
    if _CJK.search(q):
        zh_q = q.replace(" ", "")
        if ix.zh.startswith(zh_q):
            return 100
        if zh_q in ix.zh:
            return 80
        if zh_q in ix.zh_summary:
            return 30
        return 0
    compact = re.sub(r"[\s'’-]+", "", q.lower())
    if not compact:
        return 0
    best = 0
    if ix.initials.startswith(compact) or ix.pinyin.startswith(compact):
        best = 95
    elif compact in ix.pinyin or (len(compact) >= 2 and compact in ix.initials):
        best = 75
    elif any(p.startswith(compact) or (len(compact) >= 2 and i.startswith(compact))
             for p, i in zip(ix.keyword_pinyin, ix.keyword_initials)):
        best = 60
    words = _WORD.findall(q.lower())
    if words:
        if all(any(w.startswith(qw) for w in ix.en_name_words) for qw in words):
            best = max(best, 90)
        elif all(any(w.startswith(qw) for w in ix.en_words) for qw in words):
            best = max(best, 50 if all(len(qw) >= 3 for qw in words) else 0)
    return best


class Catalog:
    """Categories and services of one centre; load with :meth:`Catalog.load`."""

    def __init__(self, categories: list[Category], services: list[Service], *, sample: bool = False) -> None:
        self.categories = tuple(categories)
        self.services = tuple(services)
        self.sample = sample
        self._by_id = {s.id: s for s in services}
        self._cat_by_id = {c.id: c for c in categories}
        self._index = [(s, _index(s)) for s in services]

    @classmethod
    def load(cls, path: str | Path) -> "Catalog":
        """From a directory holding ``catalog.yaml`` (or .json), or from the file itself."""
        p = Path(path)
        if p.is_dir():
            for name in CATALOG_FILES:
                if (p / name).is_file():
                    p = p / name
                    break
            else:
                raise CatalogError([f"{path}: no {' or '.join(CATALOG_FILES)} here"])
        text = p.read_text("utf-8")
        try:
            doc = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as exc:
            raise CatalogError([f"{p.name}: cannot be read ({exc})"]) from exc
        return cls.from_dict(doc)

    @classmethod
    def from_dict(cls, doc: Any) -> "Catalog":
        reasons = validate_catalog(doc)
        if reasons:
            raise CatalogError(reasons)
        cats = [Category(c["id"], dict(c["name"]), c.get("icon", c["id"])) for c in doc["categories"]]
        services = []
        for s in doc["services"]:
            g = s["guide"]
            guide = Guide(
                who=dict(g["who"]),
                materials=tuple(dict(m) for m in g["materials"]),
                where=dict(g["where"]),
                hours=dict(g["hours"]),
                time_limit=dict(g["time_limit"]),
                fee=dict(g["fee"]),
                legal_basis=dict(g["legal_basis"]),
            )
            services.append(
                Service(
                    id=s["id"],
                    category=s["category"],
                    name=dict(s["name"]),
                    summary=dict(s["summary"]),
                    form_id=s.get("form_id"),
                    needs_receipt=bool(s.get("needs_receipt", s.get("form_id") is not None)),
                    certificate=bool(s.get("certificate", False)),
                    guide=guide,
                    keywords=dict(s.get("keywords") or {}),
                )
            )
        return cls(cats, services, sample=bool(doc.get("sample", False)))

    def service(self, service_id: str) -> Service:
        return self._by_id[service_id]

    def category(self, category_id: str) -> Category:
        return self._cat_by_id[category_id]

    def services_in(self, category_id: str) -> list[Service]:
        return [s for s in self.services if s.category == category_id]

    def search(self, query: str, lang: str = "zh_CN", limit: int | None = None) -> list[Service]:
        """Services matching ``query``, best first (ties keep catalog order).

        ``lang`` is accepted for symmetry with the UI; every query form is tried
        regardless, because a resident on the English screen may still type pinyin.
        """
        q = (query or "").strip()[:100]
        if not q:
            return []
        scored = [(score, i, s) for i, (s, ix) in enumerate(self._index) if (score := _score(ix, q)) > 0]
        scored.sort(key=lambda t: (-t[0], t[1]))
        found = [s for _, _, s in scored]
        return found[:limit] if limit else found


_GUIDE_KEYS = ("who", "where", "hours", "time_limit", "fee", "legal_basis")


def validate_catalog(doc: Any) -> list[str]:
    """Reasons a catalog document cannot be used (empty = fine)."""
    if not isinstance(doc, Mapping):
        return ["catalog must be an object with categories and services"]
    out: list[str] = []

    def text(where: str, name: str, value: Any) -> None:
        if not isinstance(value, Mapping) or not all(
            isinstance(value.get(lang), str) and value.get(lang, "").strip() for lang in ("zh_CN", "en_US")
        ):
            out.append(f"{where}: {name} needs zh_CN and en_US text")

    cats = doc.get("categories")
    services = doc.get("services")
    if not isinstance(cats, list) or not cats:
        return ["catalog: categories must be a non-empty list"]
    if not isinstance(services, list):
        return ["catalog: services must be a list"]
    cat_ids: set[str] = set()
    for i, c in enumerate(cats):
        where = f"category {i + 1}"
        if not isinstance(c, Mapping) or not isinstance(c.get("id"), str) or not _ID.match(c["id"]):
            out.append(f"{where}: needs an id of lowercase letters, digits and _")
            continue
        where = f"category {c['id']!r}"
        if c["id"] in cat_ids:
            out.append(f"{where}: id used twice")
        cat_ids.add(c["id"])
        text(where, "name", c.get("name"))
    ids: set[str] = set()
    for i, s in enumerate(services):
        where = f"service {i + 1}"
        if not isinstance(s, Mapping) or not isinstance(s.get("id"), str) or not _ID.match(s["id"]):
            out.append(f"{where}: needs an id of lowercase letters, digits and _")
            continue
        where = f"service {s['id']!r}"
        if s["id"] in ids:
            out.append(f"{where}: id used twice")
        ids.add(s["id"])
        if s.get("category") not in cat_ids:
            out.append(f"{where}: category {s.get('category')!r} is not defined")
        text(where, "name", s.get("name"))
        text(where, "summary", s.get("summary"))
        form_id = s.get("form_id")
        if form_id is not None and (not isinstance(form_id, str) or not _ID.match(form_id)):
            out.append(f"{where}: form_id must be a form id or null")
        g = s.get("guide")
        if not isinstance(g, Mapping):
            out.append(f"{where}: guide is missing")
            continue
        for key in _GUIDE_KEYS:
            text(where, f"guide.{key}", g.get(key))
        mats = g.get("materials")
        if not isinstance(mats, list):
            out.append(f"{where}: guide.materials must be a list")
        else:
            for j, m in enumerate(mats):
                text(where, f"guide.materials[{j + 1}]", m)
    return out
