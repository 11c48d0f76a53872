"""Upload problems as an author fixes them: the cell, Chinese and English words, a hint and "did you mean"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from contract.forms.sheet_problems import column_letter, describe
from contract.forms.xlsx import XlsxError, convert_xlsx
from tests.forms.test_xlsx import SURVEY_HEADER, workbook

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _details(path: Path):
    with pytest.raises(XlsxError) as info:
        convert_xlsx(path)
    return info.value.details


def test_column_letters_are_excels() -> None:
    assert [column_letter(i) for i in (0, 7, 25, 26, 27, 701, 702)] == ["A", "H", "Z", "AA", "AB", "ZZ", "AAA"]


def test_every_problem_of_one_upload_names_its_cell_in_both_languages(tmp_path: Path) -> None:
    survey = [
        ["begin page", "p1", "第一页", "Page one"],
        ["intger", "age", "年龄", "Age"],
        ["select_one y_n", "pet", "有宠物吗", "Any pets?", "yes"],
        ["text", "plate", "车牌", "Plate", "yes", "", "regex(${plate}, '^[A-Z]+$')"],
        ["text", "nick", "昵称", "Nickname", "maybe"],
        ["end page"],
    ]
    details = _details(workbook(tmp_path, survey))
    by_cell = {d.cell: d for d in details}
    assert set(by_cell) == {"survey!A3", "survey!A4", "survey!G5", "survey!E6"}
    assert by_cell["survey!A3"].suggestion == "integer"
    assert by_cell["survey!A4"].suggestion == "yn"
    assert "pattern" in by_cell["survey!G5"].hint["en_US"] and "pattern" in by_cell["survey!G5"].hint["zh_CN"]
    for d in details:
        assert _HAN.search(d.text["zh_CN"]) and "表单检查未通过" not in d.text["zh_CN"], d
        assert not _HAN.search(d.text["en_US"].replace("年龄", "")), d
    assert "您是不是想写“integer”？" in by_cell["survey!A3"].words("zh_CN")
    assert "Did you mean 'integer'?" in by_cell["survey!A3"].words("en_US")


def test_a_misspelt_column_gets_the_nearest_name(tmp_path: Path) -> None:
    header = [*SURVEY_HEADER[:4], "requird"]
    details = _details(_misspelt(tmp_path, header))
    assert [(d.cell, d.suggestion) for d in details] == [("survey!E2", "required")]


def _misspelt(tmp_path: Path, header: list[str]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(header)
    ws.append(["text", "name", "姓名", "Name", "yes"])
    path = tmp_path / "misspelt.xlsx"
    wb.save(path)
    return path


def test_a_reference_to_a_misspelt_question_says_which_one(tmp_path: Path) -> None:
    survey = [["integer", "count", "几只", "How many", "yes"],
              ["text", "why", "为什么", "Why", "", "${cuont} > 1"]]
    (d,) = _details(workbook(tmp_path, survey))
    assert d.cell == "survey!F3" and d.suggestion == "count"
    assert d.text["zh_CN"].startswith("survey 工作表第 3 行")


def test_chinese_required_marks_are_read(tmp_path: Path) -> None:
    survey = [["text", "name", "姓名", "Name", "必填"], ["text", "nick", "昵称", "Nickname", "选填"]]
    form = convert_xlsx(workbook(tmp_path, survey))
    fields = form["pages"][0]["fields"]
    assert fields[0].get("required") is True and not fields[1].get("required")


def test_an_unknown_reason_keeps_its_words_after_chinese() -> None:
    d = describe("something new went wrong")
    assert d.cell == "" and d.text["en_US"] == "something new went wrong"
    assert d.text["zh_CN"].startswith("表单检查未通过")
