"""Issue 16, hostile input that costs nothing: each finding of the review, against a real hub.

Findings 1 (YAML alias bomb), 8 (spreadsheets), 9 (deep nesting), 10 (ID numbers in
free text) and 11 (content ids, the CLI's traceback). The module's hub is a real
``kiosk-hub serve`` process, so its resident memory can be read before and after.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import httpx
import pytest

from hub import hostile
from hub.testing import REPO_ROOT, create_token, serve_process
from tests.console.conftest import SignedIn, sign_in
from tests.hub.conftest import Hub, form_version

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
    with serve_process(data_dir, db_url, env={"KIOSK_HUB_CONSOLE_LOGIN_RATE": "100000"}) as (base_url, process):
        yield RealHub(base_url, process.pid, token)


@pytest.fixture
def console(real_hub: RealHub) -> Iterator[SignedIn]:
    with httpx.Client(base_url=real_hub.base_url, timeout=10, follow_redirects=False) as http:
        yield sign_in(http, real_hub.admin_token)


def _timed(call: object, *args: object, **kwargs: object) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    response = call(*args, **kwargs)  # type: ignore[operator]
    return response, time.monotonic() - start


# --- finding 1: the alias bomb ---------------------------------------------------------------------


def test_alias_bomb_in_the_notices_editor_is_refused_at_once(real_hub: RealHub, console: SignedIn) -> None:
    bomb = hostile.alias_bomb()
    assert len(bomb.encode()) < 400
    before = hostile.rss_bytes(real_hub.pid)
    response, took = _timed(console.post, "/console/content/notices", {"text": bomb, "action": "validate"})
    assert response.status_code == 422, response.text[:500]
    assert "aliases" in response.text or "anchors" in response.text
    assert took < 1.0
    assert httpx.get(f"{real_hub.base_url}/healthz", timeout=1).status_code == 200
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_alias_bomb_as_a_form_upload_is_refused_at_once(real_hub: RealHub, console: SignedIn) -> None:
    before = hostile.rss_bytes(real_hub.pid)
    response, took = _timed(console.http.post, "/console/forms/upload", data={"csrf": console.csrf},
                            files={"file": ("bomb.yaml", hostile.alias_bomb().encode(), "application/yaml")})
    assert response.status_code == 422, response.text[:500]
    assert "aliases" in response.text or "anchors" in response.text
    assert took < 1.0
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_api_content_past_the_node_bound_is_refused_before_parsing(real_hub: RealHub) -> None:
    """The API's JSON twin of the bomb: 600,000 values in 1.2 MB, refused with a code before anything walks it."""
    items = ",".join(["0"] * 600_000)
    body = f'{{"kind": "notices", "content": {{"notices": [{items}]}}}}'.encode()
    before = hostile.rss_bytes(real_hub.pid)
    response, took = _timed(httpx.post, f"{real_hub.base_url}/api/v1/admin/content/validate", content=body,
                            headers={"Authorization": f"Bearer {real_hub.admin_token}",
                                     "Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 422 and response.json()["error"] == "too_many_nodes", response.text
    assert took < 1.0
    assert hostile.rss_bytes(real_hub.pid) - before < 20 * MIB


def test_the_loader_refuses_aliases_anchors_depth_and_size() -> None:
    from kiosk import safe_load

    for text, code in ((hostile.alias_bomb(), "yaml_alias"), ("a: *x\n", "yaml_alias"),
                       ("a: &x 1\nb: 2\n", "yaml_alias"), ("[" * 10_000, "too_deep"),
                       ("- " * 40 + "x\n", "too_deep"), ("a: " + "1" * 5000 + "\n", "not_yaml")):
        with pytest.raises(safe_load.ContentError) as caught:
            safe_load.load_yaml(text)
        assert caught.value.code == code, (text[:40], caught.value)
    small = safe_load.Bounds(max_bytes=100, max_depth=3, max_nodes=5)
    for data, code in ((b"[" * 40 + b"]" * 40, "too_deep"), (b"[" + b"1," * 10 + b"1]", "too_many_nodes"),
                       (b'"' + b"x" * 200 + b'"', "too_large"), (b'{"a": 1,}', "not_json"), (b"\xff", "not_utf8")):
        with pytest.raises(safe_load.ContentError) as caught:
            safe_load.load_json(data, small)
        assert caught.value.code == code, (data[:40], caught.value)
    assert safe_load.load_json(b'{"a": "[[[[[[[[,,,,,,,,"}', small) == {"a": "[[[[[[[[,,,,,,,,"}
    assert safe_load.load_yaml("a: [1, 2]\nb: {c: d}\n", safe_load.Bounds(max_depth=2, max_nodes=9)) == {"a": [1, 2], "b": {"c": "d"}}


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


def test_a_row_of_two_million_cells_is_refused_in_well_under_a_second(real_hub: RealHub, console: SignedIn) -> None:
    data = hostile.wide_row_workbook(2_000_000)
    assert len(data) < 150_000
    before = hostile.rss_bytes(real_hub.pid)
    response, took = _timed(console.http.post, "/console/forms/upload", data={"csrf": console.csrf},
                            files={"file": ("wide.xlsx", data, "application/octet-stream")})
    assert response.status_code == 422, response.text[:500]
    assert "wide.xlsx" in response.text and "unpacks to 42000184 bytes" in response.text
    assert took < 0.5
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

    from kiosk.forms.xlsx import XlsxError, convert_xlsx

    sheet = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    cases = {
        "dimension": (hostile.workbook(sheet + b'<dimension ref="A1:C900000"/><sheetData/></worksheet>'),
                      "sheet 'survey': more than 3000 rows (it says 900000)"),
        "rows": (hostile.workbook(sheet + b"<sheetData>" + b"<row/>" * 3002 + b"</sheetData></worksheet>"),
                 "more than 3000 rows"),
        "not a zip": (b"PK\x03\x04 not really", "not an .xlsx workbook"),
        "wide row": (hostile.wide_row_workbook(2_000_000, b"<c/>"), "sheet 'survey' row 1: more than 1024 cells"),
    }
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/sharedStrings.xml", b" " * (17 * MIB))
    cases["zip bomb"] = (bomb.getvalue(), "unpacks to")
    for name, (data, words) in cases.items():
        path = tmp_path / f"{name.replace(' ', '_')}.xlsx"
        path.write_bytes(data)
        start = time.monotonic()
        with pytest.raises(XlsxError) as caught:
            convert_xlsx(path)
        assert words in str(caught.value), (name, caught.value)
        assert time.monotonic() - start < 0.5, name
