"""Every page of every sample form renders in both languages (screenshots saved as test artifacts)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import SAMPLE_CONTENT_DIR, load_sample_content
from ui.harness import build_harness, sample_identity
from ui.screenshot import _first_form_service, _settle

pytestmark = pytest.mark.gui


def test_every_sample_form_page_renders(artifacts: Path, tmp_path: Path) -> None:
    content = load_sample_content()
    assert len(content.forms) >= 5
    out = artifacts / "forms"
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("zh_CN", "en_US"):
        h = build_harness(language=lang, data_dir=tmp_path / lang, content=content)
        try:
            b = h.backend
            for form_id, definition in sorted(content.forms.items()):
                b.start()
                b.openService(_first_form_service(h, form_id))
                b.resident.session.identity = sample_identity("resident", h.clock)
                b.apply()
                pages = len(definition.pages)
                for page in range(pages):
                    b.flow.cursor.pos = page
                    b._refresh_fields(reset=True)
                    b.formChanged.emit()
                    _settle(h)
                    info = b.form
                    assert info["formId"] == form_id and info["version"] == definition.version
                    image = h.app.grab()
                    assert not image.isNull()
                    image.save(str(out / f"{form_id}_p{page + 1}_{lang}.png"))
                b.finish()
        finally:
            h.close()
    assert SAMPLE_CONTENT_DIR.is_dir()
