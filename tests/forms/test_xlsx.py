"""Spreadsheet authoring: the sample workbook converts to the committed JSON; problems name sheet and row."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from contract.forms import FormState, load_definition, validate_definition
from contract.forms.xlsx import XlsxError, convert_xlsx
from tests.forms.conftest import FORMS_DIR, TODAY

SAMPLE_XLSX = FORMS_DIR / "source" / "disability_subsidy.xlsx"

SURVEY_HEADER = ["type", "name", "label::zh_CN", "label::en_US", "required", "relevant", "constraint", "appearance"]
GOOD_SURVEY = [
    ["begin page", "p1", "第一页", "Page one"],
    ["text", "name", "姓名", "Name", "yes"],
    ["select_one yn", "pet", "有宠物吗", "Any pets?", "yes"],
    ["integer", "count", "几只", "How many", "yes", "selected(${pet}, 'y')", ". > 0"],
    ["end page"],
]
CHOICES = [["list_name", "name", "label::zh_CN", "label::en_US"], ["yn", "y", "有", "Yes"], ["yn", "n", "没有", "No"]]
SETTINGS = [["form_id", "version", "form_title::Chinese (zh_CN)", "form_title::English (en_US)"], ["pets", 3, "宠物登记", "Pet registration"]]


def workbook(tmp_path: Path, survey=None, choices=None, settings=None, *, sheets=("survey", "choices", "settings")) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    data = {
        "survey": [SURVEY_HEADER] + (GOOD_SURVEY if survey is None else survey),
        "choices": CHOICES if choices is None else choices,
        "settings": SETTINGS if settings is None else settings,
    }
    for name in sheets:
        ws = wb.create_sheet(name)
        for row in data[name]:
            ws.append(row)
    path = tmp_path / "form.xlsx"
    wb.save(path)
    return path


def test_sample_workbook_converts_to_the_committed_json():
    converted = convert_xlsx(SAMPLE_XLSX)
    committed = json.loads((FORMS_DIR / "disability_subsidy.json").read_text("utf-8"))
    committed.pop("$comment")
    assert converted == committed
    assert validate_definition(converted) == []


def test_a_spreadsheet_form_works_end_to_end(tmp_path):
    path = workbook(tmp_path)
    d = load_definition(path)
    assert (d.id, d.version, d.title["zh_CN"]) == ("pets", 3, "宠物登记")
    assert d.field("count").decimals == 0 and d.field("count").keypad == "digits"
    s = FormState(d, {}, today=TODAY)
    s.set_value("name", "李雷")
    s.set_value("pet", "y")
    s.set_value("count", "0")
    assert s.errors(0, "en_US") == {"count": "This answer cannot be accepted. Please check it."}
    s.set_value("count", "2")
    assert s.answers() == {"name": "李雷", "pet": "y", "count": 2}


def test_appearance_picks_searchable_list_and_long_text(tmp_path):
    survey = [
        ["select_one yn", "a", "甲", "A", None, None, None, "search"],
        ["text", "b", "乙", "B", None, None, None, "multiline"],
    ]
    form = convert_xlsx(workbook(tmp_path, survey=survey))
    fields = form["pages"][0]["fields"]
    assert [f["type"] for f in fields] == ["searchable_choice", "long_text"]
    assert form["pages"][0]["title"] == {"zh_CN": "宠物登记", "en_US": "Pet registration"}


@pytest.mark.parametrize(
    "survey,expected",
    [
        (
            [["geopoint", "where", "哪里", "Where"]],
            "sheet 'survey' row 2 column 'type': XLSForm location (geopoint) is not supported on a terminal",
        ),
        ([["text", "a", "甲", "A", "maybe"]], "sheet 'survey' row 2 column 'required': required must be yes or no, not 'maybe'"),
        ([["select_one colours", "a", "甲", "A"]], "sheet 'survey' row 2: choices list 'colours' is not on the 'choices' sheet"),
        ([["select_one", "a", "甲", "A"]], "sheet 'survey' row 2 column 'type': 'select_one' needs the name of a"),
        ([[None, "a", "甲", "A"]], "sheet 'survey' row 2: type is missing"),
        (
            [["begin repeat", "p", "页", "P"], ["text", "a", "甲", "A"], ["end repeat"]],
            "sheet 'survey' row 2 column 'type': XLSForm repeats (begin repeat) is not supported on a terminal",
        ),
        ([["end page"]], "sheet 'survey' row 2: 'end page' without a matching begin"),
        (
            [["text", "a", "甲", "A"], ["text", "b", "乙", "B", None, "${zz} = 1"]],
            "sheet 'survey' row 3 (field 'b'): relevant expression refers to unknown field ${zz}",
        ),
        ([["text", "A b", "甲", "A"]], "sheet 'survey' row 2: id 'A b' must start with a lowercase letter"),
        (
            [["begin page", "p", "页", "P", None, "1 +"], ["text", "a", "甲", "A"], ["end page"]],
            "sheet 'survey' row 2 (page 'p'): relevant expression: expression ends too early",
        ),
    ],
)
def test_survey_problems_name_sheet_and_row(tmp_path, survey, expected):
    with pytest.raises(XlsxError) as err:
        convert_xlsx(workbook(tmp_path, survey=survey))
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems


def test_choice_problems_point_at_the_choices_sheet(tmp_path):
    choices = CHOICES + [["yn", "y", "重复", "Again"]]
    with pytest.raises(XlsxError) as err:
        convert_xlsx(workbook(tmp_path, choices=choices))
    assert "sheet 'choices' row 4 (list 'yn'): value 'y' is used twice" in err.value.problems


def test_settings_problems(tmp_path):
    with pytest.raises(XlsxError) as err:
        convert_xlsx(workbook(tmp_path, settings=[["form_id", "version"], ["pets", "v2"]]))
    assert err.value.problems == ["sheet 'settings' row 2: version must be a whole number"]
    # XLSForm: without a title (or a settings sheet) the file name gives id and title, the hub the version
    untitled = convert_xlsx(workbook(tmp_path, settings=[["form_id", "version"], ["pets", 1]]))
    assert untitled["title"] == {"zh_CN": "form", "en_US": "form"}
    bare = convert_xlsx(workbook(tmp_path, sheets=("survey", "choices")))
    assert (bare["id"], bare["title"]["en_US"], "version" in bare) == ("form", "form", False)
    with pytest.raises(XlsxError, match="no 'survey' sheet"):
        convert_xlsx(workbook(tmp_path, sheets=("settings",)))


def test_not_a_workbook(tmp_path):
    p = tmp_path / "fake.xlsx"
    p.write_text("hello")
    with pytest.raises(XlsxError, match="not an .xlsx workbook"):
        convert_xlsx(p)


def test_too_many_rows_are_refused(tmp_path):
    survey = [["text", f"f{i}", "x", "x"] for i in range(3100)]
    with pytest.raises(XlsxError, match="more than 3000 rows"):
        convert_xlsx(workbook(tmp_path, survey=survey))


def test_html_in_a_spreadsheet_label_is_kept_as_text(tmp_path):
    survey = [["text", "a", "<b>姓名</b>", "<script>alert(1)</script>"]]
    form = convert_xlsx(workbook(tmp_path, survey=survey))
    assert form["pages"][0]["fields"][0]["label"] == {"zh_CN": "<b>姓名</b>", "en_US": "<script>alert(1)</script>"}


def test_an_anchored_regex_constraint_becomes_a_pattern(tmp_path):
    header = ["type", "name", "label::zh_CN", "label::en_US", "constraint", "constraint_message::zh_CN",
              "constraint_message::en_US"]
    rows = [["text", "mobile", "手机", "Mobile", "regex(., '^1[3-9][0-9]{9}$')", "请填手机号", "A mobile number"]]
    path = workbook(tmp_path, survey=[])
    wb = load_workbook(path)
    ws = wb["survey"]
    ws.delete_rows(1, ws.max_row)
    for row in [header, *rows, ["text", "code", "代码", "Code", "regex(., '[0-9]+')"]]:
        ws.append(row)
    wb.save(path)
    with pytest.raises(XlsxError) as err:
        convert_xlsx(path)
    assert err.value.problems == [
        ("sheet 'survey' row 3 column 'constraint': XLSForm regex() without ^ and $ is not supported on a terminal"
        " (a terminal checks the whole answer: write regex(., '^...$'))")
    ]
    ws.delete_rows(3)
    wb.save(path)
    field = convert_xlsx(path)["pages"][0]["fields"][0]
    assert field["pattern"] == "1[3-9][0-9]{9}" and "constraint" not in field
    assert field["pattern_message"] == {"zh_CN": "请填手机号", "en_US": "A mobile number"}
