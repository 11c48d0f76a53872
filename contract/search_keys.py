"""Search keys written into content: the pinyin of every Chinese text a resident can search.

The hub adds them when it publishes a catalog or a form (so they travel in the signed
bundle), and the sample content gets them from ``assets/content/search_keys.json``,
written by ``tools/sample_search_keys.py``. Each service, and each choice of a
searchable list, carries ``{"v": KEYS_VERSION, "pinyin": {text: "syl la bles"}}``
under :data:`contract.i18n_text.KEYS_FIELD`. How the spelling is obtained is the
caller's: the hub passes :func:`contract.pinyin.spelled`, the sample loader a table
lookup (a text missing from it is left without keys and computed on the terminal).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from contract.catalog import keyword_list
from contract.i18n_text import KEYS_FIELD, KEYS_VERSION, searchable_chars
from contract.lang import DEFAULT_LANGUAGE

Spell = Callable[[str], "str | None"]


def _zh(text: Any) -> str:
    """The Chinese of a text as the terminal reads it (a plain string is in the default language)."""
    if isinstance(text, str):
        return text if DEFAULT_LANGUAGE == "zh_CN" else ""
    return text.get("zh_CN", "") if isinstance(text, Mapping) and isinstance(text.get("zh_CN"), str) else ""


def _list(value: Any) -> list[Any]:
    """``value`` if it is a list, else nothing: documents are keyed before they are validated."""
    return value if isinstance(value, list) else []


def _service_texts(service: Mapping[str, Any]) -> list[str]:
    return [_zh(service.get("name")), *keyword_list(_zh(service.get("keywords")))]


def _searchable_choices(form: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for page in _list(form.get("pages")):
        for f in _list(page.get("fields")) if isinstance(page, Mapping) else []:
            if isinstance(f, Mapping) and f.get("type") == "searchable_choice":
                yield from (c for c in _list(f.get("choices")) if isinstance(c, dict))


def texts(kind: str, doc: Any) -> list[str]:
    """Every text of ``doc`` that gets keys (the sample build spells these)."""
    if not isinstance(doc, Mapping):
        return []
    if kind == "catalog":
        found = [t for s in _list(doc.get("services")) if isinstance(s, Mapping) for t in _service_texts(s)]
    elif kind == "form":
        found = [_zh(c.get("label")) for c in _searchable_choices(doc)]
    else:
        found = []
    return [t for t in found if searchable_chars(t)]


def _keyed(item: dict[str, Any], item_texts: list[str], spell: Spell) -> None:
    spelled = {t: s for t in item_texts if searchable_chars(t) and (s := spell(t)) is not None}
    item.pop(KEYS_FIELD, None)
    if spelled:
        item[KEYS_FIELD] = {"v": KEYS_VERSION, "pinyin": spelled}


def with_keys(kind: str, doc: Any, spell: Spell) -> Any:
    """A copy of a catalog or form with fresh keys; other kinds (or a document that is not an object)
    are returned as they are. Keys already present are replaced, so an edited name never keeps a
    stale spelling."""
    if kind not in ("catalog", "form") or not isinstance(doc, dict):
        return doc
    out = copy.deepcopy(doc)
    if kind == "catalog":
        for s in _list(out.get("services")):
            if isinstance(s, dict):
                _keyed(s, _service_texts(s), spell)
    else:
        for c in _searchable_choices(out):
            _keyed(c, [_zh(c.get("label"))], spell)
    return out

