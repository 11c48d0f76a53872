"""The service catalog: categories, services and their guides, with pinyin-aware search.

Residents search with whatever their keyboard gives them: Chinese characters,
full pinyin without tones (``juzhuzhengming``, spaces ignored), pinyin
initials (``jzzm`` finds 居住证明) or English words. The pinyin comes with each
service (computed by the hub at publish, :mod:`contract.search_keys`), so a search
is a few string scans over a small list.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract import safe_load
from contract.entries import identified
from contract.i18n_text import CJK, SearchKeys, compact_query, keys_of, query_words
from contract.lang import tr

Text = Mapping[str, str]
_WORD = re.compile(r"[a-z0-9]+")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_NEEDS_ID = "needs an id of lowercase letters, digits and _"
CATALOG_FILES = ("catalog.yaml", "catalog.yml", "catalog.json")
# how the resident is checked against the card before applying (docs/face-verification.md)
IDENTITY_CHECKS = ("face", "none")
MAX_MATERIALS = 20


class CatalogError(ValueError):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class Category:
    id: str
    name: Text
    icon: str


@dataclass(frozen=True)
class Material:
    """A paper a service needs. One with an ``id`` is photographed at the terminal (the document camera
    step, and the ``material`` of a :class:`contract.pages.PageRef`); one without (a plain text in older
    catalogs, or what cannot be photographed, like the ID card the reader already read) is only listed."""

    name: Text
    id: str | None = None
    required: bool = True

    @property
    def capturable(self) -> bool:
        return self.id is not None


@dataclass(frozen=True)
class Guide:
    """What a resident needs to know before coming to the counter (printable)."""

    who: Text
    materials: tuple[Material, ...]
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
    pinyin: Text = field(default_factory=dict, compare=False)  # Chinese text -> its syllables, from the hub
    identity_check: str = "none"  # "face": the live face against the card photo before the form


def default_identity_check(doc: Mapping[str, Any]) -> str:
    """A certificate in someone's name is checked against the face unless the catalog says otherwise;
    money services say ``identity_check: face`` in the catalog (the format has no "money" flag)."""
    return "face" if doc.get("certificate") else "none"


def keyword_list(keywords_zh: str) -> list[str]:
    """The Chinese keywords of a service, each searchable on its own."""
    return [w for w in re.split(r"[\s,，、]+", keywords_zh) if w]


@dataclass(frozen=True)
class _Index:
    name: SearchKeys  # Chinese name (with pinyin) and English name
    keywords: tuple[SearchKeys, ...]
    zh_summary: str
    en_words: tuple[str, ...]  # English name, keywords and summary


def _index(s: Service) -> _Index:
    kw_zh = (s.keywords or {}).get("zh_CN", "")
    kw_en = (s.keywords or {}).get("en_US", "")
    name_en = s.name.get("en_US", "")
    name_zh = tr(s.name, "zh_CN")
    return _Index(
        name=SearchKeys.of(name_zh, name_en, s.pinyin.get(name_zh)),
        keywords=tuple(SearchKeys.of(w, "", s.pinyin.get(w)) for w in keyword_list(kw_zh)),
        zh_summary=tr(s.summary, "zh_CN"),
        en_words=tuple(_WORD.findall(" ".join([name_en, kw_en, s.summary.get("en_US", "")]).lower())),
    )


def _score(ix: _Index, q: str) -> int:
    """Higher is better; 0 means no match. Name beats keywords beats summary."""
    if CJK.search(q):
        zq = q.replace(" ", "")
        if ix.name.zh.startswith(zq):
            return 100
        if zq in ix.name.zh:
            return 85
        if any(zq in k.zh for k in ix.keywords):
            return 80
        return 30 if zq in ix.zh_summary else 0
    compact = compact_query(q)
    if not compact:
        return 0
    best = 0
    if ix.name.pinyin_prefix(compact):
        best = 95
    elif ix.name.pinyin_inside(compact):
        best = 75
    elif any(k.pinyin_prefix(compact) for k in ix.keywords):
        best = 60
    words = query_words(q)
    if ix.name.english(words):
        best = max(best, 90)
    elif words and all(len(w) >= 3 for w in words) and all(any(e.startswith(w) for e in ix.en_words) for w in words):
        best = max(best, 50)
    return best


class Catalog:
    """Categories and services of one centre; load with :meth:`Catalog.load`."""

    def __init__(self, categories: list[Category], services: list[Service], *, sample: bool = False) -> None:
        self.categories = tuple(categories)
        self.services = tuple(services)
        self.sample = sample
        self._by_id = {s.id: s for s in services}
        self._cat_by_id = {c.id: c for c in categories}
        self._index_cache: list[tuple[Service, _Index]] | None = None
        self._index_lock = threading.Lock()

    @property
    def _index(self) -> list[tuple[Service, _Index]]:
        """The search index, built on first use: with content that carries no keys, pinyin takes a
        second or two to load, and the attract screen must not wait for it (the app warms it up
        after the first frame)."""
        if self._index_cache is None:
            with self._index_lock:
                if self._index_cache is None:
                    self._index_cache = [(s, _index(s)) for s in self.services]
        return self._index_cache

    def warm_up(self) -> None:
        """Build the search index now (call from a worker thread)."""
        _ = self._index

    @classmethod
    def load(cls, path: str | Path) -> Catalog:
        """From a directory holding ``catalog.yaml`` (or .json), or from the file itself."""
        return cls.from_dict(read_catalog(path))

    @classmethod
    def from_dict(cls, doc: Any) -> Catalog:
        reasons = validate_catalog(doc)
        if reasons:
            raise CatalogError(reasons)
        cats = [Category(c["id"], dict(c["name"]), c.get("icon", c["id"])) for c in doc["categories"]]
        services = []
        for s in doc["services"]:
            g = s["guide"]
            guide = Guide(
                who=dict(g["who"]),
                materials=tuple(_material(m) for m in g["materials"]),
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
                    pinyin=keys_of(s),
                    identity_check=s.get("identity_check", default_identity_check(s)),
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


def _material(doc: Mapping[str, Any]) -> Material:
    """A checked material entry: ``{id, required, name}``, or a plain text (listed only)."""
    if "name" in doc:
        return Material(dict(doc["name"]), doc["id"], bool(doc.get("required", True)))
    return Material(dict(doc))


def read_catalog(path: str | Path) -> Any:
    """The document of a directory holding ``catalog.yaml`` (or .json), or of the file itself, unchecked."""
    p = Path(path)
    if p.is_dir():
        for name in CATALOG_FILES:
            if (p / name).is_file():
                p = p / name
                break
        else:
            raise CatalogError([f"{path}: no {' or '.join(CATALOG_FILES)} here"])
    try:
        return safe_load.load_file(p)
    except safe_load.ContentError as exc:
        raise CatalogError(exc.problems) from exc


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
    for where, c in identified("category", cats, out, id_ok=_ID.match, needs=_NEEDS_ID):
        cat_ids.add(c["id"])
        text(where, "name", c.get("name"))
    for where, s in identified("service", services, out, id_ok=_ID.match, needs=_NEEDS_ID):
        if s.get("category") not in cat_ids:
            out.append(f"{where}: category {s.get('category')!r} is not defined")
        text(where, "name", s.get("name"))
        text(where, "summary", s.get("summary"))
        form_id = s.get("form_id")
        if form_id is not None and (not isinstance(form_id, str) or not _ID.match(form_id)):
            out.append(f"{where}: form_id must be a form id or null")
        if s.get("identity_check", "none") not in IDENTITY_CHECKS:
            out.append(f"{where}: identity_check must be one of {', '.join(IDENTITY_CHECKS)}")
        g = s.get("guide")
        if not isinstance(g, Mapping):
            out.append(f"{where}: guide is missing")
            continue
        for key in _GUIDE_KEYS:
            text(where, f"guide.{key}", g.get(key))
        _check_materials(where, g.get("materials"), text, out)
    return out


def _check_materials(where: str, mats: Any, text: Callable[[str, str, Any], None], out: list[str]) -> None:
    """A material is a plain text, or ``{id, required, name}`` with an id unique in its service."""
    if not isinstance(mats, list) or len(mats) > MAX_MATERIALS:
        out.append(f"{where}: guide.materials must be a list of at most {MAX_MATERIALS}")
        return
    seen: set[str] = set()
    for j, m in enumerate(mats, 1):
        at = f"guide.materials[{j}]"
        if not isinstance(m, Mapping) or "name" not in m:
            text(where, at, m)
            continue
        text(where, f"{at}.name", m.get("name"))
        unknown = set(m) - {"id", "required", "name"}
        if unknown:
            out.append(f"{where}: {at} has unknown keys {sorted(map(str, unknown))}")
        mid = m.get("id")
        if not isinstance(mid, str) or not _ID.match(mid):
            out.append(f"{where}: {at} {_NEEDS_ID}")
        elif mid in seen:
            out.append(f"{where}: {at} repeats the id {mid!r}")
        else:
            seen.add(mid)
        if not isinstance(m.get("required", True), bool):
            out.append(f"{where}: {at}.required must be true or false")
