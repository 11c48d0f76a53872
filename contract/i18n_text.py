"""Text helpers shared by catalog search and searchable choice lists: pinyin keys and matching.

A resident may type Chinese, full pinyin without tones (spaces ignored),
pinyin initials (``jzzm`` for 居住证明) or English words; :func:`match_score`
tries them all against precomputed :class:`SearchKeys`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ebef]")
_WORD = re.compile(r"[a-z0-9]+")
_SEPARATORS = re.compile(r"[\s'’\-]+")


def pinyin_syllables(text: str) -> list[str]:
    """Toneless pinyin, one item per character, of the Chinese characters and alphanumerics in ``text``."""
    from pypinyin import lazy_pinyin  # lazy: pypinyin's phrase dictionary costs 0.75 s and 56 MB at import

    chars = "".join(ch for ch in text if CJK.match(ch) or ch.isalnum())
    return [s.lower() for s in lazy_pinyin(chars)]


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
    def of(cls, zh: str, en: str = "") -> SearchKeys:
        syl = pinyin_syllables(zh)
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
