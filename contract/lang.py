"""The two languages and the one rule for picking a text in one of them.

Every translated text the terminal and the hub handle (forms, catalog, notices,
topics, business types) is a ``{"zh_CN": ..., "en_US": ...}`` mapping. A resident
who chose English sees the English text where there is one, else the Chinese one
(zh_CN is the language every text must have), else whatever text exists: never
an empty label because one translation is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en_US")


def tr(text: Mapping[str, Any] | str | None, lang: str) -> str:
    """The text in ``lang``, falling back to zh_CN, then to any language present; a plain string is itself."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    for value in (text.get(lang), text.get(DEFAULT_LANGUAGE), *text.values()):
        if value:
            return str(value)
    return ""
