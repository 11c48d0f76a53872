"""Every bound the workbook guard and the XLSForm loader keep says where it was passed (issue 16, finding 8):
the sheet and cell (``survey!XFE1``), or the sheet and row, so an author can find it in Excel or WPS."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.forms.xlsx import XlsxError, convert_xlsx
from contract.safe_workbook import WorkbookBounds, WorkbookError, check
from hub import hostile
from tests.forms.test_xlsx import workbook

SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
SMALL = WorkbookBounds(max_rows=3, max_columns=4, max_cells=10)


def refusal(tmp_path: Path, data: bytes, bounds: WorkbookBounds = SMALL) -> str:
    path = tmp_path / "form.xlsx"
    path.write_bytes(data)
    with pytest.raises(WorkbookError) as caught:
        check(path, bounds)
    return str(caught.value)


def sheet(rows: bytes, dimension: bytes = b"") -> bytes:
    return hostile.workbook(SHEET + dimension + b"<sheetData>" + rows + b"</sheetData></worksheet>")


def test_too_many_cells_in_a_row_names_the_first_cell_past_the_bound(tmp_path: Path) -> None:
    counted = sheet(b'<row r="7">' + b"<c/>" * 5 + b"</row>")
    assert "sheet 'survey' row 7: more than 4 cells (at survey!E7)" in refusal(tmp_path, counted)
    addressed = sheet(b'<row r="2"><c r="A2"/><c r="B2"/><c r="C2"/><c r="H2"/><c r="XFE2"/></row>')
    assert "(at survey!XFE2)" in refusal(tmp_path, addressed)


def test_too_many_rows_names_the_row_past_the_bound(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d"/>' % r for r in (1, 2, 3, 4, 9))
    assert "sheet 'survey': more than 3 rows (at survey!A9)" in refusal(tmp_path, sheet(rows))
    unnumbered = b"<row/>" * 5
    assert "(at survey!A5)" in refusal(tmp_path, sheet(unnumbered))


def test_too_many_cells_in_the_workbook_names_the_cell(tmp_path: Path) -> None:
    rows = b"".join(b'<row r="%d">' % r + b"<c/>" * 4 + b"</row>" for r in range(1, 4))
    assert "more than 10 cells in the workbook (at survey!C3)" in refusal(tmp_path, sheet(rows))


def test_a_recorded_size_past_the_bounds_is_quoted(tmp_path: Path) -> None:
    tall = sheet(b"", b'<dimension ref="A1:C900"/>')
    assert "more than 3 rows (it says 900): its recorded size is survey!A1:C900" in refusal(tmp_path, tall)
    wide = sheet(b"", b'<dimension ref="A1:Z2"/>')
    assert "more than 4 columns (it says 26): its recorded size is survey!A1:Z2" in refusal(tmp_path, wide)


def test_dtds_entities_and_broken_xml_name_the_sheet_and_line(tmp_path: Path) -> None:
    laughs = refusal(tmp_path, hostile.billion_laughs_workbook(2))
    assert "sheet 'survey' (xl/worksheets/sheet1.xml) line 1: has a DTD" in laughs
    entity = hostile.workbook(b"<worksheet>\n<x/></worksheet>", b'<?xml version="1.0"?>\n<!DOCTYPE w [\n]>\n')
    assert "sheet 'survey' (xl/worksheets/sheet1.xml) line 2: has a DTD" in refusal(tmp_path, entity)
    broken = hostile.workbook(SHEET + b"<sheetData>\n<row></sheetData>")
    assert "sheet 'survey' (xl/worksheets/sheet1.xml) is not well-formed XML (mismatched tag, line 2" \
        in refusal(tmp_path, broken)
    undefined = refusal(tmp_path, hostile.undefined_entity_workbook())
    assert "sheet 'survey' (xl/worksheets/sheet1.xml) is not well-formed XML (undefined entity, line 1" in undefined


def test_the_xlsform_loader_names_the_row_where_its_bound_was_passed(tmp_path: Path) -> None:
    survey = [["text", f"f{i}", "x", "x"] for i in range(3100)]
    with pytest.raises(XlsxError) as caught:
        convert_xlsx(workbook(tmp_path, survey=survey))
    assert "sheet 'survey': more than 3000 rows (it says 3101): its recorded size is survey!A1:H3101" \
        in str(caught.value)
