"""Issue 16, hostile input that costs nothing: each finding of the review, against a real hub.

Findings 1 (YAML alias bomb), 8 (spreadsheets), 9 (deep nesting), 10 (ID numbers in
free text) and 11 (content ids, the CLI's traceback). The module's hub is a real
``kiosk-hub serve`` process, so its resident memory can be read before and after.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from hub import hostile
from hub.testing import REPO_ROOT, create_token, serve_process
from tests.console.conftest import SignedIn, sign_in
from tests.hub.conftest import Hub, form_version
from tests.hub.hostile_fuzz import FUZZ_ENV, run_fuzz

MIB = 1024 * 1024


class RealHub(NamedTuple):
    base_url: str
    pid: int
    admin_token: str


@pytest.fixture(scope="module")
def real_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RealHub]:
    data_dir = tmp_path_factory.mktemp("hostile-hub")
    db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
    token = create_token(db_url, "admin", "hostile-admin")
    with serve_process(data_dir, db_url, env=FUZZ_ENV) as (base_url, process):
        yield RealHub(base_url, process.pid, token)


@pytest.fixture
def console(real_hub: RealHub) -> Iterator[SignedIn]:
    with httpx.Client(base_url=real_hub.base_url, timeout=10, follow_redirects=False) as http:
        yield sign_in(http, real_hub.admin_token)


# No assertion here is about time (the machine's speed must not decide a test): a bound that holds is
# seen in what the hub answered, which bound refused it, and how little memory the hub took on meanwhile.
# The times themselves are figures in benchmarks/bench_hostile.py.


# --- finding 1: the alias bomb ---------------------------------------------------------------------


def test_alias_bomb_in_the_notices_editor_is_refused_at_once(real_hub: RealHub, console: SignedIn) -> None:
    bomb = hostile.alias_bomb()
    assert len(bomb.encode()) < 400
    before = hostile.rss_bytes(real_hub.pid)
    response = console.post("/console/content/notices", {"text": bomb, "action": "validate"})
    assert response.status_code == 422, response.text[:500]
    assert "aliases" in response.text or "anchors" in response.text
    assert httpx.get(f"{real_hub.base_url}/healthz", timeout=1).status_code == 200
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_alias_bomb_as_a_form_upload_is_refused_at_once(real_hub: RealHub, console: SignedIn) -> None:
    before = hostile.rss_bytes(real_hub.pid)
    response = console.http.post("/console/forms/upload", data={"csrf": console.csrf},
                            files={"file": ("bomb.yaml", hostile.alias_bomb().encode(), "application/yaml")})
    assert response.status_code == 422, response.text[:500]
    assert "aliases" in response.text or "anchors" in response.text
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_api_content_past_the_node_bound_is_refused_before_parsing(real_hub: RealHub) -> None:
    """The API's JSON twin of the bomb: 600,000 values in 1.2 MB, refused with a code before anything walks it."""
    items = ",".join(["0"] * 600_000)
    body = f'{{"kind": "notices", "content": {{"notices": [{items}]}}}}'.encode()
    before = hostile.rss_bytes(real_hub.pid)
    response = httpx.post(f"{real_hub.base_url}/api/v1/admin/content/validate", content=body,
                            headers={"Authorization": f"Bearer {real_hub.admin_token}",
                                     "Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 422 and response.json()["error"] == "too_many_nodes", response.text
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_the_loader_refuses_aliases_anchors_depth_and_size() -> None:
    from contract import safe_load

    for text, code in ((hostile.alias_bomb(), "yaml_alias"), ("a: *x\n", "yaml_alias"),
                       ("a: &x 1\nb: 2\n", "yaml_alias"), ("[" * 10_000, "too_deep"),
                       ("- " * 40 + "x\n", "too_deep"), ("a: " + "1" * 5000 + "\n", "not_yaml"),
                       ("a: !!timestamp x\n", "not_yaml"), ("a: !!int ''\n", "not_yaml")):
        with pytest.raises(safe_load.ContentError) as caught:
            safe_load.load_yaml(text)
        assert caught.value.code == code, (text[:40], caught.value)
    small = safe_load.Bounds(max_bytes=100, max_depth=3, max_nodes=5)
    with pytest.raises(safe_load.ContentError, match="deeper than 3"):
        safe_load.load_json(b"[" * 40 + b"]" * 40, safe_load.Bounds(max_depth=3))
    for data, code in ((b"[[[[1]]]]", "too_deep"), (b"[" + b"1," * 10 + b"1]", "too_many_nodes"),
                       (b'"' + b"x" * 200 + b'"', "too_large"), (b'{"a": 1,}', "not_json"), (b"\xff", "not_utf8")):
        with pytest.raises(safe_load.ContentError) as caught:
            safe_load.load_json(data, small)
        assert caught.value.code == code, (data[:40], caught.value)
    assert safe_load.load_json(b'{"a": "[[[[[[[[,,,,,,,,"}', small) == {"a": "[[[[[[[[,,,,,,,,"}
    assert safe_load.load_yaml("a: [1, 2]\nb: {c: d}\n", safe_load.Bounds(max_depth=2, max_nodes=9)) == {"a": [1, 2], "b": {"c": "d"}}


def test_the_terminals_own_content_files_go_through_the_same_loader(tmp_path: Path) -> None:
    from contract.catalog import Catalog, CatalogError
    from contract.notices import NoticeError, load_notices

    (tmp_path / "notices.yaml").write_text(hostile.alias_bomb())
    with pytest.raises(NoticeError, match="anchors"):
        load_notices(tmp_path)
    (tmp_path / "catalog.json").write_bytes(hostile.deep_json(100_000))
    with pytest.raises(CatalogError, match="nested deeper"):
        Catalog.load(tmp_path / "catalog.json")


# --- finding 9: deep nesting -----------------------------------------------------------------------


def test_a_heartbeat_nested_260_deep_gets_a_4xx_with_a_code(hub: Hub) -> None:
    sim = hub.terminal()
    body = sim.heartbeat_body(extra=hostile.nested(260))
    response = sim.signed("POST", "/api/v1/heartbeat", body)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "too_deep"
    assert sim.signed("POST", "/api/v1/heartbeat", sim.heartbeat_body()).status_code == 200


def test_every_json_body_is_bounded_before_it_is_parsed(hub: Hub) -> None:
    deep = hostile.deep_json(1000)
    for path, headers in (("/api/v1/admin/content", hub.auth()), ("/api/v1/enroll", {}),
                          ("/api/v1/admin/content/validate", hub.auth())):
        response = hub.client.post(path, content=deep, headers={**headers, "Content-Type": "application/json"})
        assert response.status_code == 422 and response.json()["error"] == "too_deep", (path, response.text)
    sim = hub.terminal()
    response = sim.signed("POST", "/api/v1/outbox", {"items": [{"id": "i1", "kind": "rating", "created_at":
                                                               "2026-12-02T10:00:00+08:00",
                                                               "body": hostile.nested(300)}]})
    assert response.status_code == 422 and response.json()["error"] == "too_deep"
    wide = sim.heartbeat_body(extra=[0] * 60_000)  # 120 KB: within the size limit, past the terminal's value bound
    response = sim.signed("POST", "/api/v1/heartbeat", wide)
    assert response.status_code == 422 and response.json()["error"] == "too_many_nodes"
    # a form is nested 7 deep and still goes through
    assert hub.admin("POST", "/content/validate", {"kind": "form", "content": form_version(1)})["valid"] is True


def test_cli_forms_validate_on_json_nested_100000_deep_prints_a_problem(tmp_path: Path) -> None:
    for suffix in (".json", ".yaml"):
        path = tmp_path / f"deep{suffix}"
        path.write_bytes(hostile.deep_json(100_000) if suffix == ".json" else hostile.alias_bomb().encode())
        run = subprocess.run([sys.executable, "-m", "hub.cli", "forms", "validate", str(path)], check=False,
                             cwd=REPO_ROOT,
                             capture_output=True, text=True, timeout=60)
        assert run.returncode == 1, run
        assert "Traceback" not in run.stderr and "RecursionError" not in run.stderr
        assert run.stderr.startswith("invalid:") and ("nested" in run.stderr or "anchors" in run.stderr), run.stderr


# --- finding 8: spreadsheets -----------------------------------------------------------------------


def test_a_row_of_two_million_cells_is_refused_before_it_is_read(real_hub: RealHub, console: SignedIn) -> None:
    data = hostile.wide_row_workbook(2_000_000)
    assert len(data) < 150_000
    before = hostile.rss_bytes(real_hub.pid)
    response = console.http.post("/console/forms/upload", data={"csrf": console.csrf},
                            files={"file": ("wide.xlsx", data, "application/octet-stream")})
    assert response.status_code == 422, response.text[:500]
    assert "wide.xlsx" in response.text and "unpacks to 42000184 bytes" in response.text
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


@pytest.mark.parametrize(("data", "words"), [
    (hostile.billion_laughs_workbook(), "DTD"),
    (hostile.undefined_entity_workbook(), "undefined entity"),
])
def test_entities_in_a_workbook_give_a_problem_list(console: SignedIn, data: bytes, words: str) -> None:
    response = console.http.post("/console/forms/upload", data={"csrf": console.csrf},
                                 files={"file": ("evil.xlsx", data, "application/octet-stream")})
    assert response.status_code == 422, response.text[:500]
    assert words in response.text


def test_the_workbook_guard_bounds_zip_parts_dimension_and_rows(tmp_path: Path) -> None:
    import io
    import zipfile

    from contract.forms.xlsx import XlsxError, convert_xlsx

    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    cases = {
        "dimension": (hostile.workbook(sheet + b'<dimension ref="A1:C900000"/><sheetData/></worksheet>'),
                      "sheet 'survey': more than 3000 rows (it says 900000)"),
        "rows": (hostile.workbook(sheet + b"<sheetData>" + b"<row/>" * 3002 + b"</sheetData></worksheet>"),
                 "more than 3000 rows"),
        "not a zip": (b"PK\x03\x04 not really", "not an .xlsx workbook"),
        "wide row": (hostile.wide_row_workbook(2_000_000, b"<c/>"), "sheet 'survey' row 1: more than 16384 cells"),
    }
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", b" " * (17 * MIB))
    cases["zip bomb"] = (bomb.getvalue(), "unpacks to")
    damaged = bytearray(hostile.wide_row_workbook(1000))
    damaged[damaged.index(b"xl/worksheets/sheet1.xml") + 40] ^= 0xFF  # inside the sheet's deflate stream
    cases["damaged"] = (bytes(damaged), "not an .xlsx workbook")
    for name, (data, words) in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.xlsx"
        path.write_bytes(data)
        with pytest.raises(XlsxError) as caught:
            convert_xlsx(path)
        assert words in str(caught.value), (name, caught.value)


# --- finding 10: ID numbers in free text -----------------------------------------------------------

ID_IN_TEXT = "my id is 370102198506123410 call me"


def test_id_numbers_with_a_valid_check_digit_are_found_anywhere_in_text() -> None:
    from contract import idnumber

    assert idnumber.find_in_text(ID_IN_TEXT) == [(9, 27)]
    assert idnumber.find_in_text("身份证３７０１０２１９８５０６１２３４１０请联系")  # full-width digits
    assert idnumber.find_in_text("ID 370102 19850612 3410")  # grouped as on the card
    for harmless in ("my id is 370102198506123411 call me",  # wrong check digit
                     "单号 370102202612020001 电话 13812345678",  # a tracking-like number, a phone number
                     "9370102198506123410", "370102198513123410",  # 19 digits; no 13th month
                     "sha256 ab12ef370102198506123410cd0123456789abcdef"):  # inside a hex digest
        assert idnumber.find_in_text(harmless) == [], harmless


def test_an_opinion_quoting_an_id_number_is_refused_by_the_hub(hub: Hub) -> None:
    sim = hub.terminal()
    items = [{"id": f"op{i}", "kind": "opinion", "created_at": "2026-12-02T10:00:00+08:00",
              "body": {"topic_id": "t1", "text": text, "language": "en_US", "kind": "opinion"}}
             for i, text in enumerate((ID_IN_TEXT, "my parcel 370102198506123411 is late"))]
    results = sim.signed("POST", "/api/v1/outbox", {"items": items}).json()["results"]
    assert results[0]["status"] == "rejected" and "ID number" in results[0]["reason"]
    assert results[1]["status"] == "accepted"


def test_the_terminal_refuses_to_queue_an_id_number_in_clear(tmp_path: Path) -> None:
    from sync.store import Store

    store = Store(tmp_path / "sync.sqlite3")
    try:
        with pytest.raises(ValueError, match="ID number"):
            store.enqueue("opinion", {"topic_id": "t1", "text": ID_IN_TEXT})
        assert store.enqueue("opinion", {"topic_id": "t1", "text": "more benches, please"})
        assert [item.body["text"] for item in store.due_items()] == ["more benches, please"]
    finally:
        store.engine.dispose()


# --- finding 11: content ids -----------------------------------------------------------------------


@pytest.mark.parametrize("content_id", ["../../x", "<x>", "Notices", "a/b", "x" * 65, "1abc", ""])
def test_one_id_rule_for_every_content_kind(hub: Hub, content_id: str) -> None:
    body = {"kind": "notices", "content": {"notices": []}, "id": content_id}
    response = hub.client.post("/api/v1/admin/content", json=body, headers=hub.auth())
    assert response.status_code == 422, response.text
    assert hub.admin("POST", "/content", {**body, "id": "lobby-notices_2"})["id"] == "lobby-notices_2"


# --- the fuzz: hostile YAML, JSON and workbooks against the upload routes ---------------------------


def _fuzz(real_hub: RealHub, console: SignedIn, examples: int) -> None:
    before = hostile.rss_bytes(real_hub.pid)
    report = run_fuzz(real_hub.base_url, real_hub.admin_token, console, examples)
    assert report.examples >= examples and not report.server_errors, report
    assert hostile.rss_bytes(real_hub.pid) - before < 100 * MIB, report


def test_fuzz_upload_routes_briefly(real_hub: RealHub, console: SignedIn) -> None:
    _fuzz(real_hub, console, 12)


@pytest.mark.long
def test_fuzz_upload_routes_long(real_hub: RealHub, console: SignedIn) -> None:
    _fuzz(real_hub, console, 400)
