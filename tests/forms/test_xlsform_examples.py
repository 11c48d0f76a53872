"""Every workbook of pyxform's own examples is accepted, or refused naming the XLSForm feature, sheet, row, column.

The workbooks are kept in tests/forms/xlsform_examples (BSD licence, see the README there).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from contract.forms import FormDefinition, FormState, validate_definition
from contract.forms.sheet_problems import note_words
from contract.forms.xlsx import XlsxError, convert_xlsx
from tests.forms.conftest import TODAY

EXAMPLES = Path(__file__).resolve().parent / "xlsform_examples"

# file -> None (accepted) or the start of the first reason, after "sheet 'S' row N column 'C': "
TABLE: dict[str, str | None] = {
    "allow_comment_rows_test.xls": None,
    "attribute_columns_test.xlsx": "XLSForm custom XForm attributes (bind::)",
    "bad_calc.xlsx": "calculate expression: unexpected character",
    "calculate.xls": "XLSForm answer shown inside text",
    "cascading_select_test_equivalent.xls": None,
    "case_insensitivity.xls": "XLSForm entities",
    "case_insensitivity.xlsx": "XLSForm entities",
    "choice_filter_test.xlsx": None,
    "choice_name_as_type.xls": "XLSForm external choices (select_one_external)",
    "choice_name_same_as_select_name.xls": None,
    "default_time_demo.xls": "XLSForm time of day question (time)",
    "extra_columns.xlsx": None,
    "extra_sheet_names.xlsx": None,
    "field-list.xlsx": None,
    "flat_xlsform_test.xlsx": "XLSForm function regex() in relevant",
    "gps.xls": "XLSForm location (gps) is not supported on a terminal (a terminal has no GPS)",
    "group.xls": None,
    "group.xlsx": None,
    "hidden.xls": "XLSForm hidden question (hidden)",
    "include.xls": "XLSForm including another form (include)",
    "include.xlsx": "XLSForm including another form (include)",
    "include_json.xls": "XLSForm including another form (include)",
    "include_json.xlsx": "XLSForm including another form (include)",
    "loop.xls": "XLSForm loops (begin loop)",
    "loop.xlsx": "XLSForm loops (begin loop)",
    "or_other.xlsx": None,
    "pull_data.xlsx": "XLSForm function pulldata() in calculation",
    "repeat_date_test.xls": "XLSForm repeats (begin repeat)",
    "simple_loop.xls": "XLSForm loops (begin loop)",
    "sms_info.xls": "XLSForm photo (image)",
    "specify_other.xls": None,
    "specify_other.xlsx": None,
    "style_settings.xls": None,
    "survey_no_name.xlsx": "survey_no_name.xlsx: no 'survey' sheet",
    "table-list.xls": "XLSForm media in labels (image, audio, video)",
    "text_and_integer.xls": None,
    "text_and_integer.xlsx": None,
    "tutorial.xls": "XLSForm repeats (begin repeat)",
    "unknown_question_type.xls": "type 'set form title' is not an XLSForm question type",
    "widgets.xls": "XLSForm media in labels (image, audio, video)",
    "xlsform_spec_test.xlsx": "XLSForm media in labels (image, audio, video)",
    "xml_escaping.xls": "XLSForm answer shown inside text",
    "yes_or_no_question.xls": None,
    "yes_or_no_question.xlsx": None,
}
ACCEPTED = sorted(name for name, reason in TABLE.items() if reason is None)
_LOCATED = re.compile(r"^sheet '(survey|choices|settings|entities)' row \d+ (column '[^']+'|\(field '[^']+'\)): ")


def test_the_table_lists_every_example_file():
    files = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in (".xls", ".xlsx"))
    assert files == sorted(TABLE)
    assert len(files) == 44 and len([f for f in files if f.endswith(".xlsx")]) == 19


@pytest.mark.parametrize("name", sorted(TABLE))
def test_example_is_accepted_or_refused_with_the_reason(name):
    expected = TABLE[name]
    if expected is None:
        form = convert_xlsx(EXAMPLES / name)
        assert validate_definition({**form, "version": 1}) == []
        FormState(FormDefinition.from_dict({**form, "version": 1}), today=TODAY)
        return
    with pytest.raises(XlsxError) as err:
        convert_xlsx(EXAMPLES / name)
    problems = err.value.problems
    if name != "survey_no_name.xlsx":
        assert all(_LOCATED.match(p) for p in problems), problems  # every refusal names sheet, row and column
    first = _LOCATED.sub("", problems[0])
    assert first.startswith(expected) or any(_LOCATED.sub("", p).startswith(expected) for p in problems), problems


def test_all_problems_come_in_one_list():
    with pytest.raises(XlsxError) as err:
        convert_xlsx(EXAMPLES / "case_insensitivity.xlsx")
    assert err.value.problems == [
        "sheet 'entities' row 2 column 'dataset': XLSForm entities is not supported on a terminal",
        ("sheet 'survey' row 3 column 'type': XLSForm external choices (select_one_external) is not supported on a"
        " terminal"),
        "sheet 'survey' row 4 column 'type': XLSForm OpenStreetMap question (osm) is not supported on a terminal",
    ]
    with pytest.raises(XlsxError) as err:
        convert_xlsx(EXAMPLES / "unknown_question_type.xls")
    assert "sheet 'survey' row 14 column 'bind:relevant': XLSForm XPath paths ('..') in bind:relevant is not" \
        " supported on a terminal (write the question as ${name})" in err.value.problems


def test_settings_come_from_the_file_name_when_there_is_no_settings_sheet():
    form = convert_xlsx(EXAMPLES / "field-list.xlsx")
    assert form["id"] == "field_list" and form["title"] == {"zh_CN": "field list", "en_US": "field list"}
    assert "version" not in form  # numbered by the hub when published
    notes = form["x_xlsform_notes"]
    assert any("comes from the file name" in n for n in notes)
    styled = convert_xlsx(EXAMPLES / "style_settings.xls")
    assert (styled["id"], styled["title"]["en_US"]) == ("new_id", "My Survey")


def test_languages_as_xlsform_spells_them():
    # label::english + plain hint + choices with plain label and label::chinese
    form = convert_xlsx(EXAMPLES / "field-list.xlsx")
    field = form["pages"][0]["fields"][0]
    assert field["label"] == {"en_US": "table list question", "zh_CN": "table list question"}
    assert field["choices"][0]["label"] == {"zh_CN": "是", "en_US": "Yes"}
    # label:English (en): a one-language form is shown in English in both UIs, with a note
    group = convert_xlsx(EXAMPLES / "group.xlsx")
    assert group["pages"][1]["fields"][0]["label"] == {
        "en_US": "What's your father's phone number?",
        "zh_CN": "What's your father's phone number?",
    }
    assert any("written only in English" in n for n in group["x_xlsform_notes"])
    # a plain label column is the upload's default language
    plain = convert_xlsx(EXAMPLES / "extra_columns.xlsx", default_language="en_US")
    assert plain["pages"][0]["fields"][0]["label"] == {"en_US": "A", "zh_CN": "A"}
    assert any("written only in English" in n for n in plain["x_xlsform_notes"])


def test_groups_types_and_old_select_syntax():
    group = convert_xlsx(EXAMPLES / "group.xls")
    assert [p["id"] for p in group["pages"]] == ["page_1", "father"]
    father = group["pages"][1]
    assert father["title"]["en_US"] == "Father"
    assert [(f["id"], f["type"], f.get("decimals")) for f in father["fields"]] == [
        ("phone_number", "phone", None),
        ("age", "number", 0),
    ]
    yes_no = convert_xlsx(EXAMPLES / "yes_or_no_question.xlsx")  # "select one from yes_or_no"
    assert yes_no["pages"][0]["fields"][0]["type"] == "single_choice"


def test_or_other_adds_the_choice_and_the_text_question():
    form = convert_xlsx(EXAMPLES / "or_other.xlsx")
    d = FormDefinition.from_dict({**form, "version": 1})
    assert d.field("fav_color").choices[-1].value == "other"
    s = FormState(d, today=TODAY)
    assert not s.is_relevant("fav_color_other")
    s.set_value("fav_color", "other")
    assert s.is_relevant("fav_color_other")
    s.set_value("fav_color_other", "teal")
    assert s.answers() == {"fav_color": "other", "fav_color_other": "teal"}
    # choice_filter "pastel=yes": 'yes' is no column, so it is read as the text 'yes' (with a note)
    assert [c.value for c in s.choices("fav_pastel")] == ["mauve", "apricot"]
    assert any("'yes' is not a column of the choices sheet" in n for n in form["x_xlsform_notes"])


def test_cascading_selects_with_choice_filter():
    form = convert_xlsx(EXAMPLES / "choice_filter_test.xlsx")
    d = FormDefinition.from_dict({**form, "version": 1})
    s = FormState(d, today=TODAY)
    assert s.choices("county") == []
    s.set_value("state", "washington")
    assert [c.value for c in s.choices("county")] == ["king", "pierce"]
    s.set_value("county", "king")
    assert [c.value for c in s.choices("city")] == ["dumont", "finney", "seattle", "redmond"]
    s.set_value("city", "seattle")
    assert s.all_errors("en_US") == {}
    s.set_value("state", "texas")  # king is in Texas too; Seattle is not in Texas's King
    s.set_value("county", "cameron")
    assert s.field_error("city", "en_US") == "This choice no longer fits an answer above. Please choose again."


def test_damaged_or_hostile_workbooks_get_a_plain_refusal(tmp_path):
    fake_xls = tmp_path / "old.xls"
    fake_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)  # OLE signature, no workbook inside
    with pytest.raises(XlsxError) as err:
        convert_xlsx(fake_xls)
    (problem,) = err.value.problems
    assert problem.startswith("old.xls: not a readable .xls workbook")
    assert "另存为” .xlsx" in problem and "save it as .xlsx" in problem
    # an expression far over the limit is refused by length, without being walked token by token
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(["type", "name", "label", "relevant"])
    ws.append(["text", "a", "A"])
    ws.append(["text", "b", "B", " or ".join(["${a} = 'x'"] * 1400)])
    path = tmp_path / "long.xlsx"
    wb.save(path)
    with pytest.raises(XlsxError) as err:
        convert_xlsx(path)
    assert err.value.problems == [
        "sheet 'survey' row 3 (field 'b'): relevant expression: expression is longer than 1000 characters"
    ]


def test_every_note_on_the_examples_reads_in_chinese_for_the_console():
    """The console shows an accepted workbook's notes in its own language: each note the converter writes on
    pyxform's examples (and the two below) has its Chinese words, none falls back to the English."""
    notes: list[str] = []
    for path in sorted(EXAMPLES.iterdir()):
        try:
            notes += convert_xlsx(path, form_id="example")["x_xlsform_notes"]
        except XlsxError:
            continue
    notes += convert_xlsx(EXAMPLES / "field-list.xlsx")["x_xlsform_notes"]  # the id and title from the file name
    kinds = {n.split("'")[0] for n in notes}
    assert len(kinds) >= 4, kinds  # several kinds of note, or this test would show little
    for note in notes:
        words = note_words(note, "zh_CN")
        assert not words.startswith("表格说明") and re.search(r"[\u4e00-\u9fff]", words), note
        assert note_words(note, "en_US") == note
