"""``kiosk-hub serve --workers N`` gives its workers time to start on a loaded machine (issue 17): uvicorn 0.55
kills a worker that does not answer its health ping within ``timeout_worker_healthcheck`` (5 s by default),
and on a busy two-core machine the workers were still importing then, killed and restarted without end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from hub import cli
from hub.config import API_DOCS_ENV, DATA_DIR_ENV, DB_URL_ENV, PUBLIC_URL_ENV, TRUSTED_PROXIES_ENV


def test_workers_get_a_minute_to_answer_the_health_ping(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (API_DOCS_ENV, DATA_DIR_ENV, DB_URL_ENV, PUBLIC_URL_ENV, TRUSTED_PROXIES_ENV):
        monkeypatch.setenv(name, "")  # serve sets them for its workers; restored after the test
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    calls: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append((app, options)))
    db = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    assert cli.main(["serve", "--host", "127.0.0.1", "--port", "8765", "--db", db, "--workers", "2"]) == 0
    [(app, options)] = calls
    assert app == "hub.app:app_from_env" and options["workers"] == 2
    assert options["timeout_worker_healthcheck"] == cli.WORKER_HEALTHCHECK_S >= 30
