"""Writes the sample spreadsheet-authored form and its converted JSON (SAMPLE DATA).

The rows below are what a member of staff would type into Excel/WPS: the
``survey``, ``choices`` and ``settings`` sheets of an XLSForm-like workbook
(layout in docs/forms.md). Running this script writes
``disability_subsidy.xlsx`` next to it and converts it with
``contract.forms.xlsx.convert_xlsx`` into ``../disability_subsidy.json``, the
definition the terminal loads. ``tests/forms/test_xlsx.py`` checks that the
committed JSON is exactly what the committed workbook converts to.

    .venv/bin/python assets/content/forms/source/make_disability_subsidy.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
XLSX = HERE / "disability_subsidy.xlsx"
JSON_OUT = HERE.parent / "disability_subsidy.json"

SURVEY_HEADER = [
    "type", "name", "label::zh_CN", "label::en_US", "hint::zh_CN", "hint::en_US", "required", "sensitive",
    "prefill", "relevant", "constraint", "constraint_message::zh_CN", "constraint_message::en_US",
    "pattern", "pattern_message::zh_CN", "pattern_message::en_US", "max_length", "keypad",
    "policy::zh_CN", "policy::en_US",
]
SURVEY = [
    {"type": "begin page", "name": "person", "label::zh_CN": "残疾人信息", "label::en_US": "The disabled person"},
    {"type": "text", "name": "name", "label::zh_CN": "姓名", "label::en_US": "Full name", "required": "yes",
     "sensitive": "yes", "prefill": "card.name", "max_length": 40},
    {"type": "id_number", "name": "id_number", "label::zh_CN": "身份证号码", "label::en_US": "ID number",
     "required": "yes", "sensitive": "yes", "prefill": "card.id_number"},
    {"type": "text", "name": "disability_card_no", "label::zh_CN": "残疾人证号", "label::en_US": "Disability card number",
     "hint::zh_CN": "残疾人证号为身份证号后加两位数字", "hint::en_US": "It is the ID number followed by two digits",
     "required": "yes", "sensitive": "yes", "keypad": "id", "pattern": r"\d{17}[\dXx]\d{2}",
     "pattern_message::zh_CN": "残疾人证号是20位：身份证号加2位数字",
     "pattern_message::en_US": "The card number has 20 characters: the ID number and 2 digits"},
    {"type": "select_one disability_type", "name": "disability_type", "label::zh_CN": "残疾类别",
     "label::en_US": "Type of disability", "required": "yes", "sensitive": "yes"},
    {"type": "select_one grade", "name": "disability_grade", "label::zh_CN": "残疾等级", "label::en_US": "Grade",
     "required": "yes", "sensitive": "yes"},
    {"type": "end page"},
    {"type": "begin page", "name": "subsidy", "label::zh_CN": "申请的补贴", "label::en_US": "Subsidies applied for"},
    {"type": "yes_no", "name": "in_dibao", "label::zh_CN": "是否为低保家庭成员",
     "label::en_US": "Is the person in a minimum living allowance household?", "required": "yes"},
    {"type": "select_multiple subsidies", "name": "subsidies", "label::zh_CN": "申请哪些补贴",
     "label::en_US": "Which subsidies?", "required": "yes",
     "constraint": "(not(selected(., 'living')) or ${in_dibao} = true) and "
                   "(not(selected(., 'care')) or ${disability_grade} = '1' or ${disability_grade} = '2')",
     "constraint_message::zh_CN": "生活补贴需为低保家庭，护理补贴需为一、二级残疾",
     "constraint_message::en_US": "The living subsidy needs a minimum living allowance household; the care subsidy needs grade 1 or 2"},
    {"type": "phone", "name": "phone", "label::zh_CN": "联系电话", "label::en_US": "Contact phone", "required": "yes",
     "sensitive": "yes"},
    {"type": "consent", "name": "truthful", "label::zh_CN": "我承诺以上信息真实",
     "label::en_US": "I confirm this information is true", "required": "yes",
     "policy::zh_CN": "本人承诺所填信息真实，同意残联和民政部门核实。补贴发放期间情况发生变化的，将及时告知社区。",
     "policy::en_US": "I confirm this is true and agree that the disabled persons' federation and civil affairs "
                      "office may check it. I will tell the community if anything changes while the subsidy is paid."},
    {"type": "end page"},
]
CHOICES_HEADER = ["list_name", "name", "label::zh_CN", "label::en_US"]
CHOICES = [
    ("disability_type", "visual", "视力残疾", "Visual"),
    ("disability_type", "hearing", "听力残疾", "Hearing"),
    ("disability_type", "speech", "言语残疾", "Speech"),
    ("disability_type", "physical", "肢体残疾", "Physical"),
    ("disability_type", "intellectual", "智力残疾", "Intellectual"),
    ("disability_type", "mental", "精神残疾", "Mental"),
    ("disability_type", "multiple", "多重残疾", "Multiple"),
    ("grade", "1", "一级", "Grade 1"),
    ("grade", "2", "二级", "Grade 2"),
    ("grade", "3", "三级", "Grade 3"),
    ("grade", "4", "四级", "Grade 4"),
    ("subsidies", "living", "困难残疾人生活补贴", "Living subsidy for disabled people on low income"),
    ("subsidies", "care", "重度残疾人护理补贴", "Care subsidy for severe disability"),
]
SETTINGS_HEADER = ["form_id", "version", "form_title::zh_CN", "form_title::en_US", "layout", "sample"]
SETTINGS = ["disability_subsidy", 1, "残疾人两项补贴申请", "Disability living and care subsidies application", "pages", "yes"]


def write_workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(SURVEY_HEADER)
    for row in SURVEY:
        ws.append([row.get(h) for h in SURVEY_HEADER])
    ch = wb.create_sheet("choices")
    ch.append(CHOICES_HEADER)
    for c in CHOICES:
        ch.append(list(c))
    st = wb.create_sheet("settings")
    st.append(SETTINGS_HEADER)
    st.append(SETTINGS)
    for sheet in (ws, ch, st):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    # fixed timestamps so the file only changes when its content does
    from datetime import datetime

    wb.properties.created = wb.properties.modified = datetime(2026, 11, 26, 9, 0, 0)
    wb.properties.creator = "sample"
    wb.save(path)


def main() -> int:
    sys.path.insert(0, str(HERE.parents[3]))
    from contract.forms.xlsx import convert_xlsx

    write_workbook(XLSX)
    definition = convert_xlsx(XLSX)
    out = {"$comment": "SAMPLE DATA for demonstration; not an official form. "
           "Converted from forms/source/disability_subsidy.xlsx; edit the workbook, not this file."}
    out.update(definition)
    JSON_OUT.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {XLSX.name} and {JSON_OUT.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
