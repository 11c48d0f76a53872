"""Text helpers shared by catalog search and searchable choice lists: pinyin keys and matching.

A resident may type Chinese, full pinyin without tones (spaces ignored),
pinyin initials (``jzzm`` for 居住证明) or English words; :func:`match_score`
tries them all against precomputed :class:`SearchKeys`.

The pinyin itself is computed by the hub when it publishes content (and by the
sample-content build, ``tools/sample_search_keys.py``) and travels with each item
under :data:`KEYS_FIELD`, so the terminal never loads pypinyin's phrase
dictionary; only content without keys (an old bundle) makes it compute them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ebef]")
_WORD = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\s'’\-]+")
_SPELLED = re.compile(r"^[a-z0-9]+( [a-z0-9]+)*$")

# An extension key (``x_``), so terminals that predate it accept the content and ignore it.
KEYS_FIELD = "x_search_keys"
# Bumped when the spelling changes meaning; keys of another version are ignored (and recomputed).
KEYS_VERSION = 1


def searchable_chars(text: str) -> str:
    """The characters pinyin is computed from: Chinese characters and alphanumerics."""
    return "".join(ch for ch in text if CJK.match(ch) or ch.isalnum())


def keys_of(item: Any) -> Mapping[str, str]:
    """The precomputed spellings an item carries (text -> space-separated syllables), or {} when it
    has none, of another version, or malformed (the key is an unchecked extension)."""
    keys = item.get(KEYS_FIELD) if isinstance(item, Mapping) else None
    if not isinstance(keys, Mapping) or keys.get("v") != KEYS_VERSION or not isinstance(keys.get("pinyin"), Mapping):
        return {}
    return {t: s for t, s in keys["pinyin"].items() if isinstance(t, str) and isinstance(s, str) and _SPELLED.match(s)}


def _computed_syllables(text: str) -> list[str]:
    # Lazy, and only for content published without keys: pypinyin and its phrase dictionary cost 0.27-0.54 s
    # and 56 MB RSS (loading and indexing the sample content without keys against with them, 2026-12).
    from contract import pinyin

    return pinyin.syllables(text)


@dataclass(frozen=True)
class SearchKeys:
    """What a label can be found by. Pinyin matches start at a character, never inside a syllable
    (``gs`` finds 工商 but not the "ng-sh" of 农商)."""

    zh: str
    pinyin: str
    initials: str
    pinyin_tails: tuple[str, ...]  # full pinyin from each character on
    initials_tails: tuple[str, ...]
    en_words: tuple[str, ...]

    @classmethod
    def of(cls, zh: str, en: str = "", spelled: str | None = None) -> SearchKeys:
        """``spelled`` is the precomputed pinyin of ``zh`` (see :func:`keys_of`); without it, computed here."""
        if spelled is not None:
            syl = spelled.split()
        else:
            syl = _computed_syllables(zh) if searchable_chars(zh) else []
        initials = "".join(s[:1] for s in syl)
        return cls(
            zh=zh,
            pinyin="".join(syl),
            initials=initials,
            pinyin_tails=tuple("".join(syl[i:]) for i in range(1, len(syl))),
            initials_tails=tuple(initials[i:] for i in range(1, len(initials))),
            en_words=tuple(_WORD.findall(en.lower())),
        )

    def pinyin_prefix(self, compact: str) -> bool:
        return self.pinyin.startswith(compact) or self.initials.startswith(compact)

    def pinyin_inside(self, compact: str) -> bool:
        return any(t.startswith(compact) for t in self.pinyin_tails) or (
            len(compact) >= 2 and any(t.startswith(compact) for t in self.initials_tails)
        )

    def english(self, words: list[str]) -> bool:
        return bool(words) and all(any(w.startswith(qw) for w in self.en_words) for qw in words)


def compact_query(query: str) -> str:
    return _SEPARATORS.sub("", query.lower())


def query_words(query: str) -> list[str]:
    return _WORD.findall(query.lower())


def match_score(keys: SearchKeys, query: str) -> int:
    """100 prefix in Chinese, 90 pinyin/initials prefix or all English words prefixed, 70 inside; 0 no match."""
    q = query.strip()
    if not q:
        return 0
    if CJK.search(q):
        zq = q.replace(" ", "")
        if keys.zh.startswith(zq):
            return 100
        return 80 if zq in keys.zh else 0
    compact = compact_query(q)
    best = 0
    if compact and keys.pinyin_prefix(compact):
        best = 90
    elif compact and keys.pinyin_inside(compact):
        best = 70
    if keys.english(query_words(q)):
        best = max(best, 90)
    return best
