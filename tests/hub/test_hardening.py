"""Issue 16, findings 5 and 11: verify URLs never come from the Host header; no public API docs; the database
file is private; ``GET /`` leads a person to the console's sign-in."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.testing import REPO_ROOT, free_port
from tests.hub.conftest import Hub, make_hub
from tests.hub.test_cases import submit

CERT = {"title": "居住证明", "body": "兹证明李四同志居住在燕山社区。"}


@pytest.fixture
def bare_hub(tmp_path: Path) -> Iterator[Hub]:
    """A hub started with no public URL and no API docs (the defaults)."""
    yield from make_hub(tmp_path, public_url="")


def test_without_a_public_url_no_certificate_is_made_from_the_host_header(bare_hub: Hub) -> None:
    _sim, item = submit(bare_hub)
    sid = item["body"]["submission_id"]
    response = bare_hub.client.post(f"/api/v1/admin/cases/{sid}/status", headers={
        **bare_hub.auth("staff"), "Host": "verify.evil.example"}, json={"status": "approved", "certificate": CERT})
    assert response.status_code == 409 and response.json()["error"] == "public_url_unset"
    assert "evil" not in response.text
    assert bare_hub.admin("GET", f"/cases/{sid}")["status"] == "received"


def test_the_configured_public_url_wins_over_the_host_header(tmp_path: Path) -> None:
    for hub in make_hub(tmp_path, public_url="https://verify.example.cn"):
        _sim, item = submit(hub)
        response = hub.client.post(f"/api/v1/admin/cases/{item['body']['submission_id']}/status", headers={
            **hub.auth("staff"), "Host": "verify.evil.example"}, json={"status": "approved", "certificate": CERT})
        assert response.status_code == 200, response.text
        assert response.json()["certificate"]["verify_url"].startswith("https://verify.example.cn/api/v1/verify/")


def test_serving_beyond_loopback_needs_a_public_url(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "hub.cli", "serve", "--host", "0.0.0.0", "--port", str(free_port()),
                           "--data-dir", str(tmp_path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60,
                          check=False)
    assert done.returncode == 2 and "--public-url" in done.stderr


def test_api_docs_are_off_unless_asked_for(bare_hub: Hub, tmp_path: Path) -> None:
    for path in ("/docs", "/redoc", "/openapi.json"):
        assert bare_hub.client.get(path).status_code == 404, path
    for hub in make_hub(tmp_path / "docs", api_docs=True):
        assert hub.client.get("/openapi.json").status_code == 200


def test_root_leads_to_the_console_sign_in(bare_hub: Hub) -> None:
    response = bare_hub.client.get("/", follow_redirects=False)
    assert response.status_code in (302, 303, 307) and response.headers["location"] == "/console/login"
    assert bare_hub.client.get("/").status_code == 200  # the sign-in page itself


def test_database_file_and_data_dir_are_private(bare_hub: Hub) -> None:
    database = bare_hub.data_dir / "hub.sqlite3"
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(bare_hub.data_dir.stat().st_mode) == 0o700
    for extra in (bare_hub.data_dir / "hub.sqlite3-wal", bare_hub.data_dir / "hub.sqlite3-shm"):
        if extra.exists():
            assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra
