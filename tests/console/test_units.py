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
    svg = charts.bar_chart([("11-25", 3), ("<b>&", 5)], "Per day <x>", empty="none")
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    bars = root.findall(f"{SVG}rect")
    assert len(bars) == 2
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights[1] > heights[0] > 0
    assert "<b>" not in str(svg) and "style=" not in str(svg) and "none" not in str(svg)
    quiet = ET.fromstring(str(charts.bar_chart([("11-25", 0), ("11-26", 0)], "Per day", empty="No submissions.")))
    assert "No submissions." in [t.text for t in quiet.findall(f"{SVG}text")]  # zero days say so in words


def test_hbar_chart_scales_to_its_maximum() -> None:
    root = ET.fromstring(str(charts.hbar_chart([("a", 50), ("b", 100)], "Uptime", empty="none", unit="%",
                                                  max_value=100)))
    widths = [float(r.get("width", "0")) for r in root.findall(f"{SVG}rect")]
    assert widths[0] == pytest.approx(widths[1] / 2)
    empty = ET.fromstring(str(charts.hbar_chart([], "Nothing", empty="No <submissions> yet.")))
    assert empty.findall(f"{SVG}rect") == []
    assert [t.text for t in empty.findall(f"{SVG}text")][-1] == "No <submissions> yet."  # said in words, escaped


def test_problems_without_a_workbook_are_worded_in_both_languages() -> None:
    rows = problems_of(["sheet 'settings' row 2: version must be a whole number", "id: a form needs an id",
                        "parking version 3 exists; the next version is 4"])
    assert (rows[0].sheet, rows[0].row, rows[0].cell) == ("settings", 2, "settings!2")
    assert rows[0].text["zh_CN"] == "settings 工作表第 2 行：version（版本号）要填整数"
    assert (rows[1].cell, rows[1].text["en_US"]) == ("", "id: a form needs an id")
    assert "version 改为 4" in rows[2].text["zh_CN"]


def test_uploads_of_each_format() -> None:
    definition = json.loads((FORMS / "residence_certificate.json").read_text("utf-8"))
    parsed, errors = read_upload("f.json", json.dumps(definition).encode())
    assert parsed == definition and errors == []
    import yaml

    parsed, errors = read_upload("f.yaml", yaml.safe_dump(definition, allow_unicode=True).encode())
    assert parsed == definition and errors == []
    parsed, errors = read_upload("f.xlsx", (FORMS / "source/disability_subsidy.xlsx").read_bytes())
    assert parsed is not None and parsed["id"] == "disability_subsidy" and errors == []
    (refused,) = read_upload("f.txt", b"x")[1]
    assert refused.text == {"zh_CN": "请上传 .json、.yaml、.xlsx 或 .xls 文件", "en_US": "Use a .json, .yaml, .xlsx or .xls file."}
    assert read_upload("f.json", b"{not json")[0] is None
    _parsed, errors = read_upload("f.xlsx", b"not a zip")
    assert errors and errors[0].text["en_US"].startswith("f.xlsx: ") and errors[0].text["zh_CN"].startswith("f.xlsx：")
    bad = dict(definition, pages=[])
    assert read_upload("f.json", json.dumps(bad).encode())[1]


