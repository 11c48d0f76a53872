"""The fleet page is paginated (issue 17): a page's work does not grow with the fleet, filters carry over."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from contract import crypto
from hub.app import create_app
from hub.config import HubConfig
from hub.console.pages_fleet import PAGE_SIZE
from hub.db import utcnow
from hub.models import Terminal
from hub.testing import count_statements, create_token

FLEET = 2 * PAGE_SIZE + 30


@pytest.fixture
def console(tmp_path: Path) -> Iterator[TestClient]:
    db_url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    app = create_app(HubConfig(data_dir=tmp_path, db_url=db_url))
    now = utcnow()
    key = crypto.public_bytes(crypto.new_signing_key())
    with app.state.engine.begin() as conn:
        conn.execute(insert(Terminal), [
            {"id": f"t-{n:04d}", "terminal_no": n + 1, "district": f"区{n % 2}", "community": f"社区{n % 3}",
             "hostname": f"k{n}", "public_key": key, "otp_secret": "x" * 32, "enrolled_at": now - timedelta(days=1),
             "last_heartbeat_at": now, "heartbeat": {"app_version": "0.1.0", "bundle_version": n % 2}}  # odd: a version never issued
            for n in range(FLEET)])
    token = create_token(db_url, "viewer", "pages")
    with TestClient(app) as client:
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/console/login").text)
        assert csrf
        client.post("/console/login", data={"token": token, "csrf": csrf.group(1)})
        yield client
    app.state.engine.dispose()


def rows(html: str) -> list[str]:
    return re.findall(r'<tr data-terminal="([^"]+)"', html)


def test_the_fleet_comes_a_page_at_a_time_in_number_order(console: TestClient) -> None:
    first = console.get("/console/fleet")
    assert rows(first.text) == [f"t-{n:04d}" for n in range(PAGE_SIZE)]
    assert 'id="page-next"' in first.text and 'id="page-previous"' not in first.text
    assert f"第 1–{PAGE_SIZE} 台，共 {FLEET} 台" in first.text
    last = console.get("/console/fleet?page=3")
    assert rows(last.text) == [f"t-{n:04d}" for n in range(2 * PAGE_SIZE, FLEET)]
    assert 'id="page-next"' not in last.text and 'href="/console/fleet?page=2"' in last.text
    assert rows(console.get("/console/fleet?page=99").text) == rows(last.text)  # past the end: the last page
    assert rows(console.get("/console/fleet?page=-4").text) == rows(first.text)


def test_filters_carry_over_to_the_other_pages_and_small_fleets_have_no_pager(console: TestClient) -> None:
    page = console.get("/console/fleet", params={"district": "区0"})
    assert len(rows(page.text)) == PAGE_SIZE
    assert "/console/fleet?district=%E5%8C%BA0&amp;page=2" in page.text
    console.get("/console/lang", params={"to": "en_US"})
    english = console.get("/console/fleet", params={"district": "区0", "page": 2})
    assert len(rows(english.text)) == FLEET // 2 - PAGE_SIZE
    assert f"Terminals {PAGE_SIZE + 1}–{FLEET // 2} of {FLEET // 2}" in english.text and "Previous page" in english.text
    small = console.get("/console/fleet", params={"community": "社区1", "district": "区1"})
    assert 0 < len(rows(small.text)) < PAGE_SIZE and 'id="fleet-pages"' not in small.text


def test_a_page_costs_the_same_statements_on_any_page(console: TestClient) -> None:
    """Half the fleet reports a bundle version the hub never issued: looked up once for the page, not per row."""
    engine = console.app.state.engine  # type: ignore[attr-defined]
    counts = []
    for page in (1, 3):
        with count_statements(engine) as sql:
            assert console.get(f"/console/fleet?page={page}").status_code == 200
        counts.append(len(sql))
    assert counts[0] == counts[1] < 20
