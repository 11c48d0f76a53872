"""Issue 16, findings 6 and 7, against a real ``kiosk-hub serve``: ``X-Forwarded-For`` is believed only from a
configured proxy (rate limits and the access log use the real address), and verification codes never reach
the access log."""

from __future__ import annotations

from pathlib import Path

import httpx

from hub.testing import create_token, free_port, serve_process
from tests.console.conftest import CSRF_RE

SECRET_CODE = "Zq8Secret4Code"


def _attempts(base_url: str, forwarded: list[str]) -> list[int]:
    """Wrong sign-ins, each claiming another address."""
    statuses = []
    with httpx.Client(base_url=base_url, timeout=30) as http:
        for address in forwarded:
            pre = CSRF_RE.search(http.get("/console/login").text)
            assert pre
            statuses.append(http.post("/console/login", data={"token": "khub_wrong", "csrf": pre.group(1)},
                                      headers={"X-Forwarded-For": address}).status_code)
        http.get(f"/api/v1/verify/C20261202AB?code={SECRET_CODE}", headers={"X-Forwarded-For": "203.0.113.9"})
    return statuses


def _run(tmp_path: Path, env: dict[str, str]) -> tuple[list[int], str]:
    data_dir = tmp_path / "hub"
    data_dir.mkdir(parents=True)
    db_url = f"sqlite:///{data_dir / 'hub.sqlite3'}"
    create_token(db_url, "admin", "admin")
    port = free_port()
    with serve_process(data_dir, db_url, port=port, access_log=True,
                       env={"KIOSK_HUB_CONSOLE_LOGIN_RATE": "3", **env}) as (base_url, _process):
        statuses = _attempts(base_url, [f"198.51.100.{i}" for i in range(1, 6)])
    return statuses, (data_dir / f"hub-{port}.log").read_text("utf-8", "replace")


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(tmp_path: Path) -> None:
    statuses, log = _run(tmp_path, {})
    assert statuses == [401, 401, 401, 429, 429]  # one address, whatever the header claims
    assert "198.51.100." not in log and "203.0.113.9" not in log and "127.0.0.1" in log
    assert "/api/v1/verify/C20261202AB" in log and SECRET_CODE not in log


def test_a_configured_proxy_is_believed(tmp_path: Path) -> None:
    statuses, log = _run(tmp_path, {"KIOSK_HUB_TRUSTED_PROXIES": "127.0.0.1"})
    assert statuses == [401] * 5  # five real clients behind the proxy, one attempt each
    assert "198.51.100.4" in log and "203.0.113.9" in log and SECRET_CODE not in log
