"""API tokens expire (issue 16, finding 11): a default lifetime, ``--expires-days``, a clear 401 once expired."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from hub import cli
from hub.db import utcnow
from hub.models import ApiToken
from tests.hub.conftest import Hub


def _expire(hub: Hub, name: str) -> None:
    with hub.client.app.state.sessions() as session:  # type: ignore[attr-defined]
        row = session.scalar(select(ApiToken).where(ApiToken.name == name))
        assert row is not None
        row.expires_at = utcnow() - timedelta(seconds=1)
        session.commit()


def test_tokens_get_a_default_lifetime_and_expired_ones_are_refused(hub: Hub) -> None:
    made = hub.admin("POST", "/tokens", {"name": "counter-1", "role": "staff"})
    lifetime = made["expires_at"]
    assert lifetime is not None
    custom = hub.admin("POST", "/tokens", {"name": "counter-2", "role": "staff", "expires_days": 7})
    assert custom["expires_at"] < lifetime
    headers = {"Authorization": f"Bearer {made['token']}"}
    assert hub.client.get("/api/v1/admin/me", headers=headers).status_code == 200
    _expire(hub, "counter-1")
    refused = hub.client.get("/api/v1/admin/me", headers=headers)
    assert refused.status_code == 401 and refused.json()["error"] == "token_expired"


def test_cli_token_create_takes_expires_days(hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["token", "create", "--role", "viewer", "--name", "week", "--expires-days", "7",
                     "--db", hub.db_url, "--data-dir", str(tmp_path)]) == 0
    secret = capsys.readouterr().out.strip()
    me = hub.client.get("/api/v1/admin/me", headers={"Authorization": f"Bearer {secret}"}).json()
    days = (datetime.fromisoformat(me["expires_at"]) - utcnow()).total_seconds() / 86400
    assert 6.9 < days <= 7
    with pytest.raises(SystemExit) as bad:
        cli.main(["token", "create", "--role", "viewer", "--name", "x", "--expires-days", "0",
                  "--db", hub.db_url, "--data-dir", str(tmp_path)])
    assert bad.value.code == 2 and "--expires-days" in capsys.readouterr().err
