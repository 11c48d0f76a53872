"""What the terminal offers: catalog, forms and notices, from the active platform bundle or the sample set.

A session keeps the :class:`Content` it started with; a new bundle becomes a new
``Content`` between sessions.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from contract.catalog import Catalog, read_catalog
from contract.catalog import Catalog as _Catalog
from contract.forms import FormDefinition, load_directory
from contract.i18n_text import keys_of
from contract.notices import Notice, load_notices, parse_notices
from contract.search_keys import Spell, with_keys
from kiosk.consultation import load_topics, parse_topics
from kiosk.paths import ASSETS_DIR

log = logging.getLogger(__name__)

SAMPLE_CONTENT_DIR = ASSETS_DIR / "content"
# the sample content's search keys, written by tools/sample_search_keys.py (`make translations`)
SAMPLE_KEYS_FILE = "search_keys.json"


@dataclass(frozen=True)
class Content:
    catalog: Catalog
    forms: dict[str, FormDefinition]
    notices: list[Notice]
    source: str = "sample"  # "sample" or "bundle:<version>"
    problems: dict[str, list[str]] = field(default_factory=dict)
    topics: list[Any] = field(default_factory=list)  # kiosk.consultation.Topic, from the "topics" items
    # services whose catalog entry names a form this content lacks (service id -> form id): shown as a guide only
    unoffered: dict[str, str] = field(default_factory=dict)

    def form_versions(self) -> dict[str, int]:
        return {fid: f.version for fid, f in self.forms.items()}


def offered(catalog: Catalog, forms: dict[str, FormDefinition]) -> tuple[Catalog, dict[str, str]]:
    """The catalog with "apply here" only where its form is present, and the services that lost it.

    A form can be withdrawn (rolled back) while the service directory still points to it; offering such
    a service would leave a resident waiting after the card is read, so its guide stays, its form goes.
    """
    unoffered = {s.id: s.form_id for s in catalog.services if s.form_id and s.form_id not in forms}
    if not unoffered:
        return catalog, {}
    log.warning("services naming a form the content lacks, offered as guides only: %s", unoffered)
    services = [replace(s, form_id=None) if s.id in unoffered else s for s in catalog.services]
    return Catalog(list(catalog.categories), services, sample=catalog.sample), unoffered


def sample_spelling(directory: Path = SAMPLE_CONTENT_DIR) -> Spell:
    """The precomputed pinyin of the sample texts (a text missing from it is computed on first search)."""
    path = directory / SAMPLE_KEYS_FILE
    return keys_of(json.loads(path.read_text("utf-8")) if path.is_file() else {}).get


def load_sample_content(directory: Path = SAMPLE_CONTENT_DIR) -> Content:
    """The sample content keyed like a published bundle, so the demo never loads pypinyin either."""
    spell = sample_spelling(directory)
    forms, problems = load_directory(directory / "forms", partial(with_keys, "form", spell=spell))
    catalog, unoffered = offered(Catalog.from_dict(with_keys("catalog", read_catalog(directory), spell)), forms)
    notices = load_notices(directory)

    return Content(catalog=catalog, forms=forms, notices=notices, source="sample", problems=problems,
                   topics=load_topics(directory), unoffered=unoffered)


def content_from_bundle(bundle: Any) -> Content:
    """Build content from an active ``sync.bundles.ActiveBundle`` (items already verified by hash)."""

    catalogs = bundle.of_kind("catalog")
    if not catalogs:
        raise ValueError("bundle has no catalog")
    forms = {fid: FormDefinition.from_dict(doc) for fid, doc in bundle.of_kind("form").items()}
    catalog, unoffered = offered(_Catalog.from_dict(next(iter(catalogs.values()))), forms)
    notices: list[Notice] = []
    for doc in bundle.of_kind("notices").values():
        notices.extend(parse_notices(doc))

    topics = [t for doc in bundle.of_kind("topics").values() for t in parse_topics(doc)]
    return Content(catalog=catalog, forms=forms, notices=notices, source=f"bundle:{bundle.version}", topics=topics,
                   unoffered=unoffered)
