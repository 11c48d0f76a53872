"""What the case page shows of a case's photographed materials: each material by its catalog name, its pages
in order, and whether staff asked for it to be photographed again (issue 19).

The names come from the service's guide in the newest catalog (a material is named by its ``id`` there);
a material the catalog no longer lists is shown by its id, so staff still see every page the hub holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from contract.lang import tr
from hub.case_pages import PageInfo
from hub.console import i18n


@dataclass(frozen=True)
class Material:
    id: str
    name: str
    pages: tuple[PageInfo, ...]
    retake: bool  # staff asked the resident to photograph it again


def names_of(service: Mapping[str, Any] | None, lang: str) -> dict[str, str]:
    """The service guide's materials by id, in ``lang``: ``{"id", "zh_CN", "en_US"}`` or ``{"id", "name": {...}}``."""
    guide = service.get("guide") if service else None
    listed = guide.get("materials") if isinstance(guide, Mapping) else None
    names = {}
    for entry in listed if isinstance(listed, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("id"), str):
            text = entry.get("name") or {k: v for k, v in entry.items() if k in i18n.LANGUAGES}
            names[entry["id"]] = tr(text if isinstance(text, (str, Mapping)) else None, lang) or entry["id"]
    return names


def materials_of(pages: list[PageInfo], service: Mapping[str, Any] | None, lang: str,
                 retake: list[str]) -> list[Material]:
    """The case's pages grouped by material, in the guide's order (materials it does not list last, by id)."""
    names = names_of(service, lang)
    order = {material_id: n for n, material_id in enumerate(names)}
    grouped: dict[str, list[PageInfo]] = {}
    for page in pages:
        grouped.setdefault(page.material, []).append(page)
    ids = sorted(grouped, key=lambda m: (order.get(m, len(order)), m))
    return [Material(m, names.get(m, m), tuple(sorted(grouped[m], key=lambda p: p.number)), m in retake)
            for m in ids]
