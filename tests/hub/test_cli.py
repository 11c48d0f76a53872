"""``kiosk-hub`` commands, run in-process against a temporary data directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from hub.cli import main
from tests.hub.conftest import FORM_ID, REPO, form_version


@pytest.fixture
def data(tmp_path: Path) -> list[str]:
    return ["--data-dir", str(tmp_path), "--db", f"sqlite:///{tmp_path / 'hub.sqlite3'}"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_tokens_are_printed_once(capsys: pytest.CaptureFixture[str], data: list[str]) -> None:
    code, out, _ = run(capsys, "token", "create", "--role", "staff", "--name", "clerk", *data)
    assert code == 0 and out.strip().startswith("khub_")
    code, out, _ = run(capsys, "enroll-token", "--community", "燕山社区", *data)
    assert code == 0 and out.strip().startswith("kenr_")
    code, out, _ = run(capsys, "token", "list", "--json", *data)
    assert json.loads(out)[0]["role"] == "staff"


def test_forms_validate_json_and_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps(form_version(1), ensure_ascii=False), encoding="utf-8")
    good_yaml = tmp_path / "good.yaml"
    good_yaml.write_text(yaml.safe_dump(form_version(1), allow_unicode=True), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(form_version(1, pages=[])), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert run(capsys, "forms", "validate", str(good))[0] == 0
    assert run(capsys, "forms", "validate", str(good_yaml))[0] == 0
    code, _out, err = run(capsys, "forms", "validate", str(bad))
    assert code == 1 and "pages" in err
    code, _out, err = run(capsys, "forms", "validate", str(broken))
    assert code == 1 and "not valid JSON" in err
    assert run(capsys, "forms", "validate", str(tmp_path / "missing.json"))[0] == 1


def test_forms_validate_xlsx(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import openpyxl

    sample = REPO / "assets/content/forms/source/disability_subsidy.xlsx"
    code, out, err = run(capsys, "forms", "validate", str(sample))
    assert code == 0, err
    book = openpyxl.load_workbook(sample)
    survey = book["survey"]
    type_col = next(c.column for c in survey[1] if c.value == "type")
    row = next(r for r in range(2, survey.max_row + 1) if survey.cell(r, type_col).value not in (None, "begin page"))
    survey.cell(row, type_col).value = "hologram"
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    code, _out, err = run(capsys, "forms", "validate", str(broken))
    assert code == 1 and "survey" in err and str(row) in err, err
    code, _out, _err = run(capsys, "forms", "convert", str(sample), "--out", str(tmp_path / "out.json"))
    assert code == 0 and json.loads((tmp_path / "out.json").read_text("utf-8"))["id"]


def test_forms_convert_and_validate_xlsforms(capsys: pytest.CaptureFixture[str]) -> None:
    examples = REPO / "tests/forms/xlsform_examples"
    code, out, err = run(capsys, "forms", "convert", str(examples / "text_and_integer.xls"), "--to", "json")
    assert code == 0 and "note: the form id 'text_and_integer' comes from the file name" in err
    converted = json.loads(out)
    assert [f["type"] for f in converted["pages"][0]["fields"]] == ["text", "number"]
    code, out, err = run(capsys, "forms", "convert", str(examples / "extra_columns.xlsx"), "--default-language", "en_US")
    assert code == 0 and json.loads(out)["pages"][0]["fields"][0]["label"]["en_US"] == "A"
    code, out, err = run(capsys, "forms", "validate", str(examples / "case_insensitivity.xlsx"))
    assert code == 1 and out == ""
    assert "sheet 'survey' row 4 column 'type': XLSForm OpenStreetMap question (osm) is not supported" in err


def test_publish_dry_run_rollback_and_listing(capsys: pytest.CaptureFixture[str], data: list[str],
                                             tmp_path: Path) -> None:
    v1, v2 = tmp_path / "v1.json", tmp_path / "v2.json"
    v1.write_text(json.dumps(form_version(1), ensure_ascii=False), encoding="utf-8")
    v2.write_text(json.dumps(form_version(2), ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "forms", "publish", str(v1), *data)
    assert code == 0 and f"published form/{FORM_ID} v1" in out
    code, out, _ = run(capsys, "forms", "publish", str(v2), "--target", "community:燕山社区", "--rollout", "50",
                       "--dry-run", *data)
    assert code == 0 and "dry run" in out
    code, out, _ = run(capsys, "forms", "publish", str(v2), "--target", "community:燕山社区", "--rollout", "50", *data)
    assert code == 0 and "at 50%" in out
    code, out, _ = run(capsys, "forms", "list", "--json", *data)
    releases = json.loads(out)
    assert [(r["version"], r["rollout_percent"]) for r in releases] == [(1, 100), (2, 50)]
    code, out, _ = run(capsys, "forms", "rollback", FORM_ID, *data)
    assert code == 0 and "rolled back" in out
    code, _out, err = run(capsys, "forms", "publish", str(v1), "--target", "street:x", *data)
    assert code == 2 and "bad target" in err


def test_terminals_and_cases_commands(capsys: pytest.CaptureFixture[str], data: list[str], tmp_path: Path) -> None:
    from tests.hub.conftest import make_hub

    db_url = data[3]
    for hub in make_hub(tmp_path, db_url=db_url):
        sim = hub.terminal(community="燕山社区")
        sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body(
            printer={"online": True, "paper": "out", "cover_open": False}))
        item = sim.submission_item(1)
        sim.signed("POST", "/api/v1/outbox", {"items": [item]})
    code, out, _ = run(capsys, "terminals", *data)
    assert code == 0 and sim.terminal_id in out and "paper_out" in out
    code, out, _ = run(capsys, "terminals", "--json", *data)
    assert json.loads(out)[0]["printer"]["paper"] == "out"
    code, out, _ = run(capsys, "cases", *data)
    assert code == 0 and item["body"]["tracking_number"] in out and "received" in out
    code, out, _ = run(capsys, "cases", "--json", *data)
    assert json.loads(out)[0]["submission_id"] == item["body"]["submission_id"]
    assert "测试" not in out  # no personal data


def test_keys_are_private_files(capsys: pytest.CaptureFixture[str], data: list[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "keys", *data)
    info = json.loads(out)
    assert code == 0 and info["active_kid"] in {k["kid"] for k in info["bundle_keys"]}
    for path in (tmp_path / "keys").iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
    code, out, _ = run(capsys, "keys", "rotate", *data)
    new_kid = out.strip()
    code, out, _ = run(capsys, "keys", *data)
    info = json.loads(out)
    assert info["active_kid"] == new_kid and len(info["bundle_keys"]) == 2
