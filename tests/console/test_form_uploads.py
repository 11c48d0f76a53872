"""Issue 23, item 6: every upload problem at once, by cell, in Chinese and English, with a hint and
"did you mean"; the Excel template and any stored version download as workbooks."""

from __future__ import annotations

import html
import io
from collections.abc import Callable

from openpyxl import Workbook, load_workbook

from tests.console.conftest import ConsoleHub, SignedIn


def _workbook() -> bytes:
    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    survey.append(["type", "name", "label::zh_CN", "label::en_US", "required", "constraint"])
    survey.append(["intger", "age", "年龄", "Age", "必填"])
    survey.append(["select_one colour", "pet", "颜色", "Colour", "必填"])
    survey.append(["text", "plate", "车牌", "Plate", "必填", "regex(${plate}, '^[A-Z]+$')"])
    choices = wb.create_sheet("choices")
    choices.append(["list_name", "name", "label::zh_CN", "label::en_US"])
    choices.append(["colours", "red", "红", "Red"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_all_problems_by_cell_in_both_languages(console_hub: ConsoleHub, login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    files = {"file": ("parking.xlsx", _workbook(), "application/octet-stream")}
    zh = html.unescape(admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files).text)
    for cell in ("survey!A2", "survey!A3", "survey!F4"):
        assert f"<code>{cell}</code>" in zh
    assert "题型“intger”不是终端认识的题型" in zh and "您是不是想写 <code>integer</code>" in zh
    assert "<code>colours</code>" in zh and "pattern 一列" in zh
    admin.get("/console/lang?to=en_US&next=/console/forms")
    en = html.unescape(admin.http.post("/console/forms/upload", data={"csrf": admin.csrf}, files=files).text)
    assert "Sheet survey, row 2: type 'intger' is not" in en and "Did you mean <code>integer</code>" in en
    assert "Put the regular expression itself in the 'pattern' column" in en


def test_the_template_and_a_stored_version_download_as_workbooks(console_hub: ConsoleHub,
                                                                 login: Callable[[str], SignedIn]) -> None:
    admin = login("admin")
    forms = admin.get("/console/forms").text
    assert 'id="template-link" href="/console/forms/template.xlsx"' in forms
    template = admin.get("/console/forms/template.xlsx")
    assert template.status_code == 200 and "spreadsheetml" in template.headers["content-type"]
    stored = admin.http.post("/console/forms/upload", data={"csrf": admin.csrf},
                             files={"file": ("t.xlsx", template.content, "application/octet-stream")})
    assert stored.status_code == 303, stored.text
    location = stored.headers["location"].split("?")[0]
    assert f'href="{location}.xlsx"' in admin.get(location).text
    workbook = load_workbook(io.BytesIO(admin.get(f"{location}.xlsx").content))
    assert workbook["settings"]["A2"].value == "parking_permit"
    assert admin.get("/console/forms/nothing/v/9.xlsx").status_code == 404
