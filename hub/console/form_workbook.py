"""Forms as Excel workbooks for their authors: the blank template and any stored version.

Street and community staff write forms in Excel or WPS, not in JSON. The template
has the Chinese headers the converter reads (``contract.forms.xlsform.CHINESE_HEADERS``),
an example on every sheet and drop-downs for the question type, the required mark
and the layout, so a first form is a copy of the example. A stored version is
written back in the converter's own columns, so downloading, editing and uploading
it again gives the same form with the next version number.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from contract.forms.schema import CHOICE_TYPES, FIELD_KEY_ORDER

# The template's headers, each one the converter reads (CHINESE_HEADERS says as which column).
SURVEY_HEADERS = ["题型", "编号", "题目（中文）", "题目（英文）", "必填", "说明（中文）", "说明（英文）", "显示条件",
                  "校验条件", "校验提示（中文）", "格式（正则表达式）", "格式提示（中文）", "最小值", "最大值", "最多字数",
                  "默认值", "外观"]
CHOICES_HEADERS = ["选项列表", "编号", "选项（中文）", "选项（英文）"]
SETTINGS_HEADERS = ["表单编号", "版本", "表单标题（中文）", "表单标题（英文）", "简介（中文）", "布局"]
# The template's question types, most used first (a choice type is followed by its list's name).
TEMPLATE_TYPES = ("text", "long_text", "integer", "decimal", "date", "phone", "id_number", "address",
                  "select_one", "select_multiple", "yes_no", "consent", "signature", "note", "begin page", "end page")
_EXAMPLE_SURVEY: list[list[Any]] = [
    ["begin page", "applicant", "申请人信息", "About you"],
    ["text", "name", "姓名", "Full name", "必填"],
    ["phone", "phone", "手机号码", "Mobile phone", "必填", "办好后短信通知您", "We will text you"],
    ["select_one yes_no_list", "has_car", "是否有机动车", "Do you own a car?", "必填"],
    ["text", "plate", "车牌号码", "Plate number", "必填", "", "", "${has_car} = 'yes'", "", "",
     "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{5,6}", "请填写正确的车牌号码",
     "", "", 8],
    ["end page"],
]
_EXAMPLE_CHOICES = [["yes_no_list", "yes", "是", "Yes"], ["yes_no_list", "no", "否", "No"]]
_EXAMPLE_SETTINGS = [["parking_permit", "", "居民停车许可申请", "Resident parking permit", "", "pages"]]
_HELP: list[list[Any]] = [
    ["怎样填写这个表格", "How to fill in this workbook"],
    ["survey 工作表：每一行是一道题；“题型”可从下拉列表中选择。",
     "survey: one question per row; pick the type from the drop-down."],
    ["select_one / select_multiple 后面空一格，写 choices 工作表中的选项列表名称。",
     "After select_one / select_multiple write a space and the name of a list on the choices sheet."],
    ["“必填”一列填 必填 或 选填。", "Write 必填 (required) or 选填 (optional) in the required column."],
    ["begin page / end page 之间的题目显示在同一页。", "Questions between begin page and end page share a screen."],
    ["settings 工作表：表单编号只能用小写字母、数字和下划线；版本可以不填，平台自动编号。",
     "settings: the form id uses a-z, 0-9 and _; leave the version empty and the platform numbers it."],
    ["上传后如有问题，平台会逐条列出单元格位置（例如 survey!H8）和修改建议。",
     "After upload every problem is listed with its cell (such as survey!H8) and a hint."],
]


def _drop_down(ws: Worksheet, column: int, values: Iterable[str], rows: int = 500) -> None:
    """A drop-down on a column that still takes other text (``select_one LIST`` is typed after picking)."""
    letter = ws.cell(row=1, column=column).column_letter
    dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                        showErrorMessage=False)
    dv.add(f"{letter}2:{letter}{rows}")
    ws.add_data_validation(dv)


def _sheet(wb: Workbook, name: str, header: list[str], rows: Iterable[list[Any]]) -> Worksheet:
    ws = wb.create_sheet(name)
    ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # authored text, never a formula Excel would run
    for cell in ws[1]:
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = max(12, 2 * len(str(cell.value)))
    ws.freeze_panes = "A2"
    return ws


def _bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template() -> bytes:
    """The blank form workbook: Chinese headers, an example on each sheet, drop-downs, a help sheet."""
    wb = Workbook()
    wb.remove(wb.active)
    survey = _sheet(wb, "survey", SURVEY_HEADERS, _EXAMPLE_SURVEY)
    _drop_down(survey, 1, TEMPLATE_TYPES)
    _drop_down(survey, SURVEY_HEADERS.index("必填") + 1, ("必填", "选填"))
    _sheet(wb, "choices", CHOICES_HEADERS, _EXAMPLE_CHOICES)
    settings = _sheet(wb, "settings", SETTINGS_HEADERS, _EXAMPLE_SETTINGS)
    _drop_down(settings, SETTINGS_HEADERS.index("布局") + 1, ("pages", "one_per_screen"), rows=2)
    _sheet(wb, "说明", ["说明", "Notes"], _HELP)
    return _bytes(wb)


_XLSFORM_SELECT = {"single_choice": "select_one", "searchable_choice": "select_one", "multiple_choice": "select_multiple"}


def _cell(key: str, value: Any) -> Any:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    if key == "default" and value == "today":
        return "today()"
    return value


def _flatten(item: dict[str, Any], skip: set[str]) -> dict[str, Any]:
    """One definition object as columns: texts as ``key::lang``, the rest as they are."""
    row: dict[str, Any] = {}
    for key, value in item.items():
        if key in skip:
            continue
        if isinstance(value, dict):
            row.update({f"{key}::{lang}": text for lang, text in value.items()})
        else:
            row[key] = _cell(key, value)
    return row


def _table(wb: Workbook, name: str, rows: list[dict[str, Any]], first: list[str]) -> None:
    header = list(first)
    for row in rows:
        header.extend(k for k in row if k not in header)
    _sheet(wb, name, header, ([row.get(h) for h in header] for row in rows))


def definition_workbook(definition: dict[str, Any]) -> bytes:
    """A stored form version as the workbook the converter reads back into the same form."""
    survey: list[dict[str, Any]] = []
    choices: list[dict[str, Any]] = []
    for page in definition.get("pages", []):
        survey.append({"type": "begin page", "name": page.get("id")} | _flatten(page, {"id", "fields", "title"})
                      | {f"label::{lang}": text for lang, text in page.get("title", {}).items()})
        for field in page.get("fields", []):
            row = {"type": field["type"], "name": field["id"]}
            if field["type"] in CHOICE_TYPES:
                row["type"] = f"{_XLSFORM_SELECT[field['type']]} {field['id']}"
                if field["type"] == "searchable_choice":
                    row["appearance"] = "search"
                for choice in field.get("choices", []):
                    choices.append({"list_name": field["id"], "name": choice["value"]}
                                   | _flatten(choice, {"value", "data"}) | dict(choice.get("data", {})))
            keys = [k for k in FIELD_KEY_ORDER if k in field] + [k for k in field if k not in FIELD_KEY_ORDER]
            survey.append(row | _flatten({k: field[k] for k in keys}, {"id", "type", "choices"}))
        survey.append({"type": "end page"})
    settings = {"form_id": definition.get("id"), "version": definition.get("version")}
    settings |= _flatten({k: definition[k] for k in ("title", "description", "layout", "sample") if k in definition},
                         set())
    settings = {("form_title" + k[5:] if k.startswith("title::") else k): v for k, v in settings.items()}
    wb = Workbook()
    wb.remove(wb.active)
    _table(wb, "survey", survey, ["type", "name"])
    _table(wb, "choices", choices, ["list_name", "name"])
    _table(wb, "settings", [settings], ["form_id", "version"])
    return _bytes(wb)
