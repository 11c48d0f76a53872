"""The console's pure parts: translations, charts, spreadsheet problems, previews, targets."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hub.console import charts, i18n, preview
from hub.console.pages_forms import problems_of, read_upload
from hub.console.releases import describe_target, target_from_form

TEMPLATES = Path(__file__).resolve().parents[2] / "hub/console/templates"
CONSOLE = TEMPLATES.parent
FORMS = Path(__file__).resolve().parents[2] / "assets/content/forms"
SVG = "{http://www.w3.org/2000/svg}"


def _used_strings() -> set[str]:
    found: set[str] = set()
    for path in TEMPLATES.glob("*.html"):
        found |= set(re.findall(r'_\("((?:[^"\\]|\\.)+)"\)', path.read_text("utf-8")))
        found |= set(re.findall(r"_\('((?:[^'\\]|\\.)+)'\)", path.read_text("utf-8")))
    for path in CONSOLE.glob("*.py"):
        if path.name == "i18n.py":
            continue
        text = path.read_text("utf-8")
        found |= set(re.findall(r'"message": "([A-Z][^"]+)"', text))
        found |= set(re.findall(r'_\("([^"]+)"\)', text))
    return found


def test_every_console_string_has_its_chinese() -> None:
    used = _used_strings()
    assert len(used) > 100
    missing = sorted(s for s in used if s not in i18n.ZH)
    assert not missing, missing


def test_english_is_the_source_and_chinese_the_default() -> None:
    assert i18n.DEFAULT == "zh_CN"
    assert i18n.translator("en_US")("Fleet") == "Fleet"
    assert i18n.translator("zh_CN")("Fleet") == "终端"


def test_bar_chart_is_valid_svg_with_escaped_labels() -> None:
    svg = charts.bar_chart([("11-25", 3), ("<b>&", 5)], "Per day <x>")
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights[1] > heights[0] > 0
    assert "<b>" not in str(svg) and "style=" not in str(svg)


def test_hbar_chart_scales_to_its_maximum() -> None:
    root = ET.fromstring(str(charts.hbar_chart([("a", 50), ("b", 100)], "Uptime", unit="%", max_value=100)))
    widths = [float(r.get("width", "0")) for r in root.findall(f"{SVG}rect")]
    assert widths[0] == pytest.approx(widths[1] / 2)
    empty = ET.fromstring(str(charts.hbar_chart([], "Nothing")))
    assert empty.findall(f"{SVG}rect") == []


def test_spreadsheet_problems_become_sheet_and_row() -> None:
    rows = problems_of(["sheet 'survey' row 7 (field 'age'): min must be a number",
                        "sheet 'settings' row 2: version must be a whole number",
                        "sheet 'survey': page 'p' is never closed with 'end page'",
                        "id: a form needs an id"])
    assert (rows[0].sheet, rows[0].row, rows[0].where, rows[0].message) == (
        "survey", "7", "field 'age'", "min must be a number")
    assert (rows[1].sheet, rows[1].row) == ("settings", "2")
    assert (rows[2].sheet, rows[2].row) == ("survey", "")
    assert (rows[3].sheet, rows[3].message) == ("", "id: a form needs an id")


def test_uploads_of_each_format() -> None:
    definition = json.loads((FORMS / "residence_certificate.json").read_text("utf-8"))
    parsed, errors = read_upload("f.json", json.dumps(definition).encode())
    assert parsed == definition and errors == []
    import yaml

    parsed, errors = read_upload("f.yaml", yaml.safe_dump(definition, allow_unicode=True).encode())
    assert parsed == definition and errors == []
    parsed, errors = read_upload("f.xlsx", (FORMS / "source/disability_subsidy.xlsx").read_bytes())
    assert parsed is not None and parsed["id"] == "disability_subsidy" and errors == []
    assert read_upload("f.txt", b"x")[1] == ["Use a .json, .yaml or .xlsx file."]
    assert read_upload("f.json", b"{not json")[0] is None
    _parsed, errors = read_upload("f.xlsx", b"not a zip")
    assert errors and errors[0].startswith("f.xlsx: ")
    bad = dict(definition, pages=[])
    assert read_upload("f.json", json.dumps(bad).encode())[1]


@pytest.mark.parametrize("path", sorted(FORMS.glob("*.json")), ids=lambda p: p.stem)
def test_preview_has_a_screen_per_page_in_both_languages(path: Path) -> None:
    definition = json.loads(path.read_text("utf-8"))
    zh = preview.build_preview(definition, "zh_CN")
    en = preview.build_preview(definition, "en_US")
    inputs = [f for p in definition["pages"] for f in p["fields"]
              if f["type"] != "calculate" and not f.get("calculate")]
    expected = len(definition["pages"]) if definition.get("layout", "pages") == "pages" else len(inputs)
    assert len(zh.screens) == len(en.screens) == expected
    assert zh.title == definition["title"]["zh_CN"] and en.title == definition["title"]["en_US"]
    first = definition["pages"][0]
    assert zh.screens[0].title == first["title"]["zh_CN"]
    assert [f.id for s in zh.screens for f in s.fields] == [f["id"] for f in inputs]


def test_preview_refuses_what_the_engine_refuses() -> None:
    with pytest.raises(preview.FormError):
        preview.build_preview({"id": "x", "version": 1, "title": {"zh_CN": "x"}, "pages": []}, "zh_CN")


def test_targets_from_the_release_form() -> None:
    assert target_from_form("all", "ignored")["all"] is True
    community = target_from_form("community", "示例社区， 另一社区\n第三社区")
    assert community["communities"] == ["示例社区", "另一社区", "第三社区"] and not community["all"]
    assert target_from_form("terminals", "t-1,t-2")["terminals"] == ["t-1", "t-2"]
    with pytest.raises(ValueError):
        target_from_form("district", " , ")
    with pytest.raises(ValueError):
        target_from_form("everyone", "")
    assert describe_target(community) == [("Community", "示例社区, 另一社区, 第三社区")]
