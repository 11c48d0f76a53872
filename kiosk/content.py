"""What the terminal offers: catalog, forms and notices, from the active platform bundle or the sample set.

A session keeps the :class:`Content` it started with; a new bundle becomes a new
``Content`` between sessions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from contract.catalog import Catalog
from contract.catalog import Catalog as _Catalog
from contract.forms import FormDefinition, load_directory
from contract.notices import Notice, load_notices, parse_notices
from kiosk.consultation import load_topics, parse_topics
from kiosk.paths import ASSETS_DIR

SAMPLE_CONTENT_DIR = ASSETS_DIR / "content"


@dataclass(frozen=True)
class Content:
    catalog: Catalog
    forms: dict[str, FormDefinition]
    notices: list[Notice]
    source: str = "sample"  # "sample" or "bundle:<version>"
    problems: dict[str, list[str]] = field(default_factory=dict)
    topics: list[Any] = field(default_factory=list)  # kiosk.consultation.Topic, from the "topics" items

    def form_versions(self) -> dict[str, int]:
        return {fid: f.version for fid, f in self.forms.items()}


def load_sample_content(directory: Path = SAMPLE_CONTENT_DIR) -> Content:
    catalog = Catalog.load(directory)
    forms, problems = load_directory(directory / "forms")
    notices = load_notices(directory)

    return Content(catalog=catalog, forms=forms, notices=notices, source="sample", problems=problems,
                   topics=load_topics(directory))


def content_from_bundle(bundle: Any) -> Content:
    """Build content from an active ``sync.bundles.ActiveBundle`` (items already verified by hash)."""

    catalogs = bundle.of_kind("catalog")
    if not catalogs:
        raise ValueError("bundle has no catalog")
    catalog = _Catalog.from_dict(next(iter(catalogs.values())))
    forms = {fid: FormDefinition.from_dict(doc) for fid, doc in bundle.of_kind("form").items()}
    notices: list[Notice] = []
    for doc in bundle.of_kind("notices").values():
        notices.extend(parse_notices(doc))

    topics = [t for doc in bundle.of_kind("topics").values() for t in parse_topics(doc)]
    return Content(catalog=catalog, forms=forms, notices=notices, source=f"bundle:{bundle.version}", topics=topics)
