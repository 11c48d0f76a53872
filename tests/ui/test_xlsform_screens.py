"""Every XLSForm example the converter accepts renders page by page in the QML form screen, in both languages.

Screenshots go to test-artifacts/forms/xlsform_<file>_p<page>_<lang>.png. The forms get version 1, as the
hub gives them at publish; each is offered through a catalog service like any published form.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from contract.catalog import Catalog
from contract.forms import FormDefinition
from contract.forms.xlsx import XlsxError, convert_xlsx
from kiosk.content import Content, load_sample_content
from ui.harness import build_harness, sample_identity
from ui.screenshot import _first_form_service, _settle

pytestmark = pytest.mark.gui

EXAMPLES = Path(__file__).resolve().parents[1] / "forms" / "xlsform_examples"


def _xlsform_content() -> tuple[Content, dict[str, str]]:
    """The sample content plus one service per accepted example; returns it and form id -> file stem."""
    base = load_sample_content()
    template = next(s for s in base.catalog.services if s.form_id)
    forms = dict(base.forms)
    services = list(base.catalog.services)
    stems: dict[str, str] = {}
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix not in (".xls", ".xlsx"):
            continue
        try:
            doc = convert_xlsx(path)
        except XlsxError:
            continue
        definition = FormDefinition.from_dict({**doc, "version": 1})
        if definition.id in forms:  # group.xls and group.xlsx are the same form
            continue
        forms[definition.id] = definition
        stems[definition.id] = path.name.replace(".", "_")
        services.append(replace(template, id=f"xlsform_{definition.id}", name=dict(definition.title),
                                form_id=definition.id))
    catalog = Catalog(list(base.catalog.categories), services, sample=True)
    return replace(base, catalog=catalog, forms=forms), stems


def test_every_accepted_xlsform_page_renders(artifacts: Path, tmp_path: Path) -> None:
    content, stems = _xlsform_content()
    assert {"text_and_integer", "yes_or_no_question", "group", "field_list", "extra_columns", "or_other",
            "cascading_selects1"} <= set(stems)
    out = artifacts / "forms"
    out.mkdir(parents=True, exist_ok=True)
    shots = 0
    for lang in ("zh_CN", "en_US"):
        h = build_harness(language=lang, data_dir=tmp_path / lang, content=content)
        try:
            b = h.backend
            for form_id, stem in sorted(stems.items()):
                definition = content.forms[form_id]
                b.start()
                b.openService(_first_form_service(h, form_id))
                b.resident.session.identity = sample_identity("resident", h.clock)
                b.apply()
                if form_id == "cascading_selects1":  # before any answer, a filtered list says what to do
                    b._refresh_fields(reset=True)
                    empty = {r["fieldId"]: r for r in b.fields.rows()}["county"]
                    assert empty["choices"] == [] and empty["hint"] == (
                        "请先回答上面的问题，这里会显示可选的项目" if lang == "zh_CN"
                        else "Answer the question above first; the choices will appear here.")
                    b.formChanged.emit()
                    _settle(h)
                    h.app.grab().save(str(out / f"xlsform_{stem}_p1_unanswered_{lang}.png"))
                    state = b.resident.session.form  # then the filtered lists, as a resident would see them
                    state.set_value("state", "washington")
                    state.set_value("county", "pierce")
                for page in range(len(definition.pages)):
                    b.flow.cursor.pos = page
                    b._refresh_fields(reset=True)
                    b.formChanged.emit()
                    _settle(h)
                    info = b.form
                    assert info["formId"] == form_id and info["version"] == 1
                    rows = {r["fieldId"]: r for r in b.fields.rows()}
                    if form_id == "cascading_selects1":
                        assert [c["value"] for c in rows["county"]["choices"]] == ["king", "pierce"]
                        assert [c["label"] for c in rows["city"]["choices"]] == ["Tacoma", "Puyallup"]
                    if form_id == "or_other":
                        assert rows["fav_color"]["choices"][-1]["label"] == ("其他" if lang == "zh_CN" else "Other")
                        assert [c["value"] for c in rows["fav_pastel"]["choices"]] == ["mauve", "apricot"]
                    image = h.app.grab()
                    assert not image.isNull()
                    image.save(str(out / f"xlsform_{stem}_p{page + 1}_{lang}.png"))
                    shots += 1
                b.finish()
        finally:
            h.close()
    assert shots >= 2 * len(stems)
