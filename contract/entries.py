"""Walking a content list whose entries carry ids (catalog categories and services, notices).

Every content format reports the same two problems the same way: an entry without a usable id
(``service 3: needs an id``) and an id used twice (``notice 'x': id used twice``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any


def identified(kind: str, entries: list[Any], out: list[str], *, id_ok: Callable[[str], object] = bool,
               needs: str = "needs an id") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each entry whose id passes ``id_ok``, with the name problems are reported under (``service 'x'``); an
    entry without one, or an id used twice, is reported to ``out`` (the repeated one is still yielded)."""
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str) or not id_ok(entry["id"]):
            out.append(f"{kind} {i + 1}: {needs}")
            continue
        where = f"{kind} {entry['id']!r}"
        if entry["id"] in seen:
            out.append(f"{where}: id used twice")
        seen.add(entry["id"])
        yield where, entry