def test_xlsform_uploads_take_id_and_title_from_the_file_name_or_ask() -> None:
    examples = Path(__file__).resolve().parents[1] / "forms" / "xlsform_examples"
    data = (examples / "group.xls").read_bytes()
    parsed, errors = read_upload("family survey.xls", data)
    assert errors == [] and parsed is not None
    assert (parsed["id"], parsed["title"]["en_US"], "version" in parsed) == ("family_survey", "family survey", False)
    # a file name that gives no id: the problem says to type one, and what is typed is used
    parsed, errors = read_upload("家庭调查.xls", data)
    assert parsed is None and "give one when uploading" in errors[0].text["en_US"]
    assert "上传时填写" in errors[0].text["zh_CN"]
    parsed, errors = read_upload("家庭调查.xls", data, form_id="family", title="家庭调查")
    assert errors == [] and parsed is not None
    assert (parsed["id"], parsed["title"]) == ("family", {"zh_CN": "家庭调查", "en_US": "家庭调查"})
    _parsed, errors = read_upload("case.xlsx", (examples / "case_insensitivity.xlsx").read_bytes())
    osm = errors[-1]
    assert (osm.sheet, osm.row, osm.column, osm.cell) == ("survey", 4, "type", "survey!A4")
    assert osm.text["en_US"].endswith("XLSForm OpenStreetMap question (osm) is not supported on a terminal")
    # plain label columns in the language the admin picks
    parsed, _ = read_upload("extra_columns.xlsx", (examples / "extra_columns.xlsx").read_bytes(),
                            default_language="en_US")
    assert parsed is not None and any("read as en_US" in n for n in parsed["x_xlsform_notes"])


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


def test_uptime_counts_quarter_hours_with_a_heartbeat(tmp_path: Path) -> None:
    _check_uptime(f"sqlite:///{tmp_path / 'hub.sqlite3'}")


@pytest.mark.postgres
def test_uptime_counts_quarter_hours_on_postgresql() -> None:
    """The slot arithmetic is written per backend (SQLite text times, PostgreSQL EXTRACT(epoch))."""
    from hub.testing import available_postgres, create_database, private_cluster

    reason = available_postgres()
    if reason:
        pytest.skip(reason)
    with private_cluster() as server:
        _check_uptime(create_database(server, "console_uptime"))


def _check_uptime(db_url: str) -> None:
    from datetime import UTC, datetime, timedelta

    from contract import crypto
    from hub.console import stats
    from hub.db import make_engine, make_sessionmaker
    from hub.migrate import upgrade
    from hub.models import Terminal, TerminalHistory

    engine = make_engine(db_url)
    upgrade(engine)
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    try:
        with make_sessionmaker(engine)() as db:
            for tid, enrolled, up_hours in (("t-half", now - timedelta(days=3), 12), ("t-new", now - timedelta(hours=6), 6),
                                            ("t-dead", now - timedelta(days=3), 0), ("t-hour", now - timedelta(hours=1), 1)):
                db.add(Terminal(id=tid, terminal_no=len(tid) + up_hours, district="d", community="c", hostname=tid,
                                public_key=crypto.public_bytes(crypto.new_signing_key()), otp_secret="x",
                                enrolled_at=enrolled, revoked_at=None, last_seen_at=None,
                                last_heartbeat_at=now if tid == "t-hour" else None,
                                heartbeat=None, history_at=None, history_alerts=None))
                for minute in range(0, up_hours * 60, 10):  # the hub's thinned history: every ten minutes
                    db.add(TerminalHistory(terminal_id=tid, at=now - timedelta(minutes=minute, seconds=30), alerts=[],
                                           snapshot={}))
            db.commit()
            uptime = stats.uptime_percent(db, ["t-half", "t-new", "t-dead"], now=now)
            by_hour = stats.uptime_by_hour(db, "t-half", now=now)
            hour_uptime = stats.uptime_percent(db, ["t-hour"], now=now + timedelta(minutes=10))
            hour_by_hour = stats.uptime_by_hour(db, "t-hour", now=now + timedelta(minutes=10))
    finally:
        engine.dispose()
    assert 48 <= uptime["t-half"] <= 52
    assert uptime["t-new"] >= 95  # measured since enrolment, not over the whole day
    assert uptime["t-dead"] == 0
    assert len(by_hour) == 24 and by_hour[-2][1] == 100 and by_hour[0][1] == 0
    # issue 23, item 9: enrolled an hour ago and up all along is 100%, ten minutes into this hour too (not 25%:
    # the quarters yet to come and those before enrolment are not counted against it)
    assert hour_uptime["t-hour"] == 100
    assert (hour_by_hour[-1][1], hour_by_hour[-2][1], hour_by_hour[-3][1]) == (100, 100, 0)
