"""The Excel template and the stored versions as workbooks: each converts back to a form the engine accepts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from contract.forms import validate_definition
from contract.forms.xlsform import CHINESE_HEADERS
from contract.forms.xlsx import convert_xlsx
from hub.console import form_workbook

FORMS = Path(__file__).resolve().parents[2] / "assets" / "content" / "forms"


def test_the_template_has_chinese_headers_drop_downs_and_a_valid_example(tmp_path: Path) -> None:
    data = form_workbook.template()
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["survey", "choices", "settings", "说明"]
    headers = [c.value for c in wb["survey"][1]]
    assert headers == form_workbook.SURVEY_HEADERS and all(h in CHINESE_HEADERS for h in headers)
    lists = {str(dv.sqref): dv.formula1 for dv in wb["survey"].data_validations.dataValidation}
    assert "select_one" in lists["A2:A500"] and lists["E2:E500"] == '"必填,选填"'
    (tmp_path / "t.xlsx").write_bytes(data)
    form = convert_xlsx(tmp_path / "t.xlsx")
    assert validate_definition({**form, "version": 1}) == []
    fields = {f["id"]: f for f in form["pages"][0]["fields"]}
    assert fields["name"]["required"] is True and fields["has_car"]["type"] == "single_choice"
    assert fields["plate"]["pattern"].startswith("[京津") and fields["plate"]["relevant"] == "${has_car} = 'yes'"


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.json")), ids=lambda p: p.stem)
def test_a_stored_form_downloads_as_a_workbook_that_uploads_as_the_same_form(path: Path, tmp_path: Path) -> None:
    definition = json.loads(path.read_text("utf-8"))
    definition.pop("$comment", None)
    (tmp_path / "f.xlsx").write_bytes(form_workbook.definition_workbook(definition))
    back = convert_xlsx(tmp_path / "f.xlsx")
    back.pop("x_xlsform_notes", None)
    assert back == definition


def test_authored_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    definition = json.loads((FORMS / "residence_certificate.json").read_text("utf-8"))
    definition.pop("$comment", None)
    definition["pages"][0]["fields"][0]["label"]["en_US"] = "=HYPERLINK(\"http://x\")"
    (tmp_path / "f.xlsx").write_bytes(form_workbook.definition_workbook(definition))
    back = convert_xlsx(tmp_path / "f.xlsx")
    assert back["pages"][0]["fields"][0]["label"]["en_US"] == "=HYPERLINK(\"http://x\")"
