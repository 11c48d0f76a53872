"""Toneless pinyin of Chinese text, heteronyms resolved by phrase, with pypinyin's phrase dictionary.

The hub imports this when it publishes content and the sample-content build when it
writes the sample keys; a terminal only for content that came without keys.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

from contract.i18n_text import searchable_chars


def syllables(text: str) -> list[str]:
    """One lowercase syllable per Chinese character (a run of letters or digits stays one item)."""
    return [s.lower() for s in lazy_pinyin(searchable_chars(text))]


def spelled(text: str) -> str:
    """The syllables of ``text`` joined by spaces, as they travel in content."""
    return " ".join(syllables(text))
